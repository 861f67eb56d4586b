package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.batch.DeliverySweep;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.boundary.DkimKeyring;

/**
 * The broadcast-delivery job against real SMTP servers: GreenMail (every member gets exactly one message with
 * the headers receivers check) and a scripted fault-injecting server (messages per connection counted at the
 * server, VERP envelope senders, DKIM verified by dkimpy, a 4xx retried to success, a 5xx recorded as failed
 * with a bounce event, and a stopped job restarted from its checkpoint without loss or repeat).
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastSendingIT {

    private static final String DOMAIN = "renraku.test"; // of renraku.mail.from, the From of broadcasts

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    @Inject
    DeliverySweep sweep;

    @Inject
    DkimKeyring keyring;

    @Inject
    BroadcastJobs jobs;

    @Test
    void aBroadcastShouldReachEveryMemberOnceWithItsHeaders() throws Exception {
        keyring.generate(DOMAIN, "it" + System.currentTimeMillis(), null);
        long network = fixtures.network();
        String tag = Fixtures.unique("b");
        String[][] carriers = {{"DOCOMO", "docomo.ne.jp"}, {"AU", "ezweb.ne.jp"}, {"SOFTBANK", "softbank.ne.jp"},
                {"YMOBILE", "ymobile.ne.jp"}, {"GMAIL", "gmail.com"}, {"OUTLOOK", "outlook.jp"}, {"OTHER", "example.jp"}};
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String[] c = carriers[i % carriers.length];
            String address = tag + "-" + i + "@" + c[1];
            member(network, address, "会員" + i, c[0], "ACTIVE");
            addresses.add(address);
        }
        String left = tag + "-left@gmail.com";
        member(network, left, "退会者", "GMAIL", "LEFT");
        String suppressed = tag + "-suppressed@gmail.com";
        member(network, suppressed, "停止", "GMAIL", "ACTIVE");
        exec("INSERT INTO suppressions (network_id, email, reason, created_at) VALUES (" + network + ", '" + suppressed
                + "', 'UNSUBSCRIBED', NOW(3))");
        long broadcast = broadcast(network, "お知らせ " + tag, "{name} さん、こんにちは。", null);

        long execution = starter.start(network, broadcast, "it-admin");
        assertThat(execution).isPositive();
        assertThat(starter.start(network, broadcast, "it-admin")).isEqualTo(execution); // idempotent
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast)).isEqualTo(30);

        awaitEnd(execution, Duration.ofSeconds(120));
        assertThat(rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast + " GROUP BY status"))
                .containsExactly(List.of("SENT", "30"));
        assertThat(rows("SELECT status, finished_at IS NOT NULL FROM broadcasts WHERE id = " + broadcast))
                .containsExactly(List.of("SENT", "1"));

        for (int i = 0; i < addresses.size(); i++) {
            List<Message> mails = inbox(addresses.get(i), "お知らせ " + tag);
            assertThat(mails).as(addresses.get(i)).hasSize(1);
            Message m = mails.get(0);
            assertThat(header(m, "List-Unsubscribe")).startsWith("<https://").contains(">, <mailto:unsubscribe+");
            assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(header(m, "Message-ID")).startsWith("<" + broadcast + ".").endsWith("@" + DOMAIN + ">");
            assertThat(header(m, "DKIM-Signature")).contains("d=" + DOMAIN).contains("a=rsa-sha256");
            assertThat(header(m, "Return-Path")).matches("<?bounce\\+[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@" + DOMAIN + ">?");
            assertThat(header(m, "List-Id")).isNotBlank();
            assertThat(header(m, "X-Renraku-Broadcast")).isEqualTo(Long.toString(broadcast));
            assertThat(aboveFooter((String) m.getContent())).isEqualTo("会員" + i + " さん、こんにちは。");
        }
        assertThat(inbox(left, "お知らせ " + tag)).isEmpty();
        assertThat(inbox(suppressed, "お知らせ " + tag)).isEmpty();
    }

    @Test
    void theSnapshotShouldTakeTheActiveMembersMatchingTheTargetFilter() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("f");
        long grade = insertId("INSERT INTO member_attributes (network_id, label, kind, choices, created_at) VALUES ("
                + network + ", '学年', 'MULTI', '3年\n4年', NOW(3))");
        member(network, tag + "-1@docomo.ne.jp", "一", "DOCOMO", "ACTIVE", "{\"" + grade + "\": \"3年\"}");
        member(network, tag + "-2@ezweb.ne.jp", "二", "AU", "ACTIVE", "{\"" + grade + "\": [\"4年\", \"3年\"]}");
        member(network, tag + "-3@docomo.ne.jp", "三", "DOCOMO", "ACTIVE", "{\"" + grade + "\": \"4年\"}");
        member(network, tag + "-4@gmail.com", "四", "GMAIL", "ACTIVE", "{\"" + grade + "\": \"3年\"}");
        member(network, tag + "-5@docomo.ne.jp", "五", "DOCOMO", "ACTIVE", null);
        member(network, tag + "-6@docomo.ne.jp", "六", "DOCOMO", "LEFT", "{\"" + grade + "\": \"3年\"}");
        long broadcast = broadcast(network, "学年 " + tag, "{学年}の{name}さん", "{\"carriers\": [\"DOCOMO\", \"AU\"],"
                + " \"attributes\": {\"" + grade + "\": [\"3年\"]}}");

        long execution = starter.start(network, broadcast, "it-admin");
        assertThat(rows("SELECT email, carrier_group FROM deliveries WHERE broadcast_id = " + broadcast
                + " ORDER BY email")).containsExactly(List.of(tag + "-1@docomo.ne.jp", "DOCOMO"),
                List.of(tag + "-2@ezweb.ne.jp", "AU"));
        awaitEnd(execution, Duration.ofSeconds(120));
        assertThat(aboveFooter((String) inbox(tag + "-2@ezweb.ne.jp", "学年 " + tag).get(0).getContent()))
                .isEqualTo("4年、3年の二さん");
    }

    @Test
    void aLaneShouldKeepItsPerConnectionLimitAndRetryA4xxAndRecordA5xx() throws Exception {
        String selector = "it" + System.currentTimeMillis();
        String txt = keyring.generate(DOMAIN, selector, null).txt();
        long network = fixtures.network();
        String tag = Fixtures.unique("s");
        String tempfail = tag + "-tempfail@example.jp";
        String unknown = tag + "-unknown@example.jp";
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> rcpt.equals(unknown)
                ? "550 5.1.1 <" + unknown + ">: Recipient address rejected: User unknown"
                : rcpt.equals(tempfail) && !retrying ? "451 4.7.1 Greylisted, try again later" : null)) {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 22; i++) {
                addresses.add(tag + "-" + i + "@example.jp");
            }
            addresses.add(tempfail);
            addresses.add(unknown);
            for (String a : addresses) {
                member(network, a, "会員", "OTHER", "ACTIVE");
            }
            long broadcast = broadcast(network, "件名 " + tag, "本文 {name}", null);

            long execution = startAgainst(smtp, network, broadcast);
            awaitEnd(execution, Duration.ofSeconds(120));

            // per connection: at most 5 messages, connections reused up to the limit
            assertThat(smtp.messagesPerConnection()).allSatisfy(n -> assertThat(n).isBetween(0, 5)).contains(5);
            assertThat(smtp.received()).hasSize(22);
            assertThat(smtp.connections()).isGreaterThanOrEqualTo(5);
            for (ScriptedSmtpServer.Received r : smtp.received()) {
                assertThat(r.mailFrom()).matches("bounce\\+[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@" + DOMAIN);
            }
            assertThat(dkim(selector, txt, smtp.received().get(0).data())).isEqualTo("dkim=pass");

            assertThat(rows("SELECT email, status, smtp_code, attempts FROM deliveries WHERE broadcast_id = " + broadcast
                    + " AND status <> 'SENT' ORDER BY email")).containsExactly(
                    List.of(tempfail, "DEFERRED", "451", "1"), List.of(unknown, "FAILED", "550", "1"));
            assertThat(rows("SELECT kind, smtp_code, status_code FROM bounce_events WHERE email = '" + unknown + "'"))
                    .containsExactly(List.of("HARD", "550", "5.1.1"));
            assertThat(rows("SELECT status FROM broadcasts WHERE id = " + broadcast)).containsExactly(List.of("SENDING"));

            // the retry falls due: the sweep starts a new execution, which sends it
            retrying = true;
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "UPDATE deliveries SET next_attempt_at = ? WHERE broadcast_id = ? AND status = 'DEFERRED'")) {
                s.setTimestamp(1, java.sql.Timestamp.from(Instant.now().minusSeconds(1))); // as the application writes it
                s.setLong(2, broadcast);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            sweep.sweep();
            awaitStatus(broadcast, "SENT", Duration.ofSeconds(120));
            assertThat(rows("SELECT status, smtp_code, attempts FROM deliveries WHERE email = '" + tempfail + "'"))
                    .containsExactly(List.of("SENT", "250", "2"));
            assertThat(smtp.rcptAttempts(tempfail)).isEqualTo(2);
            assertThat(smtp.received()).hasSize(23);
            assertThat(smtp.received().stream().map(ScriptedSmtpServer.Received::rcptTo).distinct()).hasSize(23);
        }
    }

    @Test
    void aStoppedJobShouldRestartFromItsCheckpointWithoutSkippingOrRepeating() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("r");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            smtp.delayPerMessage(40);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                addresses.add(tag + "-" + i + "@example.jp");
                member(network, addresses.get(i), "会員", "OTHER", "ACTIVE");
            }
            long broadcast = broadcast(network, "再開 " + tag, "本文", null);
            long execution = startAgainst(smtp, network, broadcast);
            Instant deadline = Instant.now().plusSeconds(60);
            while (smtp.received().size() < 15 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            starter.stop(execution);
            assertThat(awaitEnd(execution, Duration.ofSeconds(60)).getBatchStatus()).isEqualTo(BatchStatus.STOPPED);
            int sentBefore = count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " AND status = 'SENT'");
            assertThat(sentBefore).isBetween(1, 79);
            assertThat(smtp.received()).hasSize(sentBefore); // a stop ends at a chunk's end: nothing in flight

            long restarted = starter.restartJob(broadcast, execution);
            assertThat(starter.jobInstance(restarted)).isEqualTo(starter.jobInstance(execution));
            assertThat(awaitEnd(restarted, Duration.ofSeconds(120)).getBatchStatus())
                    .isEqualTo(BatchStatus.COMPLETED);

            Map<String, Long> perRecipient = smtp.received().stream()
                    .collect(Collectors.groupingBy(ScriptedSmtpServer.Received::rcptTo, Collectors.counting()));
            assertThat(perRecipient.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
            assertThat(perRecipient.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            assertThat(rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " GROUP BY status")).containsExactly(List.of("SENT", "80"));
            assertThat(rows("SELECT status FROM broadcasts WHERE id = " + broadcast)).containsExactly(List.of("SENT"));
        }
    }

    private volatile boolean retrying;

    private long startAgainst(ScriptedSmtpServer smtp, long network, long broadcast) {
        assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
        Properties p = new Properties();
        p.setProperty("smtpHost", "127.0.0.1");
        p.setProperty("smtpPort", Integer.toString(smtp.port()));
        p.setProperty("messagesPerConnection", "5");
        p.setProperty("pacing", "off");
        return starter.startJob(broadcast, p);
    }

    private JobExecution awaitEnd(long execution, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JobExecution e = starter.execution(execution);
            BatchStatus s = e.getBatchStatus();
            if (s == BatchStatus.COMPLETED || s == BatchStatus.FAILED || s == BatchStatus.STOPPED
                    || s == BatchStatus.ABANDONED) {
                assertThat(s).as("exit " + e.getExitStatus()).isNotEqualTo(BatchStatus.FAILED);
                return e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job execution " + execution + " still " + s + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private void awaitStatus(long broadcast, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!rows("SELECT status FROM broadcasts WHERE id = " + broadcast).equals(List.of(List.of(status)))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Broadcast " + broadcast + " not " + status + " after " + timeout + ": "
                        + rows("SELECT status, smtp_code, next_attempt_at FROM deliveries WHERE broadcast_id = "
                        + broadcast + " AND status <> 'SENT'"));
            }
            Thread.sleep(250);
        }
    }

    /**
     * The text the admin wrote, as the member got it: what stands above the footer that every broadcast ends with
     * (the member's own page link; {@code BroadcastFooterIT} checks the footer itself), which must be there.
     */
    private static String aboveFooter(String body) {
        int footer = body.lastIndexOf("\r\n\r\n--------------------\r\n");
        if (footer < 0) {
            footer = body.lastIndexOf("\n\n--------------------\n");
        }
        assertThat(footer).as("the footer in\n" + body).isPositive();
        assertThat(body.substring(footer)).contains("/p/");
        return body.substring(0, footer).strip();
    }

    /** dkimpy's verdict on the message as received. */
    private static String dkim(String selector, String txt, byte[] message) throws Exception {
        return Dkimpy.verify(selector, DOMAIN, txt, message);
    }

    private static List<Message> inbox(String address, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", System.getProperty("renraku.imap.port", "3143"));
        List<Message> found = new ArrayList<>();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(address, address);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        for (Message m : inbox.getMessages()) {
            if (m.getSubject() != null && m.getSubject().equals(subject)) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                m.writeTo(raw);
                found.add(new jakarta.mail.internet.MimeMessage(Session.getInstance(props),
                        new java.io.ByteArrayInputStream(raw.toByteArray())));
            }
        }
        inbox.close(false);
        store.close();
        return found;
    }

    private static String header(Message m, String name) throws Exception {
        String[] values = m.getHeader(name);
        assertThat(values).as(name).isNotNull().hasSize(1);
        return values[0].replaceAll("\\r?\\n[ \\t]+", " ").strip();
    }

    private void member(long network, String email, String name, String carrier, String status) throws Exception {
        member(network, email, name, carrier, status, null);
    }

    private void member(long network, String email, String name, String carrier, String status, String attributes)
            throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, NOW(3), NOW(3))")) {
            s.setString(6, attributes);
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, status);
            s.executeUpdate();
        }
    }

    private long broadcast(long network, String subject, String body, String filter) throws Exception {
        return jobs.draft(network, subject, body, filter);
    }

    private long insertId(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void exec(String sql) throws Exception {
        jobs.exec(sql);
    }

    private int count(String sql) throws Exception {
        return Integer.parseInt(rows(sql).get(0).get(0));
    }

    private List<List<String>> rows(String sql) throws Exception {
        return jobs.rows(sql);
    }
}
