package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.answers.boundary.AnswerException;
import org.renraku.answers.boundary.Answers;
import org.renraku.answers.boundary.Resends;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.delivery.boundary.BroadcastStarter;

/**
 * Re-sends (再送) to the members who have not answered, end to end through the delivery job and
 * GreenMail: a re-send goes only to members who were delivered the broadcast, have not answered and are still
 * active (not one who answered, was suspended since, or joined later); its mail carries the ORIGINAL's answer
 * links, so an answer given through it lands in the original; automatic re-sends follow the delays after the
 * broadcast finished (driven by back-dating its finish in the database and calling the schedule's method, not by
 * waiting) and stop at the limit of 3 and at the deadline; an on-demand re-send does the same at once.
 * <p>
 * The application's own per-minute schedule may take a due re-send before the test's call does: the assertions
 * read the database, and the take (one conditional UPDATE) makes each re-send once whoever calls.
 */
@ExtendWith(ArquillianExtension.class)
class ResendIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastStarter starter;

    @Inject
    Answers answers;

    @Inject
    Resends resends;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    record Seed(long network, long admin, long[] ids, String[] emails) {
    }

    /** A network with four active members (A, B, C, D). */
    private Seed seed() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        long[] ids = new long[4];
        String[] emails = new String[4];
        String[] carriers = {"DOCOMO", "GMAIL", "AU", "SOFTBANK"};
        String[] domains = {"docomo.ne.jp", "gmail.com", "ezweb.ne.jp", "softbank.ne.jp"};
        for (int i = 0; i < 4; i++) {
            emails[i] = Fixtures.unique("rs-" + (char) ('a' + i)) + "@" + domains[i];
            ids[i] = sql.member(network, "会員" + (char) ('A' + i) + Fixtures.unique("n").substring(2, 6), emails[i],
                    carriers[i], "ACTIVE");
        }
        return new Seed(network, admin, ids, emails);
    }

    private long send(Seed s, String subject, String delays) throws Exception {
        long id = broadcasts.save(s.network(), s.admin(), new Broadcasts.Draft(null, subject, "{name} 様\n\n本文です。",
                MailCharset.UTF_8, null, null, new RecipientFilter(List.of(), Map.of()), null, List.of(), null));
        answers.configure(s.network(), id, AnswerKind.CONFIRM, List.of(), Instant.now().plus(Duration.ofDays(2)));
        resends.configure(s.network(), id, delays);
        broadcasts.schedule(s.network(), id, null);
        starter.start(s.network(), id, "it");
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", id)).isEqualTo("SENT");
        return id;
    }

    /** Waits until the broadcast has {@code n} re-sends and the last one has been sent; returns the last's id. */
    private long awaitResends(long original, int n) throws Exception {
        assertThat(sql.await(AnswerLinks.WITHIN, Integer.toString(n), "SELECT COUNT(*) FROM broadcasts WHERE resend_of = ?",
                original)).isEqualTo(Integer.toString(n));
        long last = Long.parseLong(sql.row("SELECT MAX(id) FROM broadcasts WHERE resend_of = ?", original).get(0));
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", last)).isEqualTo("SENT");
        return last;
    }

    private List<String> recipients(long broadcast) throws Exception {
        return sql.column("SELECT member_id FROM deliveries WHERE broadcast_id = ? ORDER BY member_id", broadcast);
    }

    private static List<String> ids(long... ids) {
        return java.util.Arrays.stream(ids).mapToObj(Long::toString).toList();
    }

    /** Moves the broadcast's finish {@code minutes} further into the past. */
    private void backdate(long broadcast, int minutes) throws Exception {
        sql.update("UPDATE broadcasts SET finished_at = finished_at - INTERVAL ? MINUTE WHERE id = ?", minutes,
                broadcast);
    }

    @Test
    void automaticReSendsShouldGoOnlyToTheUnconfirmedAndStopAtTheLimit() throws Exception {
        Seed s = seed();
        long a = s.ids()[0], b = s.ids()[1], c = s.ids()[2], d = s.ids()[3];
        String subject = "避難訓練の確認 " + Fixtures.unique("r");
        long id = send(s, subject, "15, 30, 60");
        assertThat(sql.row("SELECT resend_delays, resends_done FROM broadcasts WHERE id = ?", id))
                .containsExactly("15,30,60", "0");

        // A confirms; D is suspended after the broadcast; E joins after it (never delivered it)
        answers.answerByLink(AnswerLinks.token(s.emails()[0], subject, 1), 0);
        sql.update("UPDATE members SET status = 'SUSPENDED' WHERE id = ?", d);
        long e = sql.member(s.network(), "会員E", Fixtures.unique("rs-e") + "@gmail.com", "GMAIL", "ACTIVE");

        // nothing is due right after the broadcast finished
        resends.runDue();
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE resend_of = ?", id)).containsExactly("0");

        // 16 minutes later: the first re-send, to B and C only
        backdate(id, 16);
        resends.runDue();
        long first = awaitResends(id, 1);
        assertThat(recipients(first)).containsExactlyElementsOf(ids(b, c));
        assertThat(recipients(first)).doesNotContain(Long.toString(a), Long.toString(d), Long.toString(e));
        assertThat(sql.row("SELECT subject, answer_kind, resend_of FROM broadcasts WHERE id = ?", first))
                .containsExactly("【再送】" + subject, "NONE", Long.toString(id));
        assertThat(sql.row("SELECT resends_done FROM broadcasts WHERE id = ?", id)).containsExactly("1");
        assertThat(sql.row("SELECT COUNT(*) FROM audit_events WHERE kind = 'BROADCAST_RESENT' AND network_id = ?",
                s.network())).containsExactly("1");

        // the re-send's link is B's link of the ORIGINAL: the answer lands there
        String bOriginal = AnswerLinks.token(s.emails()[1], subject, 1);
        assertThat(Sql.awaitMails(s.emails()[1], "【再送】" + subject, 1, AnswerLinks.WITHIN)).hasSize(1);
        String bResent = AnswerLinks.token(s.emails()[1], "【再送】" + subject, 1);
        assertThat(bResent).isEqualTo(bOriginal);
        assertThat(Sql.mails(s.emails()[0], "【再送】")).isEmpty();
        assertThat(Sql.mails(s.emails()[3], "【再送】")).isEmpty();
        answers.answerByLink(bResent, 0);
        assertThat(sql.column("SELECT member_id FROM answers WHERE broadcast_id = ? ORDER BY member_id", id))
                .containsExactlyElementsOf(ids(a, b));
        assertThat(sql.row("SELECT COUNT(*) FROM answers WHERE broadcast_id = ?", first)).containsExactly("0");

        // 31 minutes: the second, to C only; not again in the same slot
        backdate(id, 15);
        resends.runDue();
        long second = awaitResends(id, 2);
        assertThat(recipients(second)).containsExactlyElementsOf(ids(c));
        resends.runDue();
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE resend_of = ?", id)).containsExactly("2");

        // 61 minutes: the third and last
        backdate(id, 30);
        resends.runDue();
        long third = awaitResends(id, 3);
        assertThat(recipients(third)).containsExactlyElementsOf(ids(c));
        assertThat(sql.row("SELECT resends_done FROM broadcasts WHERE id = ?", id)).containsExactly("3");

        // the limit: a day later nothing more, automatic or on demand
        backdate(id, 24 * 60);
        resends.runDue();
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE resend_of = ?", id)).containsExactly("3");
        assertThatThrownBy(() -> resends.resendNow(s.network(), id, "it", null)).isInstanceOf(AnswerException.class)
                .hasMessage(Resends.NOT_POSSIBLE);
        assertThat(Sql.mails(s.emails()[2], "【再送】" + subject)).hasSize(3);
        assertThat(Sql.mails(s.emails()[1], "【再送】" + subject)).hasSize(1);
        Resends.State state = resends.state(s.network(), id).orElseThrow();
        assertThat(state.done()).isEqualTo(3);
        assertThat(state.possible()).isFalse();
        assertThat(state.nextAutomatic()).isNull();
        assertThat(state.resends()).extracting(Resends.Row::recipients).containsExactly(2L, 1L, 1L);
    }

    /** A re-send is a reminder in each member's language: its subject mark and its answer block. */
    @Test
    void aReSendShouldRemindEachMemberInTheirLanguage() throws Exception {
        Seed s = seed();
        sql.update("UPDATE members SET language = 'en' WHERE id = ?", s.ids()[1]);
        String subject = "Sports day " + Fixtures.unique("l");
        long id = send(s, subject, "");

        assertThat(resends.resendNow(s.network(), id, "it", null)).isEqualTo(4);
        awaitResends(id, 1);
        String english = org.renraku.mail.control.MailTexts.text(java.util.Locale.ENGLISH, "resend.subject", subject);
        assertThat(english).startsWith("[Reminder] ");
        List<String> reminded = Sql.awaitMails(s.emails()[1], english, 1, AnswerLinks.WITHIN);
        assertThat(reminded.get(0)).contains("Please confirm").doesNotContain("確認のお願い");
        List<String> japanese = Sql.awaitMails(s.emails()[0], "【再送】" + subject, 1, AnswerLinks.WITHIN);
        assertThat(japanese.get(0)).contains("確認のお願い");
        assertThat(Sql.mails(s.emails()[1], "【再送】" + subject)).isEmpty();
    }

    @Test
    void anOnDemandReSendShouldGoAtOnceToTheUnconfirmedAndNotAfterTheDeadline() throws Exception {
        Seed s = seed();
        long a = s.ids()[0], b = s.ids()[1], c = s.ids()[2], d = s.ids()[3];
        String subject = "集金のお知らせ " + Fixtures.unique("o");
        long id = send(s, subject, "");
        assertThat(sql.row("SELECT resend_delays FROM broadcasts WHERE id = ?", id)).containsExactly((String) null);

        answers.answerByLink(AnswerLinks.token(s.emails()[0], subject, 1), 0);
        sql.update("INSERT INTO suppressions (network_id, email, reason, created_at) VALUES (?, ?, 'HARD_BOUNCE', NOW(3))",
                s.network(), s.emails()[3]);
        Resends.State before = resends.state(s.network(), id).orElseThrow();
        assertThat(before.unanswered()).isEqualTo(2);
        assertThat(before.possible()).isTrue();
        assertThat(before.nextAutomatic()).as("no automatic re-send configured").isNull();
        // another network's admin can neither see nor re-send it
        long other = fixtures.network();
        assertThat(resends.state(other, id)).isEmpty();
        assertThatThrownBy(() -> resends.resendNow(other, id, "it", null)).isInstanceOf(AnswerException.class);

        assertThat(resends.resendNow(s.network(), id, "it", "192.0.2.1")).isEqualTo(2);
        long resend = awaitResends(id, 1);
        assertThat(recipients(resend)).containsExactlyElementsOf(ids(b, c));
        Sql.awaitMails(s.emails()[2], "【再送】" + subject, 1, AnswerLinks.WITHIN);
        assertThat(sql.row("SELECT actor, detail FROM audit_events WHERE kind = 'BROADCAST_RESENT' AND network_id = ?",
                s.network()).get(1)).contains("on demand").contains("2 recipient");

        // everyone left answers: nothing to re-send
        answers.answerByLink(AnswerLinks.token(s.emails()[1], subject, 1), 0);
        answers.answerByLink(AnswerLinks.token(s.emails()[2], "【再送】" + subject, 1), 0);
        assertThat(resends.state(s.network(), id).orElseThrow().unanswered()).isZero();
        assertThatThrownBy(() -> resends.resendNow(s.network(), id, "it", null)).isInstanceOf(AnswerException.class)
                .hasMessage(Resends.NOBODY);

        // after the deadline: neither on demand nor automatic
        String late = "締切後 " + Fixtures.unique("d");
        long closed = send(s, late, "15");
        sql.update("UPDATE broadcasts SET answer_deadline = ? WHERE id = ?", Instant.now().minusSeconds(60), closed);
        backdate(closed, 20);
        resends.runDue();
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE resend_of = ?", closed)).containsExactly("0");
        assertThatThrownBy(() -> resends.resendNow(s.network(), closed, "it", null))
                .isInstanceOf(AnswerException.class).hasMessage(Resends.NOT_POSSIBLE);
        assertThat(sql.row("SELECT COUNT(*) FROM answers WHERE broadcast_id = ?", resend)).containsExactly("0");
        assertThat(sql.column("SELECT member_id FROM answers WHERE broadcast_id = ? ORDER BY member_id", id))
                .containsExactlyElementsOf(ids(a, b, c));
        assertThat(d).isPositive();
    }
}
