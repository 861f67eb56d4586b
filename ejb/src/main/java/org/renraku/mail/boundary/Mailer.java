package org.renraku.mail.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
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
 * connection ({@link SmtpConnections}). Mass delivery of broadcasts is a batch job of its own and does not go
 * through here.
 */
@Stateless
public class Mailer {

    @Resource(lookup = "java:app/mail/renraku")
    Session session;

    @Inject
    SmtpConnections connections;

    /**
     * Sends a UTF-8 plain-text mail and returns its Message-ID.
     *
     * @throws MailNotSent with the server's reason when the relay refuses or cannot be reached
     */
    public String send(@NotNull EmailAddress to, @NotBlank String subject, @NotBlank String text) throws MailNotSent {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom();
            // Neither the parsing constructor nor sending to message.getAllRecipients(), which parses the To
            // header again: both refuse legacy carrier addresses (taro..yamada.@docomo.ne.jp) that EmailAddress accepts.
            InternetAddress recipient = new InternetAddress();
            recipient.setAddress(to.value());
            message.setRecipient(Message.RecipientType.TO, recipient);
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.saveChanges();
            connections.send(message, new Address[] {recipient});
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new MailNotSent(to, e);
        }
    }
}
