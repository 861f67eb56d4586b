package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.renraku.answers.boundary.AnswerTargets;
import org.renraku.answers.boundary.Answers;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.answers.control.AnswerStatus;

/**
 * "Answer status" as a target filter of a new broadcast: members who answered an earlier broadcast, who
 * were among its recipients and have not answered, or who answered a given choice — counted by the console's
 * recipient count and snapshot by the sending job from the stored JSON filter, with the same SQL; combined with
 * the other conditions; never a member of another network, a member who joined later (not a recipient), or one
 * no longer active.
 */
@ExtendWith(ArquillianExtension.class)
class AnswerStatusFilterIT {

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
    AnswerTargets targets;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    private long send(long network, long admin, String subject, RecipientFilter filter, AnswerKind kind)
            throws Exception {
        long id = broadcasts.save(network, admin, new Broadcasts.Draft(null, subject, "{name} 様\n\n本文です。",
                MailCharset.UTF_8, null, null, filter, null, List.of(), null));
        if (kind.asks()) {
            answers.configure(network, id, kind, AnswerChoices.PRESET, Instant.now().plus(Duration.ofDays(2)));
        }
        broadcasts.schedule(network, id, null);
        starter.start(network, id, "it");
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", id)).isEqualTo("SENT");
        return id;
    }

    @Test
    void theAnswerStatusShouldPickExactlyTheRightMembers() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        String[] emails = new String[4];
        long[] ids = new long[4];
        String[] carriers = {"DOCOMO", "GMAIL", "AU", "GMAIL"};
        String[] domains = {"docomo.ne.jp", "gmail.com", "ezweb.ne.jp", "gmail.com"};
        for (int i = 0; i < 4; i++) {
            emails[i] = Fixtures.unique("af-" + (char) ('a' + i)) + "@" + domains[i];
            ids[i] = sql.member(network, "会員" + (char) ('A' + i), emails[i], carriers[i], "ACTIVE");
        }
        long a = ids[0], b = ids[1], c = ids[2], s = ids[3];
        String subject = "運動会の出欠 " + Fixtures.unique("q");
        long poll = send(network, admin, subject, RecipientFilter.all(), AnswerKind.CHOICE);
        answers.answerByLink(AnswerLinks.token(emails[0], subject, 1), 1); // A: ○
        answers.answerByLink(AnswerLinks.token(emails[1], subject, 1), 2); // B: ×
        sql.update("UPDATE members SET status = 'SUSPENDED' WHERE id = ?", s); // S: delivered, no answer, suspended
        long later = sql.member(network, "会員D", Fixtures.unique("af-d") + "@gmail.com", "GMAIL", "ACTIVE");

        assertThat(targets.asked(network)).extracting(AnswerTargets.Asked::id).containsExactly(poll);
        assertThat(targets.asked(network).get(0).choices()).containsExactly("○", "×", "未定");
        RecipientFilter all = RecipientFilter.all();
        assertThat(broadcasts.countRecipients(network, all)).isEqualTo(4); // A, B, C, D
        assertThat(count(network, all, AnswerStatus.of(poll, "ANSWERED"))).isEqualTo(2);
        assertThat(count(network, all, AnswerStatus.of(poll, "UNANSWERED"))).as("C only: D never got it, S left")
                .isEqualTo(1);
        assertThat(count(network, all, AnswerStatus.of(poll, "CHOICE-1"))).isEqualTo(1);
        assertThat(count(network, all, AnswerStatus.of(poll, "CHOICE-2"))).isEqualTo(1);
        assertThat(count(network, all, AnswerStatus.of(poll, "CHOICE-3"))).isZero();
        assertThat(count(network, new RecipientFilter(List.of("DOCOMO"), Map.of()), AnswerStatus.of(poll, "ANSWERED")))
                .as("with a carrier: A only").isEqualTo(1);
        // another network's admin naming this broadcast reaches nobody
        long other = fixtures.network();
        sql.member(other, "他会員", Fixtures.unique("af-x") + "@gmail.com", "GMAIL", "ACTIVE");
        assertThat(count(other, all, AnswerStatus.of(poll, "ANSWERED"))).isZero();
        assertThat(count(other, all, AnswerStatus.of(poll, "UNANSWERED"))).isZero();
        assertThat(targets.asked(other)).isEmpty();

        // stored as JSON with the draft, and the sending job's snapshot takes exactly those members
        String remind = "出欠のお願い(未回答の方へ) " + Fixtures.unique("r");
        RecipientFilter unanswered = all.withAnswers(AnswerStatus.of(poll, "UNANSWERED"));
        long toUnanswered = send(network, admin, remind, unanswered, AnswerKind.NONE);
        assertThat(sql.row("SELECT target_filter FROM broadcasts WHERE id = ?", toUnanswered).get(0))
                .contains("\"answers\"").contains("UNANSWERED");
        assertThat(sql.column("SELECT member_id FROM deliveries WHERE broadcast_id = ?", toUnanswered))
                .containsExactly(Long.toString(c));
        assertThat(Sql.awaitMails(emails[2], remind, 1, AnswerLinks.WITHIN)).hasSize(1);

        String thanks = "○の方へ " + Fixtures.unique("t");
        long toYes = send(network, admin, thanks, all.withAnswers(AnswerStatus.of(poll, "CHOICE-1")), AnswerKind.NONE);
        assertThat(sql.column("SELECT member_id FROM deliveries WHERE broadcast_id = ?", toYes))
                .containsExactly(Long.toString(a));
        assertThat(broadcasts.draft(network, toYes).orElseThrow().filter().answers())
                .isEqualTo(new AnswerStatus(poll, AnswerStatus.Status.CHOICE, 1));
        assertThat(later).isNotIn(a, b, c);
        assertThat(Sql.mails(emails[1], remind)).isEmpty();
    }

    private long count(long network, RecipientFilter filter, AnswerStatus status) {
        return broadcasts.countRecipients(network, filter.withAnswers(status));
    }
}
