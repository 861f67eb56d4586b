package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import org.renraku.broadcasts.entity.Survey;
import org.renraku.broadcasts.entity.Survey.Kind;
import org.renraku.broadcasts.entity.Survey.Value;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.answers.control.AnswerStatus;

/**
 * The survey (アンケート) end to end: a SURVEY broadcast is sent by the delivery job to GreenMail with one
 * personal link per member and no keyword hint; the link records exactly that member's values, required questions
 * are enforced, a tampered token is refused, the latest values count; the tally counts per choice and lists the
 * free texts with names, the CSV has one column per question; the answer-status filter and the re-send treat a
 * member with a row as answered.
 */
@ExtendWith(ArquillianExtension.class)
class SurveyIT {
    private static final List<Survey.Question> QUESTIONS = List.of(
            new Survey.Question("運動会に参加しますか", Kind.SINGLE, List.of("参加", "不参加"), true),
            new Survey.Question("お手伝いできる係", Kind.MULTIPLE, List.of("受付", "片付け", "撮影"), false),
            new Survey.Question("ご意見", Kind.TEXT, List.of(), false));

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

    private static Value choices(Integer... c) {
        return new Value(Arrays.asList(c), null);
    }

    private static Value text(String t) {
        return new Value(List.of(), t);
    }

    private static List<String[]> links(String email, String subject) throws Exception {
        String text = Sql.awaitMails(email, subject, 1, AnswerLinks.WITHIN).get(0);
        assertThat(text).contains("アンケートのお願い").doesNotContain("「了解」").doesNotContain("（例:");
        return AnswerLinks.in(text);
    }

    @Test
    void aSurveyLinkShouldRecordExactlyThatMembersValuesAndTheTallyCountThem() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        String tag = Fixtures.unique("s").substring(2, 8);
        String aName = "佐藤 花子" + tag;
        String bName = "鈴木 一郎" + tag;
        String cName = "高橋 次郎" + tag;
        String aEmail = Fixtures.unique("sv-a") + "@docomo.ne.jp";
        String bEmail = Fixtures.unique("sv-b") + "@gmail.com";
        String cEmail = Fixtures.unique("sv-c") + "@ezweb.ne.jp";
        long a = sql.member(network, aName, aEmail, "DOCOMO", "ACTIVE");
        long b = sql.member(network, bName, bEmail, "GMAIL", "ACTIVE");
        sql.member(network, cName, cEmail, "AU", "ACTIVE");

        String subject = "運動会アンケート " + Fixtures.unique("q");
        long id = broadcasts.save(network, admin, new Broadcasts.Draft(null, subject, "{name} 様\n\nご協力ください。",
                MailCharset.UTF_8, null, null, new RecipientFilter(List.of(), Map.of()), null, List.of(), null));
        // the compose page's refusals
        assertThatThrownBy(() -> answers.configure(network, id, AnswerKind.SURVEY, List.of(), List.of(), null))
                .isInstanceOf(AnswerException.class).hasMessage("answer.error.survey.noneGiven");
        assertThatThrownBy(() -> answers.configure(network, id, AnswerKind.SURVEY, List.of(),
                List.of(QUESTIONS.get(0), new Survey.Question("係", Kind.MULTIPLE, List.of(), false)), null))
                .isInstanceOf(AnswerException.class).hasMessage("answer.error.survey.choicesNone")
                .satisfies(e -> assertThat(((AnswerException) e).arguments()).startsWith("2"));
        answers.configure(network, id, AnswerKind.SURVEY, List.of(), QUESTIONS, Instant.now().plus(Duration.ofDays(2)));
        assertThat(sql.row("SELECT answer_kind, answer_choices FROM broadcasts WHERE id = ?", id))
                .containsExactly("SURVEY", null);
        broadcasts.schedule(network, id, null);
        starter.start(network, id, "it");
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", id)).isEqualTo("SENT");

        List<String[]> aLinks = links(aEmail, subject);
        assertThat(aLinks).as("one personal link").hasSize(1);
        assertThat(aLinks.get(0)[1]).isEqualTo("0");
        String tokenA = aLinks.get(0)[0];
        String tokenB = links(bEmail, subject).get(0)[0];
        assertThat(tokenA).isNotEqualTo(tokenB);

        // the page's question: all three questions, nothing answered yet
        Answers.Question q = answers.question(tokenA).orElseThrow();
        assertThat(q.kind()).isEqualTo(AnswerKind.SURVEY);
        assertThat(q.questions()).isEqualTo(QUESTIONS);
        assertThat(q.answered()).isFalse();
        assertThat(q.values()).containsOnly(Value.EMPTY).hasSize(3);

