package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.home.boundary.Home;
import org.renraku.home.boundary.HomeFigures;

/**
 * The console's home: on a busy network every figure is the exact count of what was seeded — members by
 * status and carrier, the last broadcasts with their delivery and answer rates (the test mail, drafts and re-sends
 * left out), the alerts (a paused carrier group, bounce and complaint rates over their thresholds,
 * members asked for 指定受信, open inquiries, suppressions of this week) and what is scheduled or repeats; and on a
 * new network the getting-started checklist ticks itself as each step is done through the application.
 */
@ExtendWith(ArquillianExtension.class)
class HomeIT {

    @Inject
    Fixtures fixtures;

    @Inject
    Home home;

    @Inject
    Broadcasts broadcasts;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Test
    void aBusyNetworksHomeShouldShowTheExactCountsOfWhatNeedsTheAdmin() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("home");
        exec("INSERT INTO member_attributes (network_id, label, kind, choices, created_at) VALUES (" + network
                + ", '学年', 'SINGLE', '1年\n2年', NOW(3))");
        long[] docomo = {
                member(network, tag + "-d1@docomo.ne.jp", "DOCOMO", "ACTIVE", false),
                member(network, tag + "-d2@docomo.ne.jp", "DOCOMO", "ACTIVE", false),
                member(network, tag + "-d3@docomo.ne.jp", "DOCOMO", "ACTIVE", false)};
        long[] gmail = {
                member(network, tag + "-g1@gmail.com", "GMAIL", "ACTIVE", false),
                member(network, tag + "-g2@gmail.com", "GMAIL", "ACTIVE", false)};
        long au = member(network, tag + "-a1@ezweb.ne.jp", "AU", "ACTIVE", true);
        long rakuten = member(network, tag + "-r1@rakumail.jp", "RAKUTEN", "ACTIVE", false);
        member(network, tag + "-p1@example.jp", "OTHER", "PENDING", false);
        member(network, tag + "-s1@docomo.ne.jp", "DOCOMO", "SUSPENDED", true);
        member(network, tag + "-s2@gmail.com", "GMAIL", "SUSPENDED", false);
        member(network, tag + "-l1@docomo.ne.jp", "DOCOMO", "LEFT", true); // left: no longer asked for 指定受信

        // the oldest: asks for confirmation, 5 of 6 accepted, 1 refused for good, 3 answered
        long confirm = broadcast(network, "出欠のお願い", "SENT", "CONFIRM", "NOW(3) - INTERVAL 2 DAY", null);
        long[] recipients = {docomo[0], docomo[1], docomo[2], gmail[0], gmail[1], au};
        for (int i = 0; i < recipients.length; i++) {
            delivery(confirm, recipients[i], i < 5 ? "SENT" : "FAILED", "NOW(3) - INTERVAL 2 DAY");
        }
        for (int i = 0; i < 3; i++) {
            exec("INSERT INTO answers (network_id, broadcast_id, member_id, via, answered_at, first_at) VALUES ("
                    + network + ", " + confirm + ", " + recipients[i] + ", 'LINK', NOW(3), NOW(3))");
        }
        // then a plain one, all 4 accepted
        long plain = broadcast(network, "運動会のお知らせ", "SENT", "NONE", "NOW(3) - INTERVAL 1 DAY", null);
        for (long m : new long[] {docomo[0], docomo[1], gmail[0], rakuten}) {
            delivery(plain, m, "SENT", "NOW(3) - INTERVAL 1 DAY");
        }
        // the newest, paused by the admin while being sent (PAUSED: the delivery sweep leaves it alone)
        long sending = broadcast(network, "台風のため休校", "PAUSED", "NONE", "NOW(3) - INTERVAL 1 MINUTE", null);
        delivery(sending, docomo[2], "PENDING", null);
        delivery(sending, gmail[1], "PENDING", null);
        // not on the home: the monthly test mail, a re-send, a draft
        long test = broadcast(network, "配信テスト", "SENT", "NONE", "NOW(3) - INTERVAL 3 HOUR", null);
        exec("UPDATE broadcasts SET test_mail = TRUE WHERE id = " + test);
        long resend = broadcast(network, "出欠のお願い(再送)", "SENT", "CONFIRM", "NOW(3) - INTERVAL 2 HOUR", null);
        exec("UPDATE broadcasts SET resend_of = " + confirm + " WHERE id = " + resend);
        broadcast(network, "下書き", "DRAFT", "NONE", null, null);
        // to come: one scheduled, one repeating monthly on the 15th at 9:00
        long scheduled = broadcast(network, "遠足の持ち物", "SCHEDULED", "NONE", null, "NOW(3) + INTERVAL 2 DAY");
        long repeating = broadcast(network, "今月の予定", "SCHEDULED", "NONE", null, "NOW(3) + INTERVAL 5 DAY");
        exec("UPDATE broadcasts SET repeat_rule = 'FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0' WHERE id = "
                + repeating);
        // 10 messages in 30 days (9 accepted, 1 refused): 1 hard bounce and 1 complaint are 10 % each
        exec("INSERT INTO bounce_events (network_id, member_id, email, kind, source, outcome, occurred_at) VALUES ("
                + network + ", " + au + ", '" + tag + "-a1@ezweb.ne.jp', 'HARD', 'SMTP', 'COUNTED', NOW(3) - INTERVAL 2 DAY)");
        exec("INSERT INTO bounce_events (network_id, member_id, email, kind, source, outcome, occurred_at) VALUES ("
                + network + ", " + gmail[0] + ", '" + tag + "-g1@gmail.com', 'COMPLAINT', 'ARF', 'UNSUBSCRIBED',"
                + " NOW(3) - INTERVAL 1 DAY)");
        exec("INSERT INTO bounce_events (network_id, member_id, email, kind, source, outcome, occurred_at) VALUES ("
                + network + ", " + gmail[1] + ", '" + tag + "-g2@gmail.com', 'HARD', 'DSN', 'COUNTED',"
                + " NOW(3) - INTERVAL 40 DAY)"); // outside the 30 days
        inquiry(network, null);
        inquiry(network, null);
        inquiry(network, "NOW(3)");
        suppression(network, tag + "-x1@example.jp", "NOW(3) - INTERVAL 1 DAY");
        suppression(network, tag + "-x2@example.jp", "NOW(3) - INTERVAL 6 DAY");
        suppression(network, tag + "-x3@example.jp", "NOW(3) - INTERVAL 10 DAY");

