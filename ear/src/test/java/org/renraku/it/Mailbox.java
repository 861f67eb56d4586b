package org.renraku.it;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the mail the application sent, which GreenMail (the outbound relay started by bin/infra) keeps per
 * recipient, over IMAP as MailerIT does; and sends mail to the application as the Internet does: over SMTP to the
 * test MX, a private Postfix (bin/mailpath), which delivers every address of the join domain and of the bounce
 * domain over LMTP into Dovecot, where the application reads it (catch-all join mailbox, bounce mailbox).
 */
public final class Mailbox {

    /** A received mail: what the tests look at. */
    public record Mail(String subject, String text) {

        /** The token of the first link to {@code page} (e.g. {@code /reset.xhtml}) in the text. */
        public String token(String page) {
            Matcher m = Pattern.compile(Pattern.quote(page) + "\\?token=([A-Za-z0-9_-]+)").matcher(text);
            if (!m.find()) {
                throw new AssertionError("No link to " + page + " in the mail '" + subject + "':\n" + text);
            }
            return m.group(1);
        }
    }

    private Mailbox() {
    }

    /** A session for GreenMail's IMAP (authentication disabled: any address logs in with itself). */
    public static Session imap() {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", System.getProperty("renraku.imap.port", "3143"));
        return Session.getInstance(props);
    }

    /**
     * A session for the test MX (Postfix of bin/mailpath): mail TO the application. It takes mail for the join
     * domain and the bounce domain only ("Relay access denied" for any other recipient).
     */
    public static Session mta() {
        return mta(null);
    }

    /** {@link #mta()} with this envelope sender ({@code ""}: the null sender {@code MAIL FROM:<>} of a bounce). */
    private static Session mta(String envelopeFrom) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", mtaPort());
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "60000");
        if (envelopeFrom != null) {
            // SMTPTransport sends mail.smtp.from as it is when it is in angle brackets: "<>" is the null sender
            props.put("mail.smtp.from", "<" + envelopeFrom + ">");
        }
        return Session.getInstance(props);
    }

    /** The port of the test MX: from the failsafe system property (client side) or the environment (in Payara). */
    static String mtaPort() {
        return System.getProperty("renraku.mta.port", System.getenv().getOrDefault("RENRAKU_MTA_PORT", "3525"));
    }

    /** A session for GreenMail's SMTP: the application's outbound relay, not a way into the application. */
    public static Session smtp() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", System.getProperty("renraku.smtp.port", "3025"));
        return Session.getInstance(props);
    }

    /** Every mail in the address's inbox now, oldest first. */
    public static List<Mail> read(String address) throws MessagingException, IOException {
        List<Mail> mails = new ArrayList<>();
        try (Store store = imap().getStore("imap")) {
            store.connect(address, address); // GreenMail runs with authentication disabled
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    String text = text(message);
                    mails.add(new Mail(message.getSubject(), text == null ? "" : text.replace("\r\n", "\n")));
                }
            } finally {
                inbox.close(false);
            }
        }
        return mails;
    }

    /** The text of a mail: its body, or the first text/plain part of a multipart one (a broadcast with HTML). */
    private static String text(jakarta.mail.Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
            return null;
        }
        return content instanceof String text && (part instanceof Message || part.isMimeType("text/plain")) ? text
                : null;
    }

    /** Waits for a mail whose subject contains {@code subjectPart} and that is not among {@code seen}. */
    public static Mail await(String address, String subjectPart, int alreadySeen, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Mail> mails = read(address);
            Optional<Mail> found = mails.stream().skip(alreadySeen).filter(m -> m.subject().contains(subjectPart))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No mail '" + subjectPart + "' for " + address + " within " + timeout
                + "; inbox: " + read(address).stream().map(Mail::subject).toList());
    }

    public static Mail await(String address, String subjectPart) throws Exception {
        return await(address, subjectPart, 0, Duration.ofSeconds(20));
    }

    /**
     * Sends a mail to the application through the test MX, as a parent's phone would (envelope sender = From,
     * envelope recipient = To); returns its Message-ID.
     */
    public static String send(String from, String to, String subject, String text, Map<String, String> headers)
            throws MessagingException {
        MimeMessage message = new MimeMessage(mta());
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        for (var header : headers.entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.saveChanges();
        Transport.send(message);
        return message.getMessageID();
    }

    /**
     * Sends the bytes of a mail as they are (no header added, nothing re-encoded; only dot-stuffed and with CRLF
     * line ends, as SMTP wants) through the test MX, with this envelope: {@code envelopeFrom} {@code ""} is the null
     * sender {@code MAIL FROM:<>} of every real bounce. For hostile and malformed mail, which a MimeMessage
     * would repair on its way out. Fails when the MX refuses the mail.
     */
    public static void sendRaw(String envelopeFrom, String recipient, byte[] rfc822) throws MessagingException {
        Session session = mta(envelopeFrom);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(envelopeFrom + recipient)) {
            session.getProperties().put("mail.mime.allowutf8", "true"); // RFC 6531: SMTPUTF8 on MAIL FROM
        }
        MimeMessage raw = new MimeMessage(session) {
            @Override
            public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
                out.write(rfc822);
            }
        };
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(raw, new jakarta.mail.Address[] {new InternetAddress(recipient, false)});
        }
    }
}
