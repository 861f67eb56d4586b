package org.renraku.broadcasts.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.Survey.Kind;
import org.renraku.broadcasts.entity.Survey.Question;
import org.renraku.broadcasts.entity.Survey.Reason;
import org.renraku.broadcasts.entity.Survey.RefusalReason;
import org.renraku.broadcasts.entity.Survey.Value;

/** The survey's questions: what the compose page refuses, the members' values, both JSON round trips. */
class SurveyTest {

    private static final Question ATTEND = new Question("運動会に参加しますか", Kind.SINGLE, List.of("参加", "不参加"), true);
    private static final Question HELP = new Question("お手伝いできる係", Kind.MULTIPLE, List.of("受付", "片付け", "撮影"),
            false);
    private static final Question NOTE = new Question("ご意見", Kind.TEXT, List.of(), false);
    private static final List<Question> SURVEY = List.of(ATTEND, HELP, NOTE);

    @Test
    void aGoodSurveyHasNoProblem() {
        assertThat(Survey.problem(SURVEY)).isNull();
    }

    @Test
    void refusesNoQuestionTooManyAndTextProblems() {
        assertThat(Survey.problem(List.of())).isEqualTo(new Survey.Problem(Reason.NONE_GIVEN, 0));
        assertThat(Survey.problem(null)).isEqualTo(new Survey.Problem(Reason.NONE_GIVEN, 0));
        assertThat(Survey.problem(Collections.nCopies(11, NOTE))).isEqualTo(new Survey.Problem(Reason.TOO_MANY, 0));
        assertThat(Survey.problem(Collections.nCopies(10, NOTE))).isNull();
        assertThat(Survey.problem(List.of(NOTE, new Question("  ", Kind.TEXT, null, false))))
                .isEqualTo(new Survey.Problem(Reason.TEXT_MISSING, 2));
        assertThat(Survey.problem(List.of(new Question("あ".repeat(201), Kind.TEXT, null, false))))
                .isEqualTo(new Survey.Problem(Reason.TEXT_TOO_LONG, 1));
        assertThat(Survey.problem(List.of(new Question("あ".repeat(200), Kind.TEXT, null, false)))).isNull();
    }

    @Test
    void refusesChoiceKindsWithoutUsableChoices() {
        assertThat(Survey.problem(List.of(ATTEND, new Question("係", Kind.MULTIPLE, List.of(), false))))
                .isEqualTo(new Survey.Problem(Reason.CHOICES_NONE, 2));
        List<String> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add("選択肢" + i);
        }
        assertThat(Survey.problem(List.of(new Question("色", Kind.SINGLE, eleven, false))))
                .isEqualTo(new Survey.Problem(Reason.CHOICES_TOO_MANY, 1));
        assertThat(Survey.problem(List.of(new Question("色", Kind.SINGLE, List.of("x".repeat(41)), false))))
                .isEqualTo(new Survey.Problem(Reason.CHOICE_TOO_LONG, 1));
        assertThat(Survey.problem(List.of(new Question("色", Kind.SINGLE, List.of("赤", "赤 "), false))))
                .isEqualTo(new Survey.Problem(Reason.CHOICES_DUPLICATE, 1));
        // a free-text question keeps no choices
        assertThat(new Question("ご意見", Kind.TEXT, List.of("a"), false).choices()).isEmpty();
    }

    @Test
    void questionsRoundTripThroughJson() {
        String json = Survey.questionsToJson(SURVEY);
        assertThat(Survey.questionsFromJson(json)).isEqualTo(SURVEY);
        assertThat(Survey.questionsFromJson(null)).isEmpty();
        assertThat(json).contains("\"kind\":\"MULTIPLE\"").contains("\"required\":true");
    }

    @Test
    void valuesRoundTripThroughJson() {
        List<Value> values = List.of(new Value(List.of(1), null), new Value(List.of(3, 1), null),
                new Value(List.of(), "雨天の場合は？ \"引用\""));
        String json = Survey.valuesToJson(values);
        assertThat(json).isEqualTo("[[1],[1,3],\"雨天の場合は？ \\\"引用\\\"\"]");
        assertThat(Survey.valuesFromJson(json, 3)).isEqualTo(values);
        assertThat(Survey.valuesToJson(List.of(Value.EMPTY, new Value(null, "  ")))).isEqualTo("[null,null]");
        // fewer values than questions: the rest are empty
        assertThat(Survey.valuesFromJson("[[2]]", 3)).containsExactly(new Value(List.of(2), null), Value.EMPTY,
                Value.EMPTY);
        assertThat(Survey.valuesFromJson(null, 2)).containsExactly(Value.EMPTY, Value.EMPTY);
    }

    @Test
    void requiredQuestionsAndChoicesAreEnforced() {
        assertThat(Survey.refusal(SURVEY, List.of(Value.EMPTY, Value.EMPTY, Value.EMPTY)))
                .isEqualTo(new Survey.Refusal(RefusalReason.REQUIRED, 1));
        assertThat(Survey.refusal(SURVEY, List.of())).isEqualTo(new Survey.Refusal(RefusalReason.REQUIRED, 1));
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(2), null)))).isNull();
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(1, 2), null))))
                .isEqualTo(new Survey.Refusal(RefusalReason.CHOICE, 1));
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(3), null))))
                .isEqualTo(new Survey.Refusal(RefusalReason.CHOICE, 1));
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(1), null), new Value(List.of(0), null))))
                .isEqualTo(new Survey.Refusal(RefusalReason.CHOICE, 2));
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(1), null), Value.EMPTY,
                new Value(List.of(), "あ".repeat(2001))))).isEqualTo(new Survey.Refusal(RefusalReason.TOO_LONG, 3));
        assertThat(Survey.refusal(SURVEY, List.of(new Value(List.of(1), null), Value.EMPTY,
                new Value(List.of(1), null)))).isEqualTo(new Survey.Refusal(RefusalReason.CHOICE, 3));
    }

    @Test
    void displayJoinsSeveralChoices() {
        assertThat(Survey.display(HELP, new Value(List.of(1, 3), null))).isEqualTo("受付 / 撮影");
        assertThat(Survey.display(NOTE, new Value(List.of(), "よろしく"))).isEqualTo("よろしく");
        assertThat(Survey.display(NOTE, Value.EMPTY)).isEmpty();
    }
}