        HomeFigures figures;
        String before = value("SELECT COALESCE(UNIX_TIMESTAMP(paused_until), 'null') FROM carrier_group_state"
                + " WHERE carrier_group = 'RAKUTEN'");
        try {
            // the service-wide pause of a carrier group the network has members at (restored below: shared state)
            exec("UPDATE carrier_group_state SET paused_until = NOW(3) + INTERVAL 20 MINUTE WHERE carrier_group = 'RAKUTEN'");
            figures = home.figures(network);
        } finally {
            exec("UPDATE carrier_group_state SET paused_until = " + ("null".equals(before) ? "NULL"
                    : "FROM_UNIXTIME(" + before + ")") + " WHERE carrier_group = 'RAKUTEN'");
        }

        HomeFigures.Members members = figures.members();
        assertThat(members.active()).isEqualTo(7);
        assertThat(members.pending()).isEqualTo(1);
        assertThat(members.suspended()).isEqualTo(2);
        assertThat(members.left()).isEqualTo(1);
        assertThat(members.activeByCarrier()).extracting(HomeFigures.CarrierCount::carrier,
                HomeFigures.CarrierCount::count).containsExactly(tuple("DOCOMO", 3L), tuple("GMAIL", 2L),
                tuple("AU", 1L), tuple("RAKUTEN", 1L));

        assertThat(figures.recent()).extracting(HomeFigures.RecentBroadcast::id).containsExactly(sending, plain, confirm);
        HomeFigures.RecentBroadcast asked = figures.recent().get(2);
        assertThat(asked.recipients()).isEqualTo(6);
        assertThat(asked.accepted()).isEqualTo(5);
        assertThat(asked.deliveryPercent()).isEqualTo(83);
        assertThat(asked.asksAnswers()).isTrue();
        assertThat(asked.answered()).isEqualTo(3);
        assertThat(asked.answerPercent()).isEqualTo(50);
        assertThat(figures.recent().get(1)).satisfies(b -> {
            assertThat(b.deliveryPercent()).isEqualTo(100);
            assertThat(b.asksAnswers()).isFalse();
        });
        assertThat(figures.recent().get(0)).satisfies(b -> {
            assertThat(b.status()).isEqualTo("PAUSED");
            assertThat(b.recipients()).isEqualTo(2);
            assertThat(b.accepted()).isZero();
        });

        HomeFigures.Alerts alerts = figures.alerts();
        // other tests may have left a group paused: only those the network has active members at are shown
        assertThat(alerts.paused()).extracting(HomeFigures.PausedGroup::group).contains("RAKUTEN")
                .isSubsetOf("DOCOMO", "GMAIL", "AU", "RAKUTEN");
        assertThat(alerts.paused()).filteredOn(p -> p.group().equals("RAKUTEN")).singleElement()
                .satisfies(p -> assertThat(p.until()).isBetween(Instant.now().plus(Duration.ofMinutes(19)),
                        Instant.now().plus(Duration.ofMinutes(21))));
        assertThat(alerts.bounceRate()).isEqualTo(10.0);
        assertThat(alerts.bounceOver()).isTrue();
        assertThat(alerts.complaintRate()).isEqualTo(10.0);
        assertThat(alerts.complaintOver()).isTrue();
        assertThat(alerts.allowDomainWaiting()).isEqualTo(2);
        assertThat(alerts.unreadInquiries()).isEqualTo(2);
        assertThat(alerts.suppressionsThisWeek()).isEqualTo(2);
        assertThat(alerts.any()).isTrue();

