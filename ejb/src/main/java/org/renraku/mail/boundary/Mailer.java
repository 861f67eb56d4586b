package org.renraku.mail.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.renraku.mail.control.SmtpConnections;
import org.renraku.members.entity.EmailAddress;

/**
 * Sends single transactional mails (registration links, password resets, notices) through the
 * application's mail resource, {@code java:app/mail/renraku}, which ops point at their relay, over a kept-open
 * connection ({@link SmtpConnections}, which also resolves the resource's settings). Mass delivery of broadcasts is a batch job of its own and does not go
 * through here.
 */
@Stateless
public class Mailer {

    @Inject
    SmtpConnections connections;

    /**
     * Sends a UTF-8 plain-text mail and returns its Message-ID.
     *
     * @throws MailNotSent with the server's reason when the relay refuses or cannot be reached
     */
    public String send(@NotNull EmailAddress to, @NotBlank String subject, @NotBlank String text) throws MailNotSent {
        try {
            InternetAddress recipient = recipient(to);
            MimeMessage message = compose(recipient, subject, text);
            connections.send(message, new Address[] {recipient});
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new MailNotSent(to, e);
        }
    }

    /**
     * Composes a mail and throws it away: the first mail composed pays for one-time initialisations (Jakarta
     * Activation's registry of content handlers, charset encoders: about a second on a busy machine), which
     * otherwise delay the first replies after a start.
     */
    public void warmUp() {
        try {
            compose(recipient(EmailAddress.of("warm-up@renraku.invalid")), "warm-up", "warm-up");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The recipient as written. Neither InternetAddress's parsing constructor nor the To header parsed again
     * (Transport.send(message), getRecipients): both refuse legacy carrier addresses (taro..yamada.@docomo.ne.jp)
     * that EmailAddress accepts.
     */
    private static InternetAddress recipient(EmailAddress to) {
        InternetAddress recipient = new InternetAddress();
        recipient.setAddress(to.value());
        return recipient;
    }

    private MimeMessage compose(InternetAddress recipient, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(connections.session());
        message.setFrom();
        message.setRecipient(Message.RecipientType.TO, recipient);
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        return message;
    }
}
