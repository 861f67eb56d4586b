package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.delivery.entity.Delivery;
import org.renraku.delivery.batch.DeliverySweep;
import org.renraku.delivery.boundary.BroadcastControl;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * Pause, resume and cancel of a broadcast while its job sends to a slow scripted SMTP server: a pause stops the
 * messages at the server (and the sweep does not restart a paused broadcast), a resume finishes with every member
 * exactly once, a cancel leaves the rest unsent for good; each is audited, and a broadcast of another network
 * (or in the wrong state) is refused without a change.
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastControlIT {

    private static final String CLIENT = "192.0.2.5";

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    /** Rows read and written through the application's pool. */
    @Inject
    BroadcastJobs db;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastStarter starter;

    @Inject
    BroadcastControl control;

    @Inject
    Broadcasts broadcasts;

    @Inject
    DeliveryRun run;

    @Inject
    DeliverySweep sweep;

    @Test
    void pauseShouldStopSendingAndResumeShouldFinishWithEveryMemberExactlyOnce() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("p");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            smtp.delayPerMessage(250); // about 8 messages a second over the two lanes
            List<String> addresses = members(network, tag, 60);
            long broadcast = broadcast(network, "一時停止 " + tag, "DRAFT");
            long execution = startAgainst(smtp, network, broadcast);
            awaitReceived(smtp, 8);

            control.pause(network, broadcast, "it-admin", CLIENT);
            assertThat(status(broadcast)).isEqualTo("PAUSED");
            BatchStatus ended = awaitEnd(execution, Duration.ofSeconds(60)).getBatchStatus();
            assertThat(ended).isIn(BatchStatus.STOPPED, BatchStatus.COMPLETED);
            int atPause = smtp.received().size();
            assertThat(atPause).isBetween(8, 40);
            assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " AND status = 'SENT'")).isEqualTo(atPause);
            sweep.sweep(); // the sweep leaves a paused broadcast alone
            Thread.sleep(4_000);
            assertThat(smtp.received()).as("nothing sent while paused").hasSize(atPause);
            assertThat(status(broadcast)).isEqualTo("PAUSED");
            assertThatThrownBy(() -> control.pause(network, broadcast, "it-admin", CLIENT))
                    .isInstanceOfSatisfying(BroadcastException.class,
                            e -> assertThat(e.key()).isEqualTo(BroadcastException.NOT_PAUSABLE));

            long resumed = control.resume(network, broadcast, "it-admin", CLIENT);
            assertThat(resumed).isPositive();
            if (ended == BatchStatus.STOPPED) {
                assertThat(starter.jobInstance(resumed)).as("restarted from the checkpoint")
                        .isEqualTo(starter.jobInstance(execution));
            }
            awaitStatus(broadcast, "SENT", Duration.ofSeconds(120));

            Map<String, Long> perRecipient = smtp.received().stream()
                    .collect(Collectors.groupingBy(ScriptedSmtpServer.Received::rcptTo, Collectors.counting()));
            assertThat(perRecipient.keySet()).containsExactlyInAnyOrderElementsOf(addresses);
            assertThat(perRecipient.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            assertThat(db.rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " GROUP BY status")).containsExactly(List.of("SENT", "60"));
            assertThat(db.rows("SELECT kind, actor, client_address FROM audit_events WHERE network_id = " + network
                    + " AND subject LIKE '#" + broadcast + " %' ORDER BY id")).containsExactly(
                    List.of("BROADCAST_PAUSED", "it-admin", CLIENT), List.of("BROADCAST_RESUMED", "it-admin", CLIENT));
        }
    }

    @Test
    void cancelShouldLeaveTheRestUnsentForGood() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("c");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            smtp.delayPerMessage(250);
            members(network, tag, 60);
            long broadcast = broadcast(network, "取り消し " + tag, "DRAFT");
            long execution = startAgainst(smtp, network, broadcast);
            awaitReceived(smtp, 8);

            // the messages of the chunk in flight are not recorded yet: they count as unsent at this moment
            int unsent = control.cancel(network, broadcast, "it-admin", CLIENT);
            assertThat(unsent).isBetween(1, 60);
            assertThat(status(broadcast)).isEqualTo("CANCELLED");
            awaitEnd(execution, Duration.ofSeconds(60));
            int atCancel = smtp.received().size();
            sweep.sweep();
            Thread.sleep(4_000);
            assertThat(smtp.received()).as("nothing sent after the cancel").hasSize(atCancel);

            // what went out is SENT (a message in flight at the cancel included), everything else SKIPPED for good
            assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " AND status = 'SENT'")).isEqualTo(atCancel);
            int skipped = count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " AND status = 'SKIPPED' AND smtp_reply = '" + Delivery.CANCELLED_REASON + "'");
            assertThat(skipped + atCancel).isEqualTo(60);
            assertThat(skipped).isPositive();
            List<String> received = smtp.received().stream().map(ScriptedSmtpServer.Received::rcptTo).toList();
            assertThat(received).doesNotHaveDuplicates()
                    .doesNotContainAnyElementsOf(column("SELECT email FROM deliveries WHERE broadcast_id = " + broadcast
                            + " AND status = 'SKIPPED'"));

            Broadcasts.Progress progress = broadcasts.progress(network, broadcast).orElseThrow();
            assertThat(progress.status()).isEqualTo("CANCELLED");
            assertThat(progress.finished()).isTrue();
            assertThat(progress.cancellable()).isFalse();
            assertThat(progress.overall()).isEqualTo(new Broadcasts.Figures(null, 60, atCancel, 0, 0, 0, skipped));
            assertThat(progress.overall().percentDone()).isEqualTo(100);
            assertThat(broadcasts.history(network, 10)).singleElement()
                    .satisfies(h -> assertThat(h.figures().skipped()).isEqualTo(skipped));
            assertThat(db.rows("SELECT kind, detail FROM audit_events WHERE network_id = " + network
                    + " AND subject LIKE '#" + broadcast + " %' ORDER BY id"))
                    .containsExactly(List.of("BROADCAST_CANCELLED", "unsent=" + unsent));
            assertThatThrownBy(() -> control.cancel(network, broadcast, "it-admin", CLIENT))
                    .isInstanceOfSatisfying(BroadcastException.class,
                            e -> assertThat(e.key()).isEqualTo(BroadcastException.NOT_CANCELLABLE));
        }
    }

    @Test
    void aScheduledBroadcastShouldBeAuditedWhenScheduledAndNeverSentOnceCancelled() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("k");
        members(network, tag, 2);
        long broadcast = broadcast(network, "予約 " + tag, "DRAFT");
        Instant at = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        broadcasts.schedule(network, broadcast, at, null, "it-admin", CLIENT);
        assertThat(status(broadcast)).isEqualTo("SCHEDULED");
        assertThat(broadcasts.progress(network, broadcast).orElseThrow().cancellable()).isTrue();

        assertThat(control.cancel(network, broadcast, "it-admin", CLIENT)).isZero(); // no snapshot yet
        assertThat(status(broadcast)).isEqualTo("CANCELLED");
        db.exec("UPDATE broadcasts SET scheduled_at = NOW(3) - INTERVAL 1 MINUTE WHERE id = " + broadcast);
        sweep.sweep(); // not due: it is no longer scheduled
        assertThat(status(broadcast)).isEqualTo("CANCELLED");
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast)).isZero();
        assertThat(db.rows("SELECT kind, detail FROM audit_events WHERE network_id = " + network
                + " AND subject LIKE '#" + broadcast + " %' ORDER BY id")).containsExactly(
                List.of("BROADCAST_STARTED", "at " + at), List.of("BROADCAST_CANCELLED", "unsent=0"));
    }

    @Test
    void anotherNetworksBroadcastOrOneInTheWrongStateShouldBeRefusedWithoutAChange() throws Exception {
        long network = fixtures.network();
        long other = fixtures.network();
        String tag = Fixtures.unique("o");
        members(network, tag, 1);
        long paused = broadcast(network, "他の連絡網 " + tag, "PAUSED");
        long sent = broadcast(network, "送信済み " + tag, "SENT");
        long draft = broadcast(network, "下書き " + tag, "DRAFT");

        for (long id : List.of(paused, sent, draft)) {
            refused(() -> control.pause(other, id, "intruder", CLIENT), BroadcastException.UNKNOWN);
            refused(() -> control.resume(other, id, "intruder", CLIENT), BroadcastException.UNKNOWN);
            refused(() -> control.cancel(other, id, "intruder", CLIENT), BroadcastException.UNKNOWN);
        }
        refused(() -> control.pause(network, paused, "it-admin", CLIENT), BroadcastException.NOT_PAUSABLE);
        refused(() -> control.resume(network, sent, "it-admin", CLIENT), BroadcastException.NOT_RESUMABLE);
        refused(() -> control.resume(network, draft, "it-admin", CLIENT), BroadcastException.NOT_RESUMABLE);
        refused(() -> control.cancel(network, sent, "it-admin", CLIENT), BroadcastException.NOT_CANCELLABLE);
        refused(() -> control.cancel(network, draft, "it-admin", CLIENT), BroadcastException.NOT_CANCELLABLE);
        refused(() -> control.pause(network, Long.MAX_VALUE, "it-admin", CLIENT), BroadcastException.UNKNOWN);

        assertThat(db.rows("SELECT status FROM broadcasts WHERE id IN (" + paused + ", " + sent + ", " + draft
                + ") ORDER BY id")).containsExactly(List.of("PAUSED"), List.of("SENT"), List.of("DRAFT"));
        assertThat(count("SELECT COUNT(*) FROM audit_events WHERE kind LIKE 'BROADCAST_%' AND (network_id IN ("
                + network + ", " + other + ") OR actor = 'intruder')")).isZero();
    }

    @Test
    void aProviderThatKeepsRefusingShouldPauseItsGroupForEveryLaneAndTellTheAdminsOnce() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.active(network);
        String tag = Fixtures.unique("l");
        Set<String> refusing = ConcurrentHashMap.newKeySet();
        long broadcast = 0;
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> refusing.contains(rcpt)
                ? "421 4.7.0 Too many messages from your IP, try again later" : null)) {
            members(network, tag, 16);
            broadcast = broadcast(network, "混雑 " + tag, "DRAFT");
            assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
            // the provider throttles us: it refuses every message, on both of the group's connections
            db.rows("SELECT email FROM deliveries WHERE broadcast_id = " + broadcast).forEach(r -> refusing.add(r.get(0)));
            Properties p = new Properties();
            p.setProperty("smtpHost", "127.0.0.1");
            p.setProperty("smtpPort", Integer.toString(smtp.port()));
            p.setProperty("pacing", "off"); // no rate; the group's pause holds all the same
            long execution = starter.startJob(broadcast, p);
            awaitEnd(execution, Duration.ofSeconds(120));

            int attempts = refusing.stream().mapToInt(smtp::rcptAttempts).sum();
            // 3 refusals in a row halve the group, the next 3 pause it; each is reported at once, and each lane
            // stops at its next message: the other lane may have had one more in flight
            assertThat(attempts).as("refused tries until the group paused").isBetween(6, 7);
            assertThat(smtp.received()).isEmpty();
            assertThat(status(broadcast)).isEqualTo("SENDING");
            assertThat(db.rows("SELECT halvings, pauses, paused_until > NOW(3) + INTERVAL 25 MINUTE FROM carrier_group_state"
                    + " WHERE carrier_group = 'OTHER'")).containsExactly(List.of("1", "1", "1"));

            Mailbox.Mail alert = Mailbox.await(admin.email(), "あての送信を一時停止しました", 0, Duration.ofSeconds(30));
            assertThat(alert.subject()).contains("混雑 " + tag).contains("その他のプロバイダ");
            assertThat(alert.text()).contains("混雑 " + tag).contains("に自動で送信を再開します")
                    .contains("421 4.7.0 Too many messages");
            Instant until = broadcasts.progress(network, broadcast).orElseThrow().pausedUntil("OTHER");
            assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(25)), Instant.now().plus(Duration.ofMinutes(31)));
            assertThat(alert.text()).contains(org.renraku.mail.control.MailTexts.time(until));

            // the sweep starts a new execution for what is left: the group is still paused, nothing more is tried
            int received = smtp.received().size();
            db.exec("UPDATE deliveries SET next_attempt_at = NOW(3) - INTERVAL 1 SECOND WHERE broadcast_id = " + broadcast
                    + " AND status = 'DEFERRED'");
            sweep.sweep();
            Long next = Long.valueOf(db.rows("SELECT job_execution_id FROM broadcasts WHERE id = " + broadcast).get(0).get(0));
            if (next > 0 && next != execution) {
                awaitEnd(next, Duration.ofSeconds(60));
            }
            Thread.sleep(2_000);
            assertThat(refusing.stream().mapToInt(smtp::rcptAttempts).sum()).isEqualTo(attempts);
            assertThat(smtp.received()).hasSize(received);
            assertThat(Mailbox.read(admin.email()).stream().filter(m -> m.subject().contains("一時停止しました")))
                    .as("one mail for the one pause of the group").hasSize(1);
        } finally {
            // the pause is the whole service's: lift it for the tests that follow, and stop this broadcast
            db.exec("UPDATE carrier_group_state SET halvings = 0, throttled = 0, accepted = 0, paused_until = NULL,"
                    + " pauses = 0 WHERE carrier_group = 'OTHER'");
            if (broadcast > 0 && "SENDING".equals(status(broadcast))) {
                control.cancel(network, broadcast, "it-admin", "127.0.0.1");
            }
        }
    }

    // --- helpers

    private static void refused(Runnable call, String key) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BroadcastException.class,
                e -> assertThat(e.key()).isEqualTo(key));
    }

    private long startAgainst(ScriptedSmtpServer smtp, long network, long broadcast) {
        assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
        Properties p = new Properties();
        p.setProperty("smtpHost", "127.0.0.1");
        p.setProperty("smtpPort", Integer.toString(smtp.port()));
        p.setProperty("pacing", "off");
        return starter.startJob(broadcast, p);
    }

    private static void awaitReceived(ScriptedSmtpServer smtp, int n) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (smtp.received().size() < n) {
            assertThat(Instant.now()).as("%d messages at the server", n).isBefore(deadline);
            Thread.sleep(20);
        }
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
            assertThat(Instant.now()).as("execution " + execution + " still " + s).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitStatus(long broadcast, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!status.equals(status(broadcast))) {
            assertThat(Instant.now()).as("broadcast " + broadcast + " " + status + ": "
                    + db.rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                    + " GROUP BY status")).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private String status(long broadcast) throws Exception {
        return db.rows("SELECT status FROM broadcasts WHERE id = " + broadcast).get(0).get(0);
    }

    private List<String> members(long network, String tag, int n) throws Exception {
        List<String> addresses = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, '会員', 'OTHER', 'ACTIVE', NOW(3), NOW(3))")) {
            for (int i = 0; i < n; i++) {
                String address = tag + "-" + i + "@example.jp";
                s.setLong(1, network);
                s.setString(2, address);
                s.executeUpdate();
                addresses.add(address);
            }
        }
        return addresses;
    }

    private long broadcast(long network, String subject, String status) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                        + " VALUES (?, ?, '本文', ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, subject);
            s.setString(3, status);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private int count(String sql) throws Exception {
        return Integer.parseInt(db.rows(sql).get(0).get(0));
    }

    private List<String> column(String sql) throws Exception {
        return db.rows(sql).stream().map(r -> r.get(0)).toList();
    }
}
