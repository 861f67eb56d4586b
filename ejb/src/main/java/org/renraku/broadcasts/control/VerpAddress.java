package org.renraku.broadcasts.control;

import java.util.Locale;
import java.util.Optional;

/**
 * The VERP envelope sender of a broadcast message, {@code <prefix>+<token>@<bounce-domain>} (e.g.
 * {@code bounce+1b-2s-abcdefghijklmnop@bounce.renraku.example}): a bounce comes back to that address, and the
 * token in it names the delivery, so no bounce has to be parsed to know whom it is about.
 */
public final class VerpAddress {

    private VerpAddress() {
    }

    public static String of(String prefix, String token, String bounceDomain) {
        return prefix + "+" + token + "@" + bounceDomain;
    }

    /**
     * The token of a VERP address with that prefix and domain (both compared case-insensitively), unverified:
     * pass it to {@link DeliveryToken#parse}.
     */
    public static Optional<String> tokenOf(String address, String prefix, String bounceDomain) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equalsIgnoreCase(bounceDomain)) {
            return Optional.empty();
        }
        String local = a.substring(0, at);
        String start = prefix.toLowerCase(Locale.ROOT) + "+";
        if (!local.toLowerCase(Locale.ROOT).startsWith(start) || local.length() == start.length()) {
            return Optional.empty();
        }
        return Optional.of(local.substring(start.length()));
    }
}
