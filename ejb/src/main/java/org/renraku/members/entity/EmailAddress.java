package org.renraku.members.entity;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A member's or admin's mail address, normalised to lower case.
 * <p>
 * Deliberately more lenient than RFC 5322 in the local part: legacy Japanese phone addresses such as
 * {@code taro..yamada.@docomo.ne.jp} (consecutive dots, a dot before {@code @}) are real, still in use,
 * and are delivered by the carriers; refusing them would lock those parents out. The domain must be a
 * syntactically valid host name with at least one dot. Addresses are compared in lower case: the
 * carriers and the large mailbox providers treat them case-insensitively, and a parent who types
 * {@code Taro@...} once and {@code taro@...} later must stay one member.
 */
public record EmailAddress(String value) {

    /** Printable ASCII except the specials that cannot appear unquoted; dots may repeat or end the part. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
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
        String s = raw.strip().toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1 || s.length() > 254) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (!LOCAL.matcher(local).matches()) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw new IllegalArgumentException("Not a mail address: " + raw);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("Not a mail address: " + raw);
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return value;
    }
}
