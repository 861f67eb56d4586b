package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.bounces.boundary.TestMailSettings;
import org.renraku.bounces.boundary.TestMailStarter;
import org.renraku.bounces.boundary.TestMails;
import org.renraku.bounces.control.TestMailCalendar;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.VerpAddress;
import org.renraku.platform.batch.Jobs;

/**
 * The monthly test mail end to end: started on demand, sent by the broadcast-delivery job to GreenMail, two of its
 * deliveries bounce into the bounce mailbox, the bounce-processing job reads them and the policy suspends one
 * member and (the network deletes on a test-mail bounce) deletes the other; the report to the admin names both.
 * And the schedule's claim: called twice at once, one test mail per network and month.
 */
@ExtendWith(ArquillianExtension.class)
class TestMailIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastJobs broadcastJobs;

    @Inject
    TestMailStarter starter;

    @Inject
    TestMails testMails;

    @Inject
    ComposerSettings composer;

    @Inject
    Jobs jobs;

    @Test
    void aTestMailOnDemandShouldSuspendAndDeleteWhomItDoesNotReachAndReportThem() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.active(network);
        String run = Fixtures.unique("tm");
        String keep = run + ".keep@example.jp";
        String full = run + ".full@example.jp";
        String gone = run + ".gone@example.jp";
        broadcastJobs.member(network, keep, "届く 一郎");
        broadcastJobs.member(network, full, "満杯 花子");
        broadcastJobs.member(network, gone, "不明 太郎");
        // a hard bounce of the test mail deletes; one soft bounce suspends
        testMails.saveSettings(network, new TestMailSettings(true, 1, true), "it-admin", null);
        broadcastJobs.exec("UPDATE networks SET bounce_soft_threshold = 1 WHERE id = " + network);
        int processedBefore = BounceMailboxIT.count("Processed");
        int quarantinedBefore = BounceMailboxIT.count("Quarantine");

        TestMails.Claimed claimed = starter.sendNow(network, "it-admin", null).orElseThrow();
        assertThat(claimed.recipients()).isEqualTo(3);
        long broadcast = claimed.broadcastId();
        assertThat(one("SELECT CONCAT(test_mail, '/', COALESCE(created_by, 'system')) FROM broadcasts WHERE id = "
                + broadcast)).isEqualTo("1/system");
        awaitSent(broadcast);
        Mailbox.Mail received = Mailbox.await(keep, "配信テスト");
        assertThat(received.subject()).isEqualTo("【連絡網】配信テスト");
        assertThat(received.text()).contains("毎月の配信テスト").contains("お返事や操作は必要ありません");
        assertThat(one("SELECT test_mail_month FROM networks WHERE id = " + network))
                .isEqualTo(TestMailCalendar.format(TestMailCalendar.month(Instant.now())));

        long fullId = Long.parseLong(one("SELECT id FROM members WHERE email = '" + full + "'"));
        long goneId = Long.parseLong(one("SELECT id FROM members WHERE email = '" + gone + "'"));
        BounceMailboxIT.smtp(BounceMailboxIT.dsn(verp(broadcast, fullId), full, "4.2.2",
                "452 4.2.2 <" + full + ">: Mailbox full, quota exceeded"));
        BounceMailboxIT.smtp(BounceMailboxIT.dsn(verp(broadcast, goneId), gone, "5.1.1",
                "550 5.1.1 <" + gone + ">: Recipient address rejected: User unknown in virtual mailbox table"));
        BounceMailboxIT.processMailbox(jobs, processedBefore + 2, quarantinedBefore);

        assertThat(one("SELECT status FROM members WHERE id = " + fullId)).isEqualTo("SUSPENDED");
        assertThat(one("SELECT status FROM members WHERE id = " + goneId)).isEqualTo("LEFT"); // deleted: it has deliveries
        assertThat(one("SELECT status FROM members WHERE email = '" + keep + "'")).isEqualTo("ACTIVE");
        assertThat(one("SELECT reason FROM suppressions WHERE network_id = " + network + " AND email = '" + gone + "'"))
                .isEqualTo("HARD_BOUNCE");
        assertThat(rows("SELECT CONCAT(kind, ' ', outcome) FROM bounce_events WHERE network_id = " + network
                + " ORDER BY id")).containsExactlyInAnyOrder("SOFT SUSPENDED", "HARD DELETED");
        assertThat(one("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'MEMBER_DELETED' AND actor = 'system'")).isEqualTo("1");
        assertThat(testMails.last(network).orElseThrow()).satisfies(r -> {
            assertThat(r.broadcastId()).isEqualTo(broadcast);
            assertThat(r.recipients()).isEqualTo(3);
            assertThat(r.suspended()).isEqualTo(1);
            assertThat(r.deleted()).isEqualTo(1);
            assertThat(r.reportSentAt()).isNull();
        });

        // the report waits 24 hours for the bounces, then goes once
        assertThat(testMails.reportsDue(Instant.now())).doesNotContain(broadcast);
        Instant dayLater = Instant.now().plus(Duration.ofHours(25));
        assertThat(testMails.reportsDue(dayLater)).contains(broadcast);
        assertThat(starter.reportDue(dayLater)).isGreaterThanOrEqualTo(1);
        assertThat(testMails.reportsDue(dayLater)).doesNotContain(broadcast);
        Mailbox.Mail report = Mailbox.await(admin.email(), "配信テストの結果");
        assertThat(report.subject()).contains("停止1件・削除1件");
        assertThat(report.text()).contains("満杯 花子").contains("不明 太郎").contains("配信停止").contains("削除(配信テスト)")
                .contains("送信: 3件").doesNotContain(full).doesNotContain(gone).doesNotContain("届く 一郎");
        assertThat(testMails.last(network).orElseThrow().reportSentAt()).isNotNull();
    }

    @Test
    void theSchedulesClaimShouldMakeOneTestMailPerNetworkAndMonthWhenCalledTwiceAtOnce() throws Exception {
        long network = fixtures.network();
        broadcastJobs.member(network, Fixtures.unique("claim") + "@example.jp", "定期 会員");
        // the network existed before this month's test day
        broadcastJobs.exec("UPDATE networks SET created_at = NOW(3) - INTERVAL 60 DAY, test_mail_day = 1 WHERE id = " + network);
        Instant now = Instant.now();
        ZonedDateTime tokyo = now.atZone(TestMailCalendar.ZONE);
        if (tokyo.getDayOfMonth() == 1 && tokyo.toLocalTime().isBefore(TestMailCalendar.TIME)) {
            now = TestMailCalendar.moment(TestMailCalendar.month(now), 1).plusSeconds(60);
        }
        Instant at = now;
        List<Optional<TestMails.Claimed>> results = new ArrayList<>();
        Callable<Optional<TestMails.Claimed>> claim = () -> starter.scheduled(network, at);
        for (Future<Optional<TestMails.Claimed>> f : executor.invokeAll(List.of(claim, claim))) {
            results.add(f.get());
        }
        // the server's own timer may have claimed it first; never two
        assertThat(results.stream().filter(Optional::isPresent).count()).isLessThanOrEqualTo(1);
        assertThat(one("SELECT COUNT(*) FROM broadcasts WHERE test_mail AND network_id = " + network)).isEqualTo("1");
        assertThat(one("SELECT test_mail_month FROM networks WHERE id = " + network))
                .isEqualTo(TestMailCalendar.format(TestMailCalendar.month(at)));
        // and again: nothing
        assertThat(starter.scheduled(network, at)).isEmpty();
        assertThat(one("SELECT COUNT(*) FROM broadcasts WHERE test_mail AND network_id = " + network)).isEqualTo("1");
        awaitSent(Long.parseLong(one("SELECT id FROM broadcasts WHERE test_mail AND network_id = " + network)));
    }

    private String verp(long broadcast, long member) {
        var settings = composer.settings();
        return VerpAddress.of(settings.bouncePrefix(), new DeliveryToken(broadcast, member).sign(composer.tokenKey(), DeliveryToken.Purpose.BOUNCE),
                settings.bounceDomain());
    }

    private void awaitSent(long broadcast) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        String status;
        while (!"SENT".equals(status = one("SELECT status FROM broadcasts WHERE id = " + broadcast))) {
            assertThat(Instant.now()).as("test mail " + broadcast + " still " + status).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private String one(String sql) throws Exception {
        List<String> r = rows(sql);
        assertThat(r).as(sql).hasSize(1);
        return r.get(0);
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
