package org.renraku.mail.boundary;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.renraku.mail.control.MailSessions;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.renraku.members.entity.EmailAddress;

/**
 * Sends single transactional mails (registration links, password resets, notices) through the
 * application's mail resource, {@code java:app/mail/renraku}, which ops point at their relay. Mass
 * delivery of broadcasts is a batch job of its own and does not go through here.
 */
@Stateless
public class Mailer {

    @Resource(lookup = "java:app/mail/renraku")
    Session session;

    /**
     * Sends a UTF-8 plain-text mail and returns its Message-ID.
     *
     * @throws MailNotSent with the server's reason when the relay refuses or cannot be reached
     */
    public String send(@NotNull EmailAddress to, @NotBlank String subject, @NotBlank String text) throws MailNotSent {
        try {
            MimeMessage message = new MimeMessage(MailSessions.resolved(session));
            message.setFrom();
            // Neither the parsing constructor nor Transport.send(message), which parses the To header again:
            // both refuse legacy carrier addresses (taro..yamada.@docomo.ne.jp) that EmailAddress accepts.
            InternetAddress recipient = new InternetAddress();
            recipient.setAddress(to.value());
            message.setRecipient(Message.RecipientType.TO, recipient);
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.saveChanges();
            Transport.send(message, new Address[] {recipient});
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new MailNotSent(to, e);
        }
    }
}
