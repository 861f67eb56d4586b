package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.bounces.boundary.BounceDigestSchedule;
import org.renraku.bounces.boundary.BouncePolicy;
import org.renraku.bounces.boundary.Hygiene;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.bounces.boundary.HygieneRow;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.bounces.entity.BounceEvent.Kind;
import org.renraku.bounces.entity.BounceEvent.Outcome;
import org.renraku.bounces.entity.BounceEvent.Source;
import org.renraku.members.entity.EmailAddress;

/**
 * The bounce policy against the real database and mail: hard, three soft, filtered at docomo, a complaint and an
 * auto-reply, each doing what the network's policy says (statuses, suppressions, the 指定受信 flag, audit rows);
 * one digest mail to the admin however often the schedule runs; the hygiene page's reactivation; and a 5xx at
 * send time (scripted SMTP server) suspending the member like a bounce.
 */
@ExtendWith(ArquillianExtension.class)
class BouncePolicyIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    /** Rows read and written through the application's pool. */
    @Inject
    BroadcastJobs db;

    @Inject
    Fixtures fixtures;

    @Inject
    BouncePolicy policy;

    @Inject
    BounceDigestSchedule digests;

    @Inject
    Hygiene hygiene;

    @Inject
    MemberAdministration administration;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    @Test
    void eachKindOfBounceShouldDoWhatThePolicySaysAndTheAdminHearOnce() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.active(network);
        String tag = Fixtures.unique("bp");
        long hard = member(network, tag + "-hard@example.jp", "宛先不明 太郎", "OTHER");
        long soft = member(network, tag + "-soft@gmail.com", "満杯 花子", "GMAIL");
        long filtered = member(network, tag + "-filtered@docomo.ne.jp", "ドコモ 次郎", "DOCOMO");
        long complaint = member(network, tag + "-complaint@gmail.com", "苦情 三郎", "GMAIL");
        long vacation = member(network, tag + "-vacation@gmail.com", "休暇 四郎", "GMAIL");

        // hard: suspended at once, address suppressed, audited as the system
        assertThat(record(network, hard, Kind.HARD, "userunknown", "5.1.1", Source.DSN)).isEqualTo(Outcome.SUSPENDED);
        assertThat(status(hard)).isEqualTo("SUSPENDED");
        assertThat(suppression(network, tag + "-hard@example.jp")).isEqualTo("HARD_BOUNCE");

        // soft: counted twice, the third within 14 days suspends
        assertThat(record(network, soft, Kind.SOFT, "mailboxfull", "5.2.2", Source.DSN)).isEqualTo(Outcome.COUNTED);
        assertThat(record(network, soft, Kind.SOFT, "mailboxfull", "4.2.2", Source.DSN)).isEqualTo(Outcome.COUNTED);
        assertThat(status(soft)).isEqualTo("ACTIVE");
        assertThat(suppression(network, tag + "-soft@gmail.com")).isNull();
        assertThat(record(network, soft, Kind.SOFT, "mailboxfull", "5.2.2", Source.DSN)).isEqualTo(Outcome.SUSPENDED);
        assertThat(status(soft)).isEqualTo("SUSPENDED");
        assertThat(suppression(network, tag + "-soft@gmail.com")).isEqualTo("HARD_BOUNCE");

        // filtered by docomo: not suspended, the member is asked to allow our domain
        assertThat(record(network, filtered, Kind.HARD, "filtered", "5.0.0", Source.DSN)).isEqualTo(Outcome.ALLOW_DOMAIN);
        assertThat(status(filtered)).isEqualTo("ACTIVE");
        assertThat(suppression(network, tag + "-filtered@docomo.ne.jp")).isNull();
        assertThat(db.rows("SELECT needs_allow_domain FROM members WHERE id = " + filtered)).containsExactly(List.of("1"));
        assertThat(hygiene.allowDomainRequest(network, filtered)).contains("renraku.test");
        assertThat(hygiene.allowDomainRequest(network, soft)).isEmpty();

        // complaint (ARF, named by address only): unsubscribed at once like the one-click path
        assertThat(policy.record(new BouncePolicy.Bounce(network, null, null,
                EmailAddress.of(tag + "-complaint@gmail.com"), Kind.COMPLAINT, "feedback", null, null, Source.ARF,
                "Feedback-Type: abuse")).orElseThrow().outcome()).isEqualTo(Outcome.UNSUBSCRIBED);
        assertThat(status(complaint)).isEqualTo("LEFT");
        assertThat(suppression(network, tag + "-complaint@gmail.com")).isEqualTo("COMPLAINT");

        // auto-reply: nothing at all
        assertThat(record(network, vacation, Kind.NONE, "vacation", null, Source.DSN)).isEqualTo(Outcome.IGNORED);
        assertThat(status(vacation)).isEqualTo("ACTIVE");
        assertThat(count("SELECT COUNT(*) FROM bounce_events WHERE member_id = " + vacation)).isZero();

        assertThat(db.rows("SELECT kind, outcome, reason FROM bounce_events WHERE network_id = " + network + " ORDER BY id"))
                .containsExactly(List.of("HARD", "SUSPENDED", "userunknown"), List.of("SOFT", "COUNTED", "mailboxfull"),
                        List.of("SOFT", "COUNTED", "mailboxfull"), List.of("SOFT", "SUSPENDED", "mailboxfull"),
                        List.of("HARD", "ALLOW_DOMAIN", "filtered"), List.of("COMPLAINT", "UNSUBSCRIBED", "feedback"));
        assertThat(db.rows("SELECT kind, actor, subject FROM audit_events WHERE network_id = " + network
                + " AND kind IN ('MEMBER_SUSPENDED_BY_BOUNCE', 'MEMBER_LEFT_BY_COMPLAINT') ORDER BY id")).containsExactly(
                List.of("MEMBER_SUSPENDED_BY_BOUNCE", "system", "宛先不明 太郎 (#" + hard + ")"),
                List.of("MEMBER_SUSPENDED_BY_BOUNCE", "system", "満杯 花子 (#" + soft + ")"),
                List.of("MEMBER_LEFT_BY_COMPLAINT", "system", "苦情 三郎 (#" + complaint + ")"));

        // the digest: one mail to the admin, however often the schedule runs; addresses masked
        digests.sendDue();
        digests.sendDue();
        Mailbox.Mail digest = Mailbox.await(admin.email(), "配信エラーによる停止");
        assertThat(digest.subject()).contains("(3件)");
        assertThat(digest.text()).contains("宛先不明 太郎", "宛先のアドレスがありません", "満杯 花子", "受信箱が満杯です",
                "苦情 三郎", "退会(迷惑メール報告)").doesNotContain(tag + "-hard@example.jp", "ドコモ 次郎");
        Thread.sleep(3000);
        digests.sendDue();
        Thread.sleep(1000);
        assertThat(Mailbox.read(admin.email()).stream().filter(m -> m.subject().contains("配信エラーによる停止")))
                .hasSize(1);

        // the hygiene page's list and reactivation
        List<HygieneRow> listed = hygiene.rows(network);
        assertThat(listed).extracting(HygieneRow::memberId).containsExactlyInAnyOrder(hard, soft, filtered);
        assertThat(listed).filteredOn(r -> r.memberId() == filtered).singleElement()
                .satisfies(r -> assertThat(r.needsAllowDomain()).isTrue());
        assertThat(listed).filteredOn(r -> r.memberId() == soft).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("mailboxfull");
            assertThat(r.recentCount()).isEqualTo(3);
            assertThat(r.suspendedByBounce()).isTrue();
            assertThat(r.address()).doesNotContain(tag);
        });
        assertThat(hygiene.reactivate(network, soft, admin.userId(), "127.0.0.1")).isTrue();
        assertThat(hygiene.reactivate(network, filtered, admin.userId(), "127.0.0.1")).isFalse(); // not suspended
        assertThat(status(soft)).isEqualTo("ACTIVE");
        assertThat(suppression(network, tag + "-soft@gmail.com")).isNull();
        assertThat(db.rows("SELECT actor FROM audit_events WHERE network_id = " + network
                + " AND kind = 'MEMBER_REACTIVATED'")).containsExactly(List.of(admin.userId()));
        // reactivated from the member table, the hard-bounced member loses the bounce's suppression too
        assertThat(suppression(network, tag + "-hard@example.jp")).isEqualTo("HARD_BOUNCE");
        assertThat(administration.reactivate(network, hard, admin.userId(), "127.0.0.1")).isTrue();
        assertThat(status(hard)).isEqualTo("ACTIVE");
        assertThat(suppression(network, tag + "-hard@example.jp")).isNull();
        // the soft bounces before the reactivation no longer count
        assertThat(record(network, soft, Kind.SOFT, "mailboxfull", "5.2.2", Source.DSN)).isEqualTo(Outcome.COUNTED);
        assertThat(status(soft)).isEqualTo("ACTIVE");
    }

    @Test
    void aPermanentRefusalAtSendTimeShouldSuspendTheMember() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("bs");
        String unknown = tag + "-unknown@example.jp";
        String full = tag + "-full@example.jp";
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> rcpt.equals(unknown)
                ? "550 5.1.1 <" + unknown + ">: Recipient address rejected: User unknown"
                : rcpt.equals(full) ? "552 5.2.2 Mailbox full" : null)) {
            long unknownId = member(network, unknown, "不明", "OTHER");
            long fullId = member(network, full, "満杯", "OTHER");
            long okId = member(network, tag + "-ok@example.jp", "正常", "OTHER");
            long broadcast = broadcast(network, "件名 " + tag);
            assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
            Properties p = new Properties();
            p.setProperty("smtpHost", "127.0.0.1");
            p.setProperty("smtpPort", Integer.toString(smtp.port()));
            p.setProperty("pacing", "off");
            awaitEnd(starter.startJob(broadcast, p), Duration.ofSeconds(120));

            assertThat(status(unknownId)).isEqualTo("SUSPENDED");
            assertThat(suppression(network, unknown)).isEqualTo("HARD_BOUNCE");
            assertThat(status(fullId)).isEqualTo("ACTIVE"); // one soft bounce of three
            assertThat(status(okId)).isEqualTo("ACTIVE");
            assertThat(db.rows("SELECT b.email, b.kind, b.reason, b.outcome, b.smtp_code, b.source, b.delivery_id = d.id"
                    + " FROM bounce_events b JOIN deliveries d ON d.broadcast_id = " + broadcast + " AND d.member_id = b.member_id"
                    + " WHERE b.network_id = " + network + " ORDER BY b.email")).containsExactly(
                    List.of(full, "SOFT", "mailboxfull", "COUNTED", "552", "SMTP", "1"),
                    List.of(unknown, "HARD", "userunknown", "SUSPENDED", "550", "SMTP", "1"));
            assertThat(db.rows("SELECT actor FROM audit_events WHERE network_id = " + network
                    + " AND kind = 'MEMBER_SUSPENDED_BY_BOUNCE'")).containsExactly(List.of("system"));
        }
    }

    private Outcome record(long network, long member, Kind kind, String reason, String status, Source source) {
        BouncePolicy.Recorded recorded = policy.record(new BouncePolicy.Bounce(network, null, member, null, kind,
                reason, status, status == null ? null : status.startsWith("4") ? 452 : 550, source, "diagnostic " + reason))
                .orElseThrow();
        // every bounce recorded names its event (a soft one that only counted came back without one: quarantined)
        if (kind != Kind.NONE) {
            assertThat(recorded.eventId()).isNotNull();
        }
        return recorded.outcome();
    }

    private JobExecution awaitEnd(long execution, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JobExecution e = starter.execution(execution);
            BatchStatus s = e.getBatchStatus();
            if (s == BatchStatus.COMPLETED || s == BatchStatus.FAILED || s == BatchStatus.STOPPED
                    || s == BatchStatus.ABANDONED) {
                assertThat(s).as("exit " + e.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
                return e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job execution " + execution + " still " + s + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }

    private String status(long member) throws Exception {
        return db.rows("SELECT status FROM members WHERE id = " + member).get(0).get(0);
    }

    private String suppression(long network, String email) throws Exception {
        List<List<String>> r = db.rows("SELECT reason FROM suppressions WHERE network_id = " + network + " AND email = '"
                + email + "'");
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    private long member(long network, String email, String name, String carrier) throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, 'ACTIVE', NOW(3), NOW(3))", network, email, name, carrier);
    }

    private long broadcast(long network, String subject) throws Exception {
        return insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'DRAFT', NOW(3), NOW(3))", network, subject, "本文 {name}");
    }

    private long insert(String sql, Object... values) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
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
}