        // a required question left out, a choice that is none, a tampered token: refused, nothing written
        assertThatThrownBy(() -> answers.answerSurvey(tokenA, List.of(Value.EMPTY, choices(1), text("x"))))
                .isInstanceOf(AnswerException.class).hasMessage("answer.error.survey.required")
                .satisfies(e -> assertThat(((AnswerException) e).arguments()).startsWith("1"));
        assertThatThrownBy(() -> answers.answerSurvey(tokenA, List.of(choices(1), choices(4))))
                .isInstanceOf(AnswerException.class).hasMessage("answer.error.survey.choice");
        char last = tokenA.charAt(tokenA.length() - 1);
        String tampered = tokenA.substring(0, tokenA.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(answers.question(tampered)).isEmpty();
        assertThatThrownBy(() -> answers.answerSurvey(tampered, List.of(choices(1))))
                .isInstanceOf(AnswerException.class).hasMessage(AnswerException.INVALID);
        // a survey is no confirmation or choice
        assertThatThrownBy(() -> answers.answerByLink(tokenA, 1)).isInstanceOf(AnswerException.class);
        assertThat(sql.row("SELECT COUNT(*) FROM answers WHERE broadcast_id = ?", id)).containsExactly("0");

        // A answers, then changes: the latest counts, one row
        answers.answerSurvey(tokenA, List.of(choices(1), choices(3, 1), text("雨天の場合は？")));
        Answers.Question mine = answers.answerSurvey(tokenA, List.of(choices(2), Value.EMPTY, Value.EMPTY));
        assertThat(mine.answered()).isTrue();
        assertThat(mine.values()).containsExactly(choices(2), Value.EMPTY, Value.EMPTY);
        assertThat(sql.row("SELECT member_id, choice, via, changes, survey_values FROM answers WHERE broadcast_id = ?",
                id)).containsExactly(Long.toString(a), null, "LINK", "1", "[[2],null,null]");

        // B answers: only B's row is written; A's page shows only A's values
        answers.answerSurvey(tokenB, List.of(choices(1), choices(2, 3), text("よろしくお願いします")));
        assertThat(sql.column("SELECT member_id FROM answers WHERE broadcast_id = ? ORDER BY member_id", id))
                .containsExactly(Long.toString(a), Long.toString(b));
        assertThat(answers.question(tokenA).orElseThrow().values()).containsExactly(choices(2), Value.EMPTY,
                Value.EMPTY);
        assertThat(answers.question(tokenA).orElseThrow().memberName()).isEqualTo(aName);

        // the tally: per question, and who has not answered
        Answers.Tally tally = answers.tally(network, id).orElseThrow();
        assertThat(tally.recipients()).isEqualTo(3);
        assertThat(tally.answered()).isEqualTo(2);
        List<Answers.QuestionTally> survey = answers.surveyTally(network, id);
        assertThat(survey).hasSize(3);
        assertThat(survey.get(0).counts()).containsExactly(1L, 1L);
        assertThat(survey.get(1).counts()).containsExactly(0L, 1L, 1L);
        assertThat(survey.get(2).texts()).containsExactly(new Answers.FreeText(bName, "よろしくお願いします"));
        assertThat(answers.unanswered(network, id)).containsExactly(cName);
        assertThat(answers.surveyTally(fixtures.network(), id)).as("another network sees nothing").isEmpty();

        // CSV: one column per question, several choices joined with " / "
        String csv = new String(answers.csv(network, id), StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("名前,メールアドレス,回答,方法,回答日時,運動会に参加しますか,お手伝いできる係,ご意見");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(aName + ",").endsWith(",不参加,,"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(bName + ",").contains(",回答済み,リンク,")
                .endsWith(",参加,片付け / 撮影,よろしくお願いします"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo(cName + ",,未回答,,,,,"));

        // the answer-status filter: answered = has a row
        RecipientFilter all = RecipientFilter.all();
        assertThat(broadcasts.countRecipients(network, all.withAnswers(AnswerStatus.of(id, "ANSWERED")))).isEqualTo(2);
        assertThat(broadcasts.countRecipients(network, all.withAnswers(AnswerStatus.of(id, "UNANSWERED"))))
                .isEqualTo(1);

        // a re-send goes to C only and carries C's link to the same survey
        assertThat(resends.resendNow(network, id, "it", null)).isEqualTo(1);
        String resendSubject = "【再送】" + subject;
        String tokenC = links(cEmail, resendSubject).get(0)[0];
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE resend_of = ?", id))
                .isEqualTo("SENT");
        answers.answerSurvey(tokenC, List.of(choices(1)));
        assertThat(answers.unanswered(network, id)).isEmpty();
        assertThat(answers.surveyTally(network, id).get(0).counts()).containsExactly(2L, 1L);
    }
}
