package org.renraku.bounces.control;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.renraku.inbound.control.JoinAddresses;

/**
 * A mail of the bounce mailbox sent to the {@code mailto:} address of a broadcast's {@code List-Unsubscribe}
 * ({@code <unsubscribe mailbox>+<token>@<bounce domain>}, RFC 2369): what an iPhone's or a webmail's
 * "unsubscribe" sends. It is recognised by its envelope recipient only — the first recipient in the bounce domain,
 * read as the join mailbox reads its catch-all ({@link JoinAddresses#recipientLocalPart}: Delivered-To first) —
 * never by its From, subject or body, and it is never classified as a bounce. The token it carries is not
 * verified here: pass it to {@code DeliveryToken.parse} with purpose UNSUBSCRIBE (the HMAC is the only proof).
 *
 * @param token the "+detail" of the address (lower case, unverified), empty when the mail was sent to the bare
 *              unsubscribe mailbox
 */
public record MailtoUnsubscribe(Optional<String> token) {

    private static final Session SESSION = Session.getInstance(new Properties());

    public MailtoUnsubscribe {
        token = token == null ? Optional.empty() : token;
    }

    /**
     * The unsubscribe request of a raw mail whose envelope recipient is the unsubscribe mailbox ({@code mailbox},
     * compared without case) at {@code bounceDomain}; empty for every other mail (a bounce, a complaint, junk:
     * the bounce intake handles those). Never throws: a mail whose headers cannot be read is no unsubscribe.
     */
    public static Optional<MailtoUnsubscribe> of(byte[] raw, String mailbox, String bounceDomain) {
        if (raw == null || mailbox == null || mailbox.isBlank() || bounceDomain == null || bounceDomain.isBlank()) {
            return Optional.empty();
        }
        String box = mailbox.strip().toLowerCase(Locale.ROOT);
        try {
            // a shared stream: the headers are parsed, the body is not copied
            MimeMessage message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw));
            return JoinAddresses.recipientLocalPart(message, bounceDomain.strip(), local -> true)
                    .filter(local -> JoinAddresses.slugOf(local).equals(box))
                    .map(local -> new MailtoUnsubscribe(JoinAddresses.detailOf(local)));
        } catch (MessagingException | RuntimeException e) {
            // headers that cannot be read: the intake's classifier quarantines such a mail with its reason
            return Optional.empty();
        }
    }
}
