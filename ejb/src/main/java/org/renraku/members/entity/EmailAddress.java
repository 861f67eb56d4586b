package org.renraku.members.entity;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A member's or admin's mail address, normalised to lower case.
 * <p>
 * Deliberately more lenient than RFC 5322 in the local part: legacy Japanese phone addresses such as
 * {@code taro..yamada.@docomo.ne.jp} (consecutive dots, a dot before {@code @}) are real, still in use,
 * and are delivered by the carriers; refusing them would lock those parents out. A quoted local part
 * ({@code "taro yamada"@example.jp}, RFC 5321 Quoted-string: printable ASCII and space, {@code \} quoting one
 * character) is accepted as written; quotes around a local part that needs none are dropped ({@code "taro"@x}
 * is {@code taro@x}). The domain must be a syntactically valid host name with at least one dot; an
 * internationalised domain ({@code user@例え.jp}, RFC 6531) is stored as its A-label
 * ({@code user@xn--r8jz45g.jp}, {@link IDN#toASCII}), the form every SMTP server takes. A local part in
 * UTF-8 is refused: it needs SMTPUTF8 at every hop and cannot be written in ASCII. Addresses are compared in
 * lower case: the carriers and the large mailbox providers treat them case-insensitively, and a parent who types
 * {@code Taro@...} once and {@code taro@...} later must stay one member.
 */
public record EmailAddress(String value) {

    /** Printable ASCII except the specials that cannot appear unquoted; dots may repeat or end the part. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    /** RFC 5321 Quoted-string: qtextSMTP (%d32-33, %d35-91, %d93-126) or a quoted-pairSMTP ({@code \} %d32-126). */
    private static final Pattern QUOTED = Pattern.compile("\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public EmailAddress {
        value = normalise(value);
    }

    public static EmailAddress of(String raw) {
        return new EmailAddress(raw);
    }

    public static boolean isValid(String raw) {
        try {
            normalise(raw);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    private static String normalise(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("A mail address is required");
        }
        String s = raw.strip();
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        String local = local(s.substring(0, at), raw);
        String domain = domain(s.substring(at + 1), raw);
        String address = local + "@" + domain;
        if (address.length() > 254) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        return address;
    }

    private static String local(String part, String raw) {
        String local = part.toLowerCase(Locale.ROOT);
        if (LOCAL.matcher(local).matches()) {
            return local;
        }
        if (local.length() <= 64 && QUOTED.matcher(local).matches()) {
            String inner = local.substring(1, local.length() - 1);
            // quotes around what needs none are no part of the address: "taro"@x is taro@x
            return !inner.isEmpty() && inner.indexOf('\\') < 0 && LOCAL.matcher(inner).matches() ? inner : local;
        }
        throw new IllegalArgumentException("Not a mail address: " + raw);
    }

    private static String domain(String part, String raw) {
        String domain;
        if (part.chars().allMatch(c -> c < 0x80)) {
            domain = part;
        } else {
            try {
                domain = IDN.toASCII(part, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not a mail address: " + raw);
            }
        }
        domain = domain.toLowerCase(Locale.ROOT);
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 || domain.length() > 253) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("Not a mail address: " + raw);
            }
        }
        return domain;
    }

    @Override
    public String toString() {
        return value;
    }
}
