package org.renraku.bounces.control;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What some reporting systems mean by their own fields and habits: PowerMTA's bounce categories, Yahoo! quoting
 * the RCPT reply, Google Groups refusing a post. The message tables of the MTA families are in
 * {@link ReporterLayouts}.
 */
final class Reporters {

    /** PowerMTA's bounce categories (the X-PowerMTA-BounceCategory field of its DSNs). */
    private static final Map<String, String> POWERMTA = Map.of(
            "bad-domain", "hostunknown",
            "bad-mailbox", "userunknown",
            "inactive-mailbox", "suspend",
            "message-expired", "expired",
            "no-answer-from-host", "networkerror",
            "policy-related", "policyviolation",
            "quota-issues", "mailboxfull",
            "routing-errors", "systemerror",
            "spam-related", "spamdetected");

    private Reporters() {
    }

    /** The reason of a PowerMTA bounce category, if known. */
    static Optional<String> powerMtaCategory(String category) {
        return Optional.ofNullable(category == null ? null : POWERMTA.get(category.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * Yahoo! Mail quotes the remote reply; a reply naming the recipient in angle brackets answered RCPT TO.
     */
    static boolean rcptByQuotedRecipient(MimeMessage message, String diagnostic) {
        return header(message, "X-YMailISG") != null && Pattern.compile("<[^<>@\\s]+@[^<>\\s]+>").matcher(diagnostic).find();
    }

    /**
     * Google Groups answers a post it refuses (no such group, or no permission to post) in the poster's language
     * from Gmail's mailer-daemon: the sender was refused, not the address.
     */
    static boolean groupRefusal(MimeMessage message, String recipient) {
        String from = header(message, "From");
        return from != null && from.toLowerCase(Locale.ROOT).contains("mailer-daemon@googlemail.com")
                && recipient.endsWith("@googlegroups.com");
    }

    private static String header(MimeMessage message, String name) {
        try {
            String[] v = message.getHeader(name);
            return v == null || v.length == 0 ? null : v[0];
        } catch (MessagingException e) {
            return null;
        }
    }
}
