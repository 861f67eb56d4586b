package org.renraku.inbound.control;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
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
    /**
     * An address in a header value. A local part is only tried from its first character (the look-behind) and
     * never backtracked into (possessive): a huge header of address characters without an "@" is read once, not
     * once per character.
     */
    private static final Pattern ADDRESS = Pattern.compile("(?<![A-Za-z0-9._+-])([A-Za-z0-9._+-]++)@([A-Za-z0-9.-]++)");

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
        return recipientLocalPart(message, joinDomain, local -> Network.isValidSlug(slugOf(local)));
    }

    /**
     * The local part (lower case, "+detail" included) of the first recipient in {@code domain} that {@code accepted}
     * takes, looked for in the recipient headers in the order above: the envelope recipient the delivering server
     * wrote (the topmost Delivered-To first: a sender's own Delivered-To lines come below it), then To and Cc. The
     * bounce mailbox reads its {@code mailto:} unsubscribe address this way too.
     */
    public static Optional<String> recipientLocalPart(MimeMessage message, String domain, Predicate<String> accepted)
            throws MessagingException {
        String wanted = domain.toLowerCase(Locale.ROOT);
        for (String name : RECIPIENT_HEADERS) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Matcher m = ADDRESS.matcher(value);
                while (m.find()) {
                    if (m.group(2).toLowerCase(Locale.ROOT).equals(wanted)) {
                        String local = m.group(1).toLowerCase(Locale.ROOT);
                        if (accepted.test(local)) {
                            return Optional.of(local);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
