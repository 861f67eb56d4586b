package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
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
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.BroadcastControl;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * Shaping per carrier group for the whole service, seen where the carrier sees it: at the group's MX, a
 * {@link CountingMx} that the test DNS server ({@link TestDns}) names as {@code mx1.<group>.test}, reached by direct
 * delivery (the ITs' Payara delivers direct, MX port {@code RENRAKU_DELIVERY_MX_PORT}). The group's limits hold for
 * several broadcasts together, urgent mail goes first, a throttling carrier slows every broadcast to it and alerts
 * the operator. The limits are set in {@code carrier_group_limits} as the operator page would, and restored
 * afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class CarrierShapingIT {

    private static final int MX_PORT = Integer.parseInt(System.getenv().getOrDefault("RENRAKU_DELIVERY_MX_PORT", "3025"));

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    @Inject
    BroadcastControl control;

    @Inject
    BroadcastJobs jobs;

    private final List<long[]> started = new ArrayList<>();
    private final List<Long> executions = new ArrayList<>();

    @AfterEach
    void restoreTheGroupsAndStopWhatIsStillSending() throws Exception {
        for (long[] b : started) {
            if ("SENDING".equals(value("SELECT status FROM broadcasts WHERE id = " + b[1]))) {
                control.cancel(b[0], b[1], "it-admin", "127.0.0.1");
            }
        }
        exec("UPDATE carrier_group_limits SET connections = 2, messages_per_connection = 100, per_second = 5,"
                + " urgent_per_second = 20, quiet_minutes = 5, updated_by = NULL WHERE carrier_group IN ('DOCOMO', 'AU')");
        exec("UPDATE carrier_group_state SET halvings = 0, throttled = 0, accepted = 0, paused_until = NULL, pauses = 0"
                + " WHERE carrier_group IN ('DOCOMO', 'AU')");
        exec("DELETE FROM carrier_slot_wants");
        Instant deadline = Instant.now().plusSeconds(60);
        for (long e : executions) { // the cancelled jobs end at their chunk's end; the next test starts clean
            while (!starter.execution(e).getBatchStatus().name().matches("COMPLETED|STOPPED|FAILED|ABANDONED")
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
        }
    }

    @Test
    void twoNetworksBroadcastingAtOnceShouldStayWithinTheGroupsLimitsTogetherAndShareThem() throws Exception {
        limits("DOCOMO", 2, 10, 20, 40);
        String tag = Fixtures.unique("two");
        long networkA = fixtures.network();
        long networkB = fixtures.network();
        members(networkA, tag + "-a", 60, "DOCOMO", "docomo.ne.jp");
        members(networkB, tag + "-b", 60, "DOCOMO", "docomo.ne.jp");
        long a = broadcast(networkA, "A " + tag, false);
        long b = broadcast(networkB, "B " + tag, false);
        // one address per test: a cancelled broadcast's last chunk in flight never reaches the next test's server
        try (TestDns dns = TestDns.change().point("mx1.docomo.test", "127.0.0.5");
             CountingMx docomo = CountingMx.start("127.0.0.5", MX_PORT)) {
            start(networkA, a);
            start(networkB, b);
            awaitStatus(a, "SENT", Duration.ofSeconds(120));
            awaitStatus(b, "SENT", Duration.ofSeconds(120));

            assertThat(docomo.received()).hasSize(120);
            assertThat(docomo.received().stream().map(CountingMx.Received::recipient).distinct()).hasSize(120);
            // the group's limits, both broadcasts together
            assertThat(docomo.maxConcurrentConnections()).isBetween(1, 2);
            assertThat(docomo.maxMessagesPerConnection()).isBetween(1, 10);
            assertThat(docomo.maxInWindow(Duration.ofSeconds(1))).as("messages in any second").isLessThanOrEqualTo(22);
            // shared: neither network waited for the other's whole broadcast
            Instant lastA = last(docomo, r -> r.recipient().startsWith(tag + "-a"));
            Instant lastB = last(docomo, r -> r.recipient().startsWith(tag + "-b"));
            assertThat(first(docomo, r -> r.recipient().startsWith(tag + "-b"))).isBefore(lastA);
            assertThat(first(docomo, r -> r.recipient().startsWith(tag + "-a"))).isBefore(lastB);
        }
    }

    @Test
    void anUrgentBroadcastStartedWhileA10000MemberOneIsSendingShouldReachAllItsMembersFirst() throws Exception {
        limits("DOCOMO", 2, 100, 150, 300);
        String tag = Fixtures.unique("urg");
        long big = fixtures.network();
        long school = fixtures.network();
        exec("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " SELECT " + big + ", CONCAT('" + tag + "-n', n), '会員', 'DOCOMO', 'ACTIVE', NOW(3), NOW(3)"
                + " FROM (SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS n FROM " + digits("a") + ", " + digits("b")
                + ", " + digits("c") + ", " + digits("e") + ") s");
        exec("UPDATE members SET email = CONCAT(email, '@docomo.ne.jp') WHERE network_id = " + big);
        members(school, tag + "-u", 40, "DOCOMO", "docomo.ne.jp");
        long normal = broadcast(big, "通常 " + tag, false);
        long urgent = broadcast(school, "緊急 " + tag, true);
        try (TestDns dns = TestDns.change().point("mx1.docomo.test", "127.0.0.6");
             CountingMx docomo = CountingMx.start("127.0.0.6", MX_PORT)) {
            start(big, normal);
            awaitReceived(docomo, 300, Duration.ofSeconds(60));
            start(school, urgent);
            awaitStatus(urgent, "SENT", Duration.ofSeconds(60));

            List<CountingMx.Received> all = docomo.received();
            Predicate<CountingMx.Received> isUrgent = r -> r.recipient().startsWith(tag + "-u");
            assertThat(all.stream().filter(isUrgent).map(CountingMx.Received::recipient).distinct()).hasSize(40);
            Instant firstUrgent = first(docomo, isUrgent);
            Instant lastUrgent = last(docomo, isUrgent);
            long normalMeanwhile = all.stream().filter(isUrgent.negate())
                    .filter(r -> r.at().isAfter(firstUrgent) && r.at().isBefore(lastUrgent)).count();
            // at most the chunks the normal lanes had in flight when the urgent lanes asked for the connections
            assertThat(normalMeanwhile).as("normal messages while the urgent ones went").isLessThanOrEqualTo(2 * 20);
            assertThat(value("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + normal
                    + " AND status = 'PENDING'")).as("the normal broadcast is still under way").isNotEqualTo("0");
            assertThat(docomo.maxConcurrentConnections()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aCarrierAnswering421ShouldSlowEveryBroadcastToItAndAlertTheOperator() throws Exception {
        limits("AU", 2, 100, 20, 40);
        String tag = Fixtures.unique("thr");
        String operator = tag + "-op@example.jp";
        exec("INSERT INTO operators (user_id, display_name, email, password_hash, created_at) VALUES ('" + tag
                + "', '運用 " + tag + "', '" + operator + "', 'x', NOW(3))");
        long networkA = fixtures.network();
        long networkB = fixtures.network();
        Fixtures.TestAdmin adminA = fixtures.active(networkA);
        Fixtures.TestAdmin adminB = fixtures.active(networkB);
        members(networkA, tag + "-a", 100, "AU", "ezweb.ne.jp");
        members(networkB, tag + "-b", 100, "AU", "ezweb.ne.jp");
        long a = broadcast(networkA, "A " + tag, false);
        long b = broadcast(networkB, "B " + tag, false);
        try (TestDns dns = TestDns.change().point("mx1.au.test", "127.0.0.7");
             CountingMx au = CountingMx.start("127.0.0.7", MX_PORT)) {
            start(networkA, a);
            start(networkB, b);
            // both are under way, sharing the group's 20 messages a second …
            awaitReceived(au, r -> r.recipient().startsWith(tag + "-a"), 3, Duration.ofSeconds(30));
            awaitReceived(au, r -> r.recipient().startsWith(tag + "-b"), 3, Duration.ofSeconds(30));
            // … when au starts refusing: three refusals in a row halve the group's rate, three more pause it
            au.refuseWith("421 4.7.0 Too many connections, slow down");
            awaitValue("SELECT paused_until IS NOT NULL FROM carrier_group_state WHERE carrier_group = 'AU'", "1",
                    Duration.ofSeconds(60));
            assertThat(value("SELECT halvings FROM carrier_group_state WHERE carrier_group = 'AU'")).isEqualTo("1");
            // each refusal is reported at once; lanes already under way may each add one
            assertThat(au.refusals()).hasSizeBetween(6, 6 + 4 * 2);
            assertThat(value("SELECT COUNT(*) FROM carrier_refusals WHERE carrier_group = 'AU' AND reply LIKE '421%'"))
                    .isNotEqualTo("0");
            // paused for everyone: neither broadcast tries the group any more, and both still have members to go
            Thread.sleep(2000);
            int refusedThen = au.refusals().size();
            int receivedThen = au.received().size();
            Thread.sleep(5000);
            assertThat(au.refusals()).hasSize(refusedThen);
            assertThat(au.received()).hasSize(receivedThen);
            for (long broadcast : new long[] {a, b}) {
                assertThat(value("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                        + " AND status IN ('PENDING', 'DEFERRED')")).isNotEqualTo("0");
            }

            Mailbox.Mail slowed = Mailbox.await(operator, "au あての送信を全体で遅くしました");
            assertThat(slowed.text()).contains("421 4.7.0");
            Mailbox.Mail paused = Mailbox.await(operator, "au あての送信を全体で一時停止しました");
            assertThat(paused.text()).contains("運用画面の「配信制限」");
            assertThat(Mailbox.await(adminA.email(), "au あての送信を一時停止しました").text()).contains("A " + tag);
            assertThat(Mailbox.await(adminB.email(), "au あての送信を一時停止しました").text()).contains("B " + tag);
        } finally {
            exec("DELETE FROM operators WHERE user_id = '" + tag + "'");
        }
    }

    // --- helpers

    private void limits(String group, int connections, int perConnection, double perSecond, double urgent)
            throws Exception {
        exec("UPDATE carrier_group_limits SET connections = " + connections + ", messages_per_connection = "
                + perConnection + ", per_second = " + perSecond + ", urgent_per_second = " + urgent
                + ", quiet_minutes = 0 WHERE carrier_group = '" + group + "'");
        exec("UPDATE carrier_group_state SET next_send_at = NOW(6), halvings = 0, throttled = 0, accepted = 0,"
                + " paused_until = NULL, pauses = 0 WHERE carrier_group = '" + group + "'");
    }

    /** Starts the broadcast's job as the console would: paced, delivered direct to the MX the DNS names. */
    private void start(long network, long broadcast) {
        assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
        started.add(new long[] {network, broadcast});
        executions.add(starter.startJob(broadcast, new Properties()));
    }

    private void members(long network, String prefix, int n, String carrier, String domain) throws Exception {
        exec("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " SELECT " + network + ", CONCAT('" + prefix + "', a.d * 10 + b.d, '@" + domain + "'), '会員', '"
                + carrier + "', 'ACTIVE', NOW(3), NOW(3) FROM " + digits("a") + ", " + digits("b")
                + " WHERE a.d * 10 + b.d < " + n);
    }

    private static String digits(String alias) {
        return "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL"
                + " SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) " + alias;
    }

    private long broadcast(long network, String subject, boolean urgent) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcasts (network_id, subject, body_text, status, urgent, created_at, updated_at)"
                        + " VALUES (?, ?, '本文です。', 'DRAFT', ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, subject);
            s.setBoolean(3, urgent);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static Instant first(CountingMx mx, Predicate<CountingMx.Received> which) {
        return mx.received().stream().filter(which).map(CountingMx.Received::at).min(Instant::compareTo).orElseThrow();
    }

    private static Instant last(CountingMx mx, Predicate<CountingMx.Received> which) {
        return mx.received().stream().filter(which).map(CountingMx.Received::at).max(Instant::compareTo).orElseThrow();
    }

    private static void awaitReceived(CountingMx mx, int n, Duration timeout) throws InterruptedException {
        awaitReceived(mx, r -> true, n, timeout);
    }

    private static void awaitReceived(CountingMx mx, Predicate<CountingMx.Received> which, int n, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (mx.received().stream().filter(which).count() < n) {
            assertThat(Instant.now()).as("only " + mx.received().size() + " received").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitStatus(long broadcast, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!status.equals(value("SELECT status FROM broadcasts WHERE id = " + broadcast))) {
            if (Instant.now().isAfter(deadline)) {
                Map<String, Long> open = new java.util.TreeMap<>();
                for (List<String> r : rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast
                        + " GROUP BY status")) {
                    open.put(r.get(0), Long.parseLong(r.get(1)));
                }
                throw new AssertionError("Broadcast " + broadcast + " not " + status + " after " + timeout + ": " + open);
            }
            Thread.sleep(200);
        }
    }

    private void awaitValue(String sql, String expected, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!expected.equals(value(sql))) {
            assertThat(Instant.now()).as(sql + " still " + value(sql)).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private void exec(String sql) throws Exception {
        jobs.exec(sql);
    }

    private List<List<String>> rows(String sql) throws Exception {
        return jobs.rows(sql);
    }

    private String value(String sql) throws Exception {
        return jobs.value(sql);
    }
}
