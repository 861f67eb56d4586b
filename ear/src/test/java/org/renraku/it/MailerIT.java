package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJB;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.mail.boundary.Mailer;
import org.renraku.members.entity.EmailAddress;

/**
 * A mail sent through the application's mail resource reaches a real SMTP server (GreenMail, started by
 * bin/infra) and is read back over IMAP, Japanese subject and body intact.
 */
@ExtendWith(ArquillianExtension.class)
class MailerIT {

    private static final String SUBJECT = "【臨時休校】台風接近のため明日は休校です🌀";
    private static final String BODY = "保護者の皆様\n\n台風10号の接近に伴い、明日11月28日(金)は臨時休校といたします。\n"
            + "お子様の安全確保をお願いいたします。\n\nさくら小学校 教頭 髙﨑";

    @EJB
    Mailer mailer;

    @Test
    void mailShouldArriveAtTheSmtpServerAndBeReadableOverImap() throws Exception {
        String to = "parent-" + UUID.randomUUID().toString().substring(0, 8) + "@renraku.test";

        String messageId = mailer.send(EmailAddress.of(to), SUBJECT, BODY);

        Message received = awaitMessage(to, Duration.ofSeconds(20));
        assertThat(received).as("a mail in the IMAP inbox of %s", to).isNotNull();
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(((String) received.getContent()).replace("\r\n", "\n").strip()).isEqualTo(BODY);
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo("noreply@renraku.test");
        assertThat(received.getHeader("Message-ID")).containsExactly(messageId);
        assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
    }

    private static Message awaitMessage(String user, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", System.getProperty("renraku.imap.port", "3143"));
        Session session = Session.getInstance(props);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Store store = session.getStore("imap")) {
                store.connect(user, user); // GreenMail runs with authentication disabled
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    if (inbox.getMessageCount() > 0) {
                        Message message = inbox.getMessage(1);
                        // read everything we assert on while the folder is open
                        message.getContent();
                        return new jakarta.mail.internet.MimeMessage((jakarta.mail.internet.MimeMessage) message);
                    }
                } finally {
                    inbox.close(false);
                }
            }
            Thread.sleep(250);
        }
        return null;
    }
}
