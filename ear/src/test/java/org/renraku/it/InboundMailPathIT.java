package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.HeaderTerm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.VerpAddress;
import org.renraku.platform.batch.Jobs;

/**
 * The inbound mail path of the tests is the deployment's (bin/mailpath): mail to the application goes over SMTP to
 * a private Postfix, which takes only the join domain and the bounce domain, and delivers over LMTP into Dovecot,
 * which writes Return-Path (the envelope sender, {@code <>} for a bounce) and Delivered-To (the envelope
 * recipient); the application reads the join domain's catch-all mailbox and the bounce mailbox there, and its own
 * mail leaves through the outbound relay (GreenMail), where the tests read it.
 */
@ExtendWith(ArquillianExtension.class)
class InboundMailPathIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    ComposerSettings composer;

    @Inject
    Jobs jobs;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    @Test
    void aBounceWithTheNullSenderShouldReachTheBounceMailboxWithAnEmptyReturnPathAndSuspendTheMember() throws Exception {
        long network = fixtures.network();
        String gone = Fixtures.unique("path") + ".gone@example.jp";
        long member = sql.member(network, "不明 太郎", gone, "OTHER", "ACTIVE");
        sql.update("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (?, '台風のお知らせ', '本文', 'SENT', NOW(3), NOW(3))", network);
        long broadcast = Long.parseLong(sql.row("SELECT MAX(id) FROM broadcasts WHERE network_id = ?", network).get(0));
        sql.update("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'OTHER', 'SENT', NOW(3), NOW(3))", broadcast, member, gone);
        String verp = VerpAddress.of(composer.settings().bouncePrefix(),
                new DeliveryToken(broadcast, member).sign(composer.tokenKey(), DeliveryToken.Purpose.BOUNCE),
                composer.settings().bounceDomain());
        int processedBefore = BounceMailboxIT.count("Processed");
        int quarantinedBefore = BounceMailboxIT.count("Quarantine");
        // the DSN as the recipient's MTA writes it, with no Return-Path of its own: what the mailbox shows is the path's
        String messageId = "<" + Fixtures.unique("nullsender") + "@mx.example.jp>";
        byte[] dsn = new String(BounceMailboxIT.dsn(verp, gone, "5.1.1",
                "550 5.1.1 <" + gone + ">: Recipient address rejected: User unknown in virtual mailbox table"),
                StandardCharsets.US_ASCII).replaceFirst("Return-Path: <>\r\n", "")
                .replaceFirst("Message-ID: <[^>]+>", "Message-ID: " + messageId).getBytes(StandardCharsets.US_ASCII);

        Mailbox.sendRaw("", verp, dsn);

        Map<String, String[]> headers = awaitInBounceMailbox(messageId, "Return-Path", "Delivered-To");
        assertThat(headers.get("Return-Path")).as("Return-Path written by Dovecot from MAIL FROM:<>")
                .containsExactly("<>");
        assertThat(headers.get("Delivered-To")).as("the envelope recipient, the VERP address").containsExactly(verp);
        BounceMailboxIT.processMailbox(jobs, processedBefore + 1, quarantinedBefore);
        assertThat(sql.row("SELECT disposition, delivery_id, events FROM bounce_mails WHERE message_id = ?", messageId))
                .containsExactly("RECORDED", String.valueOf(sql.row("SELECT id FROM deliveries WHERE broadcast_id = ?",
                        broadcast).get(0)), "1");
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", member)).containsExactly("SUSPENDED");
    }

    @Test
    void aJoinMailThroughTheMxShouldBeReadFromTheCatchAllMailboxAndGetItsRegistrationLinkThroughTheRelay()
            throws Exception {
        long network = fixtures.network();
        String joinAddress = sql.row("SELECT slug FROM networks WHERE id = ?", network).get(0) + "@" + JOIN_DOMAIN;
        String parent = Fixtures.unique("path-parent") + "@docomo.ne.jp";

        String messageId = Mailbox.send(parent, joinAddress, "", "", Map.of());

        Mailbox.Mail reply = Mailbox.await(parent, "会員登録", 0, WITHIN);
        assertThat(reply.token("/member/register.xhtml")).isNotBlank();
        assertThat(sql.await(WITHIN, "LINK_SENT", "SELECT outcome FROM inbound_mails WHERE message_id = ?", messageId))
                .isEqualTo("LINK_SENT");
        assertThat(sql.row("SELECT network_id FROM inbound_mails WHERE message_id = ?", messageId))
                .containsExactly(String.valueOf(network));
    }

    @Test
    void aSendersOwnReturnPathHeaderShouldBeReplacedByTheEnvelopesAndANullSenderNeverAnswered() throws Exception {
        long network = fixtures.network();
        String joinAddress = sql.row("SELECT slug FROM networks WHERE id = ?", network).get(0) + "@" + JOIN_DOMAIN;
        String parent = Fixtures.unique("path-rp") + "@ezweb.ne.jp";
        String claimsNull = "<" + Fixtures.unique("claims-null") + "@ezweb.ne.jp>";
        String isNull = "<" + Fixtures.unique("is-null") + "@ezweb.ne.jp>";

        // a parent's blank mail that claims a null sender in its header: the MX drops it, Dovecot writes the real one
        Mailbox.sendRaw(parent, joinAddress, blankMail(parent, joinAddress, claimsNull, "Return-Path: <>\r\n"));
        // and the same mail sent with the null sender (a bounce or a forged loop): never answered
        Mailbox.sendRaw("", joinAddress, blankMail(parent, joinAddress, isNull, ""));

        assertThat(sql.await(WITHIN, "LINK_SENT", "SELECT outcome FROM inbound_mails WHERE message_id = ?", claimsNull))
                .isEqualTo("LINK_SENT");
        // recorded as what a null sender is, a bounce (InboundClassifier), with the reason the path gave it
        assertThat(sql.await(WITHIN, "BOUNCE", "SELECT outcome FROM inbound_mails WHERE message_id = ?", isNull))
                .isEqualTo("BOUNCE");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", isNull).get(0))
                .contains("null Return-Path");
        Mailbox.await(parent, "会員登録", 0, WITHIN);
        Thread.sleep(1500); // a second reply, were one sent, would be in the mailbox by now
        assertThat(Mailbox.read(parent)).as("one link, for the mail with a sender").hasSize(1);
    }

    @Test
    void theMxShouldRefuseEveryRecipientOutsideTheJoinAndBounceDomains() {
        byte[] mail = "From: someone@example.jp\r\nTo: member@example.jp\r\nSubject: relay?\r\n\r\nrelay me\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        for (String recipient : List.of("member@example.jp", "admin@demo.renraku.test", "root@localhost")) {
            assertThatThrownBy(() -> Mailbox.sendRaw("someone@example.jp", recipient, mail)).as(recipient)
                    .hasStackTraceContaining("Relay access denied");
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static byte[] blankMail(String from, String to, String messageId, String extraHeaders) {
        return ("From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: \r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Date: Mon, 7 Dec 2026 09:00:00 +0900\r\n"
                + extraHeaders
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The named headers of the mail with this Message-ID in the bounce mailbox, in INBOX or already moved to
     * Processed by the scheduled job, once it is there.
     */
    private static Map<String, String[]> awaitInBounceMailbox(String messageId, String... names) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_PORT", "3144"));
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            try (Store store = Session.getInstance(p).getStore("imap")) {
                store.connect(System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_USER", "bounce"),
                        System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_PASSWORD", "bounce-dev"));
                for (String name : List.of("INBOX", "Processed")) {
                    Folder folder = store.getFolder(name);
                    if (!folder.exists()) {
                        continue;
                    }
                    folder.open(Folder.READ_ONLY);
                    try {
                        Message[] found = folder.search(new HeaderTerm("Message-ID", messageId));
                        if (found.length > 0) {
                            return Arrays.stream(names).collect(java.util.stream.Collectors.toMap(n -> n, n -> {
                                try {
                                    String[] values = found[0].getHeader(n);
                                    return values == null ? new String[0] : values;
                                } catch (jakarta.mail.MessagingException e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
                        }
                    } finally {
                        folder.close(false);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No mail " + messageId + " in the bounce mailbox within " + WITHIN);
    }
}
