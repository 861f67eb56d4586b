package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.entity.RepeatRule;
import org.renraku.delivery.batch.DeliverySweep;

/**
 * Monthly repeating broadcasts (毎月): the admin schedules a template with its rule; when an occurrence is due the
 * delivery sweep makes one broadcast of it (same text, attachment and target, repeat_of = the template) and
 * sends it — exactly once, even when two sweeps and several other callers take the occurrence at the same
 * moment — and the template moves on to the next occurrence. Stopping the repetition is audited.
 */
@ExtendWith(ArquillianExtension.class)
class RepeatingBroadcastIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastClaims claims;

    @Inject
    DeliverySweep sweep;

    private Sql sql;

    @org.junit.jupiter.api.BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    @Test
    void aDueOccurrenceShouldBecomeExactlyOneBroadcastDeliveredOnceEvenWhenTheSweepRunsTwiceAtOnce() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        String a = Fixtures.unique("rep-a") + "@gmail.com";
        String b = Fixtures.unique("rep-b") + "@docomo.ne.jp";
        String stopped = Fixtures.unique("rep-s") + "@gmail.com";
        sql.member(network, "山田 太郎", a, "GMAIL", "ACTIVE");
        sql.member(network, "佐藤 花子", b, "DOCOMO", "ACTIVE");
        sql.member(network, "停止 中", stopped, "GMAIL", "SUSPENDED");
        String subject = "月例のお知らせ " + Fixtures.unique("m");
        byte[] pdf = "%PDF-1.4 monthly".getBytes();
        long template = broadcasts.save(network, admin.id(), new Broadcasts.Draft(null, subject, "{name}さん\n今月の予定です。",
                MailCharset.UTF_8, "さくら小PTA", null, RecipientFilter.all(), null,
                List.of(new Broadcasts.Upload("予定表.pdf", "application/pdf", pdf))));
        RepeatRule rule = RepeatRule.monthly(RepeatRule.LAST_DAY, 7, 0);

        Instant before = Instant.now();
        Instant first = broadcasts.schedule(network, template, null, rule, "it-admin", "127.0.0.1");

        assertThat(first).isEqualTo(rule.nextAfter(before));
        assertThat(sql.row("SELECT status, repeat_rule FROM broadcasts WHERE id = ?", template))
                .containsExactly("SCHEDULED", "FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7;BYMINUTE=0");
        assertThat(broadcasts.repeats(network)).singleElement().satisfies(r -> {
            assertThat(r.lastDay()).isTrue();
            assertThat(r.time()).isEqualTo("7:00");
            assertThat(r.next()).isEqualTo(first);
            assertThat(r.repeating()).isTrue();
            assertThat(r.occurrences()).isZero();
        });
        assertThat(broadcasts.history(network, 50)).as("a template is not a sent broadcast").isEmpty();

        // the occurrence falls due (as if the month had passed): the template itself is never claimed
        sql.update("UPDATE broadcasts SET scheduled_at = scheduled_at - INTERVAL 40 DAY WHERE id = ?", template);
        String occurrenceAt = sql.row("SELECT scheduled_at FROM broadcasts WHERE id = ?", template).get(0);
        assertThat(claims.due(10_000)).doesNotContain(template);
        assertThat(claims.dueTemplates(10_000)).contains(template);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean sweeper = i < 2;
            Callable<Object> task = () -> {
                start.await();
                if (!sweeper) {
                    return claims.occur(template);
                }
                try {
                    return sweep.sweep();
                } catch (jakarta.ejb.ConcurrentAccessTimeoutException e) {
                    return e; // the singleton's lock made this sweep wait for the other too long: it did nothing
                }
            };
            tries.add(executor.submit(task));
        }
        start.countDown();
        for (Future<Object> f : tries) {
            f.get();
        }
        sweep.sweep(); // starts the occurrence when one of the other callers made it after the sweeps' claims

        List<String> made = sql.column("SELECT id FROM broadcasts WHERE repeat_of = ?", template);
        assertThat(made).as("one broadcast per occurrence").hasSize(1);
        long occurrence = Long.parseLong(made.get(0));
        assertThat(sql.row("SELECT subject, body_text, from_name, scheduled_at FROM broadcasts WHERE id = ?", occurrence))
                .containsExactly(subject, "{name}さん\n今月の予定です。", "さくら小PTA", occurrenceAt);
        assertThat(sql.column("SELECT file_name FROM broadcast_attachments WHERE broadcast_id = ?", occurrence))
                .containsExactly("予定表.pdf");
        assertThat(sql.row("SELECT status FROM broadcasts WHERE id = ?", template)).containsExactly("SCHEDULED");
        assertThat(sql.instant("SELECT scheduled_at FROM broadcasts WHERE id = ?", template))
                .as("the template moved on to the next occurrence after now").isEqualTo(first);
        assertThat(claims.occur(template)).as("nothing due any more").isEmpty();

        Sql.awaitMails(a, subject, 1, Duration.ofSeconds(60));
        Sql.awaitMails(b, subject, 1, Duration.ofSeconds(60));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"SENT".equals(sql.row("SELECT status FROM broadcasts WHERE id = ?", occurrence).get(0))
                && Instant.now().isBefore(deadline)) {
            sweep.sweep();
            Thread.sleep(500);
        }
        sweep.sweep();
        Thread.sleep(2000);
        assertThat(sql.row("SELECT status FROM broadcasts WHERE id = ?", occurrence)).containsExactly("SENT");
        assertThat(Sql.mails(a, subject)).as("delivered exactly once").hasSize(1)
                .first().satisfies(m -> assertThat(m).contains("山田 太郎さん").contains("予定表.pdf"));
        assertThat(Sql.mails(b, subject)).hasSize(1);
        assertThat(Sql.mails(stopped, subject)).as("suspended").isEmpty();
        assertThat(sql.column("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", occurrence)).containsExactly("2");
        assertThat(broadcasts.history(network, 50)).singleElement()
                .satisfies(h -> assertThat(h.id()).isEqualTo(occurrence));
        assertThat(broadcasts.repeats(network)).singleElement()
                .satisfies(r -> assertThat(r.occurrences()).isEqualTo(1));
    }

    @Test
    void stoppingARepetitionShouldBeAuditedAndMakeNoFurtherOccurrence() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        sql.member(network, "鈴木 一郎", Fixtures.unique("rep-c") + "@gmail.com", "GMAIL", "ACTIVE");
        long template = broadcasts.save(network, admin.id(), new Broadcasts.Draft(null, "毎月15日", "本文",
                MailCharset.UTF_8, null, null, RecipientFilter.all(), null, List.of()));
        broadcasts.schedule(network, template, null, RepeatRule.monthly(15, 9, 30), "it-admin", "127.0.0.1");

        assertThatThrownBy(() -> broadcasts.stopRepeating(fixtures.network(), template, "other", "127.0.0.1"))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.UNKNOWN);
        broadcasts.stopRepeating(network, template, admin.userId(), "127.0.0.1");

        assertThat(sql.row("SELECT status FROM broadcasts WHERE id = ?", template)).containsExactly("CANCELLED");
        assertThat(sql.row("SELECT actor, detail FROM audit_events WHERE network_id = ? AND kind = 'BROADCAST_REPEAT_STOPPED'",
                network)).containsExactly(admin.userId(), "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=30");
        assertThat(broadcasts.repeats(network)).singleElement().satisfies(r -> {
            assertThat(r.repeating()).isFalse();
            assertThat(r.next()).isNull();
        });
        assertThatThrownBy(() -> broadcasts.stopRepeating(network, template, admin.userId(), "127.0.0.1"))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.NOT_REPEATING);

        sql.update("UPDATE broadcasts SET scheduled_at = scheduled_at - INTERVAL 40 DAY WHERE id = ?", template);
        assertThat(claims.dueTemplates(10_000)).doesNotContain(template);
        assertThat(claims.occur(template)).isEmpty();
        sweep.sweep();
        assertThat(sql.column("SELECT id FROM broadcasts WHERE repeat_of = ?", template)).isEmpty();
    }
}
