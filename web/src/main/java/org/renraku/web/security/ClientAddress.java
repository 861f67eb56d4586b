package org.renraku.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The address a request came from, for throttling and the audit log: the connection's peer address, unless that
 * peer is one of the configured reverse proxies ({@code renraku.trusted-proxies}: IP addresses and CIDR ranges,
 * comma-separated; none by default). Only then does {@code X-Forwarded-For} count, read from the right: the first
 * address that is not itself a trusted proxy is the client (anything further left was written by the client and
 * proves nothing). A header from anyone else is ignored, so a stranger cannot pose as another address to throttle
 * it, or hide behind made-up ones.
 */
public final class ClientAddress {

    /** Configuration key of the trusted proxies ({@code RENRAKU_TRUSTED_PROXIES}). */
    public static final String TRUSTED_PROXIES = "renraku.trusted-proxies";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String trusted = ConfigProvider.getConfig().getOptionalValue(TRUSTED_PROXIES, String.class).orElse("");
        return of(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For") == null ? List.of()
                : java.util.Collections.list(request.getHeaders("X-Forwarded-For")), trusted);
    }

    /**
     * @param peer           the connection's peer address
     * @param forwardedFor   the values of every X-Forwarded-For header, in order
     * @param trustedProxies the configured proxies (addresses and CIDR ranges, comma-separated), may be empty
     */
    static String of(String peer, List<String> forwardedFor, String trustedProxies) {
        if (peer == null || peer.isBlank()) {
            return "unknown";
        }
        List<Range> proxies = Range.parseAll(trustedProxies);
        if (proxies.isEmpty() || !isTrusted(peer, proxies)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                return peer; // a malformed hop: nothing left of it can be trusted
            }
            if (!isTrusted(hop.get(), proxies)) {
                return hop.get().getHostAddress();
            }
        }
        return peer;
    }

    private static boolean isTrusted(String address, List<Range> proxies) {
        return literal(address).map(a -> isTrusted(a, proxies)).orElse(false);
    }

    private static boolean isTrusted(InetAddress address, List<Range> proxies) {
        return proxies.stream().anyMatch(range -> range.contains(address));
    }

    /** The address written as an IP literal; never a name lookup. */
    static Optional<InetAddress> literal(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.length() > 45 || !(IPV4.matcher(t).matches() || IPV6.matcher(t).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address or a CIDR range of the configuration. */
    record Range(byte[] network, int prefix) {

        static List<Range> parseAll(String configured) {
            List<Range> ranges = new ArrayList<>();
            for (String entry : configured == null ? new String[0] : configured.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                ranges.add(parse(entry.strip()));
            }
            return ranges;
        }

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address).map(InetAddress::getAddress).orElseThrow(() ->
                    new IllegalArgumentException(TRUSTED_PROXIES + ": not an IP address or CIDR range: " + entry));
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(TRUSTED_PROXIES + ": bad prefix length in " + entry, e);
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException(TRUSTED_PROXIES + ": bad prefix length in " + entry);
                }
            }
            return new Range(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int shift = bytes.length * 8 - prefix;
            return new BigInteger(1, bytes).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
