package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.bounces.boundary.CarrierRate;
import org.renraku.bounces.boundary.Hygiene;
import org.renraku.bounces.boundary.HygieneRow;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.broadcasts.control.VerpAddress;
import org.renraku.platform.batch.JobNames;
import org.renraku.platform.batch.Jobs;

/**
 * The bounce mailbox end to end: bounce mails of a broadcast are sent with a null envelope sender through the test
 * MX (Postfix of bin/mailpath) to their VERP address, delivered into Dovecot's bounce mailbox (every address of the
 * bounce domain renraku.test; RENRAKU_BOUNCE_IMAP_* in the ear pom), the bounce-processing job reads it, and the
 * members end as the policy says; what cannot be read or tied to a delivery is quarantined with its reason, the
 * rest is moved to Processed, and a mail read twice counts once.
 */
@ExtendWith(ArquillianExtension.class)
class BounceMailboxIT {

    static final String MAILBOX = "bounce@renraku.test";

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    ComposerSettings composer;

    @Inject
    Jobs jobs;

    @Inject
    BroadcastJobs broadcastJobs;

    @Inject
    Hygiene hygiene;

    @Test
    void bouncesOfABroadcastShouldSuspendUnsubscribeOrBeIgnoredAndJunkShouldBeQuarantined() throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("b");
        long hard = member(network, run + ".hard@example.jp", "GMAIL");
        long soft = member(network, run + ".soft@example.jp", "OTHER");
        long complainer = member(network, run + ".complain@example.jp", "OTHER");
        long away = member(network, run + ".away@example.jp", "OTHER");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (" + network + ", '台風のお知らせ', '本文', 'SENT', NOW(3), NOW(3))");
        for (long m : List.of(hard, soft, complainer, away)) {
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                    + " SELECT " + broadcast + ", id, email, 'OTHER', 'SENT', NOW(3), NOW(3) FROM members WHERE id = " + m);
        }
        int processedBefore = count("Processed");
        int quarantinedBefore = count("Quarantine");

        byte[] hardBounce = dsn(verp(broadcast, hard), run + ".hard@example.jp", "5.1.1",
                "550 5.1.1 <" + run + ".hard@example.jp>: Recipient address rejected: User unknown in virtual mailbox table");
        smtp(hardBounce);
        smtp(dsn(verp(broadcast, soft), run + ".soft@example.jp", "4.2.2",
                "452 4.2.2 <" + run + ".soft@example.jp>: Mailbox full, quota exceeded"));
        smtp(arf(token(broadcast, complainer), run + ".complain@example.jp"));
        smtp(autoReply(verp(broadcast, away)));
        smtp(junk());
        // a forged bounce: a token whose MAC does not verify names nobody
        smtp(dsn(VerpAddress.of(settings().bouncePrefix(), broadcast + "-" + hard + "-AAAAAAAAAAAAAAAA",
                settings().bounceDomain()), run + ".hard@example.jp", "5.1.1", "550 5.1.1 User unknown"));

        processMailbox(processedBefore + 4, quarantinedBefore + 2);

        assertThat(status(hard)).isEqualTo("SUSPENDED");
        assertThat(suppression(network, run + ".hard@example.jp")).isEqualTo("HARD_BOUNCE");
        assertThat(status(soft)).isEqualTo("ACTIVE"); // one soft bounce of three
        assertThat(events(soft)).containsExactly("SOFT mailboxfull");
        assertThat(status(complainer)).isEqualTo("LEFT");
        assertThat(suppression(network, run + ".complain@example.jp")).isEqualTo("COMPLAINT");
        assertThat(status(away)).isEqualTo("ACTIVE");
        assertThat(events(away)).isEmpty();
        assertThat(events(hard)).containsExactly("HARD userunknown");
        assertThat(dispositions(broadcast)).containsExactlyInAnyOrder("RECORDED", "RECORDED", "RECORDED", "IGNORED");
        assertThat(rows("SELECT reason FROM bounce_mails WHERE disposition = 'QUARANTINED' ORDER BY id DESC LIMIT 2"))
                .anySatisfy(r -> assertThat(r).containsAnyOf("no mail headers", "not recognised as a bounce"))
                .anySatisfy(r -> assertThat(r).contains("no valid delivery token"));

        // the same bounce delivered again (same Message-ID, other Received lines) is recognised and not counted twice
        smtp(hardBounce);
        processMailbox(processedBefore + 5, quarantinedBefore + 2);
        assertThat(events(hard)).hasSize(1);
    }

    @Test
    void aBroadcastSentByTheJobShouldEndWithItsBouncingMembersSuspendedOrMarkedOnTheHygienePage() throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("rb");
        String gone = run + ".gone@example.jp";
        String filtered = run + ".f@docomo.ne.jp";
        String full = run + ".full@example.jp";
        String fine = run + ".fine@example.jp";
        long goneId = member(network, gone, "GMAIL");
        long filteredId = member(network, filtered, "DOCOMO");
        long fullId = member(network, full, "OTHER");
        long fineId = member(network, fine, "OTHER");
        long broadcast = broadcastJobs.draft(network, "台風による休校", "本日は休校です。");
        int processedBefore = count("Processed");
        int quarantinedBefore = count("Quarantine");

        // the job sends it; each recipient's envelope sender is the VERP address its bounce will come back to
        Map<String, String> envelopeSender;
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(rcpt -> null)) {
            broadcastJobs.sendTo(relay, network, broadcast);
            envelopeSender = relay.received().stream()
                    .collect(Collectors.toMap(ScriptedSmtpServer.Received::rcptTo, ScriptedSmtpServer.Received::mailFrom));
        }
        assertThat(envelopeSender).containsOnlyKeys(gone, filtered, full, fine);
        assertThat(envelopeSender.get(gone)).isEqualTo(verp(broadcast, goneId));

        smtp(dsn(envelopeSender.get(gone), gone, "5.1.1",
                "550 5.1.1 <" + gone + ">: Recipient address rejected: User unknown in virtual mailbox table"));
        // docomo's refusal by the member's domain filter, as docomo words it: 5.2.0 with "Unknown user" after DATA
        // (Sisimai's Filtered and Rhost::NTTDOCOMO). "Message filtered" alone is a spam filter's phrase (spamdetected).
        smtp(dsn(envelopeSender.get(filtered), filtered, "5.2.0", "550 Unknown user " + filtered));
        smtp(dsn(envelopeSender.get(full), full, "4.2.2", "452 4.2.2 <" + full + ">: Mailbox full, quota exceeded"));
        processMailbox(processedBefore + 3, quarantinedBefore);

        assertThat(status(goneId)).isEqualTo("SUSPENDED");
        assertThat(suppression(network, gone)).isEqualTo("HARD_BOUNCE");
        assertThat(status(filteredId)).isEqualTo("ACTIVE"); // 指定受信: asked to allow our domain, not suspended
        assertThat(status(fullId)).isEqualTo("ACTIVE"); // one soft bounce of three
        assertThat(status(fineId)).isEqualTo("ACTIVE");
        assertThat(dispositions(broadcast)).containsExactly("RECORDED", "RECORDED", "RECORDED");

        // what the 配信エラー page shows: the three, with their reasons; the one who got the mail is not there
        assertThat(hygiene.rows(network)).extracting(HygieneRow::memberId, HygieneRow::reason, HygieneRow::status,
                HygieneRow::needsAllowDomain).containsExactlyInAnyOrder(
                tuple(goneId, "userunknown", "SUSPENDED", false),
                tuple(filteredId, "filtered", "ACTIVE", true),
                tuple(fullId, "mailboxfull", "ACTIVE", false));
        assertThat(hygiene.rates(network)).filteredOn(r -> r.messages() > 0)
                .extracting(r -> r.group().name(), CarrierRate::messages, CarrierRate::bounces)
                .contains(tuple("DOCOMO", 1L, 1L), tuple("GMAIL", 1L, 1L));
    }

    @Test
    void malformedMailShouldBeQuarantinedWithItsReasonAndTheJobShouldCarryOn() throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("mf");
        long member = member(network, run + ".gone@example.jp", "OTHER");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (" + network + ", 'お知らせ', '本文', 'SENT', NOW(3), NOW(3))");
        insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                + " SELECT " + broadcast + ", id, email, 'OTHER', 'SENT', NOW(3), NOW(3) FROM members WHERE id = " + member);
        int processedBefore = count("Processed");
        int quarantinedBefore = count("Quarantine");

        List<String> ids = new ArrayList<>();
        for (String kind : List.of("truncated", "charset", "large")) {
            ids.add("<" + run + "-" + kind + "@mx.example.jp>");
        }
        smtp(truncatedMime(ids.get(0)));
        smtp(wrongCharsets(ids.get(1)));
        smtp(tenMegabytes(ids.get(2)));
        smtp(junk());
        // and behind them a real bounce: the job did not stop at the junk
        smtp(dsn(verp(broadcast, member), run + ".gone@example.jp", "5.1.1",
                "550 5.1.1 <" + run + ".gone@example.jp>: Recipient address rejected: User unknown in virtual mailbox table"));

        processMailbox(processedBefore + 1, quarantinedBefore + 4);

        for (String id : ids) {
            assertThat(rows("SELECT CONCAT(disposition, ': ', reason) FROM bounce_mails WHERE message_id = '" + id + "'"))
                    .as(id).singleElement().asString().startsWith("QUARANTINED: ").hasSizeGreaterThan(20);
        }
        assertThat(rows("SELECT size_bytes FROM bounce_mails WHERE message_id = '" + ids.get(2) + "'"))
                .singleElement().satisfies(size -> assertThat(Long.parseLong(size)).isGreaterThan(10_000_000L));
        assertThat(status(member)).isEqualTo("SUSPENDED");
        assertThat(dispositions(broadcast)).containsExactly("RECORDED");
    }

    /**
     * A report acts only on a delivery it can prove. Reports that name a network, an address or a
     * Message-ID but carry no valid delivery token — and a complaint whose token is another member's — are
     * recorded, quarantined with their reason, and change nobody; a real token-carrying complaint still acts.
     */
    @Test
    void forgedReportsWithoutProofOfTheirDeliveryShouldBeQuarantinedAndChangeNobody() throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("fg");
        String victim = run + ".victim@example.jp";
        String other = run + ".other@example.jp";
        String attacker = run + ".attacker@example.jp";
        String real = run + ".real@example.jp";
        long victimId = member(network, victim, "OTHER");
        long otherId = member(network, other, "OTHER");
        long attackerId = member(network, attacker, "OTHER");
        long realId = member(network, real, "OTHER");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (" + network + ", 'お知らせ', '本文', 'SENT', NOW(3), NOW(3))");
        for (long m : List.of(victimId, otherId, attackerId, realId)) {
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                    + " SELECT " + broadcast + ", id, email, 'OTHER', 'SENT', NOW(3), NOW(3) FROM members WHERE id = " + m);
        }
        int processedBefore = count("Processed");
        int quarantinedBefore = count("Quarantine");
        String arfId = "<" + run + "-arf@isp.example.jp>";
        String dsnId = "<" + run + "-dsn@mx.example.jp>";
        String stolenId = "<" + run + "-stolen@isp.example.jp>";

        // an ARF naming the member, with only the network's id in its returned header block
        smtp(arfWithHints(arfId, network, victim, null));
        // a 5.1.1 DSN sent to the plain bounce mailbox, naming the member and the network
        smtp(dsnWithHints(dsnId, network, other));
        // the attacker's own valid X-Renraku-Delivery token (from a mail they got), naming another member
        smtp(arfWithHints(stolenId, network, victim, token(broadcast, attackerId)));
        // and a real complaint: its token and its recipient agree
        smtp(arf(token(broadcast, realId), real));

        processMailbox(processedBefore + 1, quarantinedBefore + 3);

        for (long m : List.of(victimId, otherId, attackerId)) {
            assertThat(status(m)).as("member " + m).isEqualTo("ACTIVE");
            assertThat(events(m)).as("member " + m).isEmpty();
        }
        for (String address : List.of(victim, other, attacker)) {
            assertThat(suppression(network, address)).as(address).isNull();
        }
        assertThat(rows("SELECT CONCAT(disposition, ': ', reason) FROM bounce_mails WHERE message_id = '" + arfId + "'"))
                .singleElement().asString().startsWith("QUARANTINED: no valid delivery token");
        assertThat(rows("SELECT CONCAT(disposition, ': ', reason) FROM bounce_mails WHERE message_id = '" + dsnId + "'"))
                .singleElement().asString().startsWith("QUARANTINED: no valid delivery token");
        assertThat(rows("SELECT CONCAT(disposition, ': ', reason) FROM bounce_mails WHERE message_id = '" + stolenId + "'"))
                .singleElement().asString().startsWith("QUARANTINED: token is for another address");
        // the real complaint still acts, and its suppression names the bounce event it came from
        assertThat(status(realId)).isEqualTo("LEFT");
        assertThat(suppression(network, real)).isEqualTo("COMPLAINT");
        assertThat(rows("SELECT CONCAT(s.source, ' ', e.kind, ' ', e.source) FROM suppressions s JOIN bounce_events e"
                + " ON e.id = s.source_bounce_event_id WHERE s.network_id = " + network + " AND s.email = '" + real + "'"))
                .containsExactly("BOUNCE COMPLAINT ARF");
    }

    private MessageComposer.Settings settings() {
        return composer.settings();
    }

    private String token(long broadcast, long member) {
        return new DeliveryToken(broadcast, member).sign(composer.tokenKey(), DeliveryToken.Purpose.BOUNCE);
    }

    private String verp(long broadcast, long member) {
        return VerpAddress.of(settings().bouncePrefix(), token(broadcast, member), settings().bounceDomain());
    }

    private void processMailbox(int processed, int quarantined) throws Exception {
        processMailbox(jobs, processed, quarantined);
    }

    /** Runs the job (one at a time; the schedule's may run beside it) until both folders have what they should. */
    static void processMailbox(Jobs jobs, int processed, int quarantined) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Long execution = null;
        while (System.nanoTime() < deadline) {
            if (execution == null || !jobs.running(execution)) {
                execution = jobs.start(JobNames.BOUNCE_PROCESSING, new Properties());
            }
            Thread.sleep(1000);
            if (count("Processed") >= processed && count("Quarantine") >= quarantined && count("INBOX") == 0) {
                break;
            }
        }
        assertThat(count("INBOX")).isZero();
        assertThat(count("Processed")).isEqualTo(processed);
        assertThat(count("Quarantine")).isEqualTo(quarantined);
    }

    // --- the mails ------------------------------------------------------------------------------------------

    static byte[] dsn(String to, String recipient, String status, String diagnostic) {
        return ReportMails.dsn("<" + Fixtures.unique("dsn") + "@mx.example.jp>", to, recipient, status, diagnostic, "");
    }

    /** An ARF complaint (RFC 5965) whose returned original carries the delivery's X-Renraku-Delivery token. */
    private static byte[] arf(String token, String recipient) {
        return ReportMails.arf("<" + Fixtures.unique("arf") + "@isp.example.jp>", MAILBOX, recipient, "message/rfc822",
                "X-Renraku-Delivery: " + token + "\r\n");
    }

    /**
     * An ARF complaint (Feedback-Type: abuse, Original-Rcpt-To: the member) whose returned header block
     * ({@code text/rfc822-headers}) names the network by {@code X-Renraku-Network} and, when given, carries a
     * delivery token.
     */
    private static byte[] arfWithHints(String messageId, long network, String recipient, String token) {
        return ReportMails.arf(messageId, MAILBOX, "<" + recipient + ">", "text/rfc822-headers",
                "X-Renraku-Network: " + network + "\r\n" + (token == null ? "" : "X-Renraku-Delivery: " + token + "\r\n"));
    }

    /** A 5.1.1 DSN to the plain bounce mailbox (no VERP token) whose returned headers name only the network. */
    private static byte[] dsnWithHints(String messageId, long network, String recipient) {
        return ReportMails.dsn(messageId, MAILBOX, recipient, "5.1.1", "550 5.1.1 <" + recipient + ">: User unknown",
                "X-Renraku-Network: " + network + "\r\n");
    }

    private static byte[] autoReply(String to) {
        return ("From: away@example.jp\r\n"
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?6Ieq5YuV5b+c562U?=\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "Message-ID: <" + Fixtures.unique("away") + "@example.jp>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "I am out of the office until Monday.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A delivery report cut off in the middle of its status part: the closing boundary never comes. */
    private static byte[] truncatedMime(String messageId) {
        return ("From: MAILER-DAEMON@mx.example.jp\r\n"
                + "To: " + MAILBOX + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"=_cut\"\r\n\r\n"
                + "--=_cut\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is the mail system at host mx.example.jp.\r\n\r\n"
                + "--=_cut\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.exa").getBytes(StandardCharsets.US_ASCII);
    }

    /** Charsets that do not exist or do not match: a Shift_JIS body labelled as an unknown charset. */
    private static byte[] wrongCharsets(String messageId) {
        byte[] head = ("From: =?x-no-such-charset?B?gqCCooKk?= <postmaster@mx.example.jp>\r\n"
                + "To: " + MAILBOX + "\r\n"
                + "Subject: =?ISO-2022-JP?B?GyRCJUEbKEI?= =?utf-8?Q?=FF=FE?=\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=x-no-such-charset\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = "配信できませんでした。宛先不明です。\r\n".getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
        byte[] mail = new byte[head.length + body.length];
        System.arraycopy(head, 0, mail, 0, head.length);
        System.arraycopy(body, 0, mail, head.length, body.length);
        return mail;
    }

    /** A 10 MB mail: a short note and a large random attachment (no bounce reports like that). */
    private static byte[] tenMegabytes(String messageId) {
        byte[] random = new byte[7_700_000];
        new Random(7).nextBytes(random);
        String base64 = java.util.Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(random);
        return ("From: someone@example.jp\r\n"
                + "To: " + MAILBOX + "\r\n"
                + "Subject: photos\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_big\"\r\n\r\n"
                + "--=_big\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "see attached\r\n"
                + "--=_big\r\n"
                + "Content-Type: application/octet-stream; name=\"photos.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + base64 + "\r\n"
                + "--=_big--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Binary junk in lines, no header block of its own (the MTA adds Received, Dovecot Return-Path and Delivered-To). */
    private static byte[] junk() {
        Random random = new Random(42);
        StringBuilder s = new StringBuilder();
        for (int line = 0; line < 40; line++) {
            for (int i = 0; i < 70; i++) {
                char c = (char) (0x21 + random.nextInt(0x5e));
                s.append(c == ':' ? '#' : c);
            }
            s.append("\r\n");
        }
        byte[] bytes = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += 7) {
            if (bytes[i] != '\r' && bytes[i] != '\n' && bytes[i] != '.') {
                bytes[i] = (byte) (0x80 + random.nextInt(0x7f)); // 8-bit garbage
            }
        }
        return bytes;
    }

    /**
     * Delivers the bytes as they are through the test MX (Postfix, then Dovecot's bounce mailbox), with the null
     * envelope sender of a real bounce, to the address the mail's To header names when it is one of the bounce
     * domain (the VERP address a bounce comes back to), else to bounce@renraku.test.
     */
    static void smtp(byte[] mail) throws Exception {
        Mailbox.sendRaw("", bounceRecipient(mail), mail);
    }

    private static String bounceRecipient(byte[] mail) {
        String text = new String(mail, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        Matcher to = Pattern.compile("(?mi)^To:\\s*<?([^\\s<>@]+@renraku\\.test)>?\\s*$")
                .matcher(end < 0 ? "" : text.substring(0, end));
        return to.find() ? to.group(1) : MAILBOX;
    }

    // --- what became of them --------------------------------------------------------------------------------

    /** The number of mails in a folder of the bounce mailbox (Dovecot's, as the application reads it). */
    static int count(String folder) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_PORT", "3144"));
        try (Store store = Session.getInstance(p).getStore("imap")) {
            store.connect(System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_USER", "bounce"),
                    System.getenv().getOrDefault("RENRAKU_BOUNCE_IMAP_PASSWORD", "bounce-dev"));
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return 0;
            }
            f.open(Folder.READ_ONLY);
            try {
                return f.getMessageCount();
            } finally {
                f.close(false);
            }
        }
    }

    private long member(long network, String email, String carrier) throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", '" + email + "', '会員', '" + carrier + "', 'ACTIVE', NOW(3), NOW(3))");
    }

    private String status(long member) throws Exception {
        return rows("SELECT status FROM members WHERE id = " + member).get(0);
    }

    private String suppression(long network, String email) throws Exception {
        List<String> r = rows("SELECT reason FROM suppressions WHERE network_id = " + network + " AND email = '" + email + "'");
        return r.isEmpty() ? null : r.get(0);
    }

    private List<String> events(long member) throws Exception {
        return rows("SELECT CONCAT(kind, ' ', COALESCE(reason, '')) FROM bounce_events WHERE member_id = " + member);
    }

    private List<String> dispositions(long broadcast) throws Exception {
        return rows("SELECT m.disposition FROM bounce_mails m JOIN deliveries d ON d.id = m.delivery_id"
                + " WHERE d.broadcast_id = " + broadcast);
    }

    private long insert(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }

    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }
}
