package org.renraku.inbound.control;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.renraku.networks.entity.Network;

/**
 * Which network a mail in the catch-all mailbox of the join domain was for: the slug is the local part of the
 * first recipient in the join domain, looked for where mail servers put the envelope recipient first
 * (Delivered-To, X-Original-To, Envelope-To) and then in To and Cc. A "+detail" is ignored.
 */
public final class JoinAddresses {

    private static final String[] RECIPIENT_HEADERS = {"Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"};
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._+-]+)@([A-Za-z0-9.-]+)");

    private JoinAddresses() {
    }

    /** The network's slug of a local part: what comes before a "+". */
    public static String slugOf(String localPart) {
        int plus = localPart.indexOf('+');
        return plus > 0 ? localPart.substring(0, plus) : localPart;
    }

    /** The "+detail" of a local part without the "+", or empty. */
    public static Optional<String> detailOf(String localPart) {
        int plus = localPart == null ? -1 : localPart.indexOf('+');
        return plus > 0 && plus < localPart.length() - 1 ? Optional.of(localPart.substring(plus + 1))
                : Optional.empty();
    }

    public static String address(String slug, String joinDomain) {
        return slug + "@" + joinDomain;
    }

    public static Optional<String> slug(MimeMessage message, String joinDomain) throws MessagingException {
        return localPart(message, joinDomain).map(JoinAddresses::slugOf);
    }

    /**
     * The whole local part ({@code slug} or {@code slug+detail}, lower case) of the first recipient in the join
     * domain whose slug is valid: the posting address ({@code slug+post-<secret>}) keeps its detail.
     */
    public static Optional<String> localPart(MimeMessage message, String joinDomain) throws MessagingException {
        String domain = joinDomain.toLowerCase(Locale.ROOT);
        for (String name : RECIPIENT_HEADERS) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Matcher m = ADDRESS.matcher(value);
                while (m.find()) {
                    if (m.group(2).toLowerCase(Locale.ROOT).equals(domain)) {
                        String local = m.group(1).toLowerCase(Locale.ROOT);
                        if (Network.isValidSlug(slugOf(local))) {
                            return Optional.of(local);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