        assertThat(figures.upcoming()).extracting(HomeFigures.Upcoming::id, HomeFigures.Upcoming::repeating)
                .containsExactly(tuple(scheduled, false), tuple(repeating, true));
        assertThat(figures.upcoming().get(1).repeatDay()).isEqualTo(15);
        assertThat(figures.upcoming().get(1).repeatTime()).isEqualTo("9:00");

        assertThat(figures.checklist()).isEqualTo(new HomeFigures.Checklist(true, false, true, false, true));
    }

    @Test
    void aNewNetworksChecklistShouldTickItselfAsEachStepIsDone() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);

        HomeFigures fresh = home.figures(network);
        assertThat(fresh.checklist()).isEqualTo(new HomeFigures.Checklist(false, false, false, false, false));
        assertThat(fresh.checklist().done()).isZero();
        assertThat(fresh.recent()).isEmpty();
        assertThat(fresh.upcoming()).isEmpty();
        assertThat(fresh.alerts().any()).isFalse();
        assertThat(fresh.members().current()).isZero();

        exec("INSERT INTO member_attributes (network_id, label, kind, choices, created_at) VALUES (" + network
                + ", 'クラス', 'SINGLE', '1組\n2組', NOW(3))");
        assertThat(home.figures(network).checklist().attributes()).isTrue();

        assertThat(home.joinSheetPrinted(network, admin.userId(), "192.0.2.7")).isTrue();
        assertThat(home.joinSheetPrinted(network, admin.userId(), "192.0.2.7")).as("recorded once").isFalse();
        assertThat(value("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'JOIN_SHEET_PRINTED' AND actor = '" + admin.userId() + "'")).isEqualTo("1");
        assertThat(home.figures(network).checklist().joinSheet()).isTrue();

        member(network, Fixtures.unique("first") + "@docomo.ne.jp", "DOCOMO", "PENDING", false);
        assertThat(home.figures(network).checklist().members()).as("pending is not a member yet").isFalse();
        member(network, Fixtures.unique("first") + "@gmail.com", "GMAIL", "ACTIVE", false);
        assertThat(home.figures(network).checklist().members()).isTrue();

        long draft = broadcast(network, "はじめての連絡", "DRAFT", "NONE", null, null);
        assertThat(broadcasts.testSend(network, admin.id(), draft)).isEqualTo(admin.email());
        assertThat(Mailbox.await(admin.email(), "はじめての連絡")).isNotNull();
        HomeFigures.Checklist afterTest = home.figures(network).checklist();
        assertThat(afterTest.testSend()).isTrue();
        assertThat(afterTest.broadcast()).as("a test send is not a broadcast").isFalse();
        assertThat(afterTest.complete()).isFalse();

        broadcasts.schedule(network, draft, Instant.now().plus(Duration.ofDays(1)), null, admin.userId(), "192.0.2.7");
        HomeFigures.Checklist done = home.figures(network).checklist();
        assertThat(done.broadcast()).isTrue();
        assertThat(done.done()).isEqualTo(5);
        assertThat(done.complete()).isTrue();
    }

    // --- seeding ------------------------------------------------------------------------------------------------

    private long member(long network, String email, String carrier, String status, boolean allowDomain)
            throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, needs_allow_domain, created_at,"
                + " updated_at) VALUES (" + network + ", '" + email + "', '会員', '" + carrier + "', '" + status + "', "
                + allowDomain + ", NOW(3), NOW(3))");
    }

    private long broadcast(long network, String subject, String status, String answerKind, String startedAt,
                           String scheduledAt) throws Exception {
        return insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind, started_at,"
                + " scheduled_at, created_at, updated_at) VALUES (" + network + ", '" + subject + "', '本文', '" + status
                + "', '" + answerKind + "', " + (startedAt == null ? "NULL" : startedAt) + ", "
                + (scheduledAt == null ? "NULL" : scheduledAt) + ", NOW(3), NOW(3))");
    }

    private void delivery(long broadcast, long member, String status, String at) throws Exception {
        String when = at == null ? "NULL" : at;
        exec("INSERT INTO deliveries (broadcast_id, member_id, email, status, attempts, last_attempt_at, sent_at,"
                + " created_at, updated_at) SELECT " + broadcast + ", id, email, '" + status + "', 1, " + when + ", "
                + ("SENT".equals(status) ? when : "NULL") + ", NOW(3), NOW(3) FROM members WHERE id = " + member);
    }

    private void inquiry(long network, String readAt) throws Exception {
        exec("INSERT INTO inquiries (network_id, from_address, subject, body_text, received_at, read_at) VALUES ("
                + network + ", 'someone@example.jp', '質問', '本文', NOW(3), " + (readAt == null ? "NULL" : readAt) + ")");
    }

    private void suppression(long network, String email, String createdAt) throws Exception {
        exec("INSERT INTO suppressions (network_id, email, reason, source, created_at) VALUES (" + network + ", '"
                + email + "', 'HARD_BOUNCE', 'BOUNCE', " + createdAt + ")");
    }

    private long insert(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String value(String sql) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
