package org.renraku.bounces.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * What some reporting systems mean by their own fixed wording. A reporter is recognised by a header it always
 * adds to its bounces; its messages then name the reason more exactly than the generic patterns can (e.g. the
 * "Mailbox does not exist" of an Amazon SES receipt rule is a rule's refusal, not a dead address).
 */
final class Reporters {

    private record Reporter(String header, String headerContains, Map<String, Pattern> messages) {
    }

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static final Map<String, Pattern> OUTLOOK = Map.of(
            "hostunknown", p("The mail could not be delivered to the recipient because the domain is not reachable"),
            "userunknown", p("Requested action not taken: mailbox unavailable"));

    private static final List<Reporter> REPORTERS = List.of(
            // Amazon SES receiving: the bounce actions of receipt rule sets
            new Reporter("X-SES-Outgoing", "", Map.of(
                    "filtered", p("Mailbox does not exist"),
                    "mesgtoobig", p("Message too large"),
                    "mailboxfull", p("Mailbox full"),
                    "contenterror", p("Message content rejected"))),
            // McAfee Email Gateway
            new Reporter("X-NAI-Header", "McAfee", Map.of(
                    "userunknown", p(" User \\(.+@.+\\) unknown\\. |550 Unknown user \\S+@\\S+|550 <.+?@.+?>\\.+ User not exist"
                            + "|No such user|\\(Unknown user \\S+@\\S+\\)"))),
            // Outlook.com (Hotmail): its own header, or its postmaster as the sender
            new Reporter("X-Message-Delivery", "", OUTLOOK),
            new Reporter("From", "postmaster@hotmail.com", OUTLOOK));

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

    /** The reason the reporting system's own wording gives, if the bounce comes from a known reporter. */
    static Optional<String> reason(MimeMessage message, String diagnostic) {
        for (Reporter r : REPORTERS) {
            String value = header(message, r.header());
            if (value == null || !value.toLowerCase(Locale.ROOT).contains(r.headerContains().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (Map.Entry<String, Pattern> e : r.messages().entrySet()) {
                if (e.getValue().matcher(diagnostic).find()) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
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
