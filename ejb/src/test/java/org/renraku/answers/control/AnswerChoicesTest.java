package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerChoices.Problem;

class AnswerChoicesTest {

    @Test
    void linesAreTheNonBlankOnesStripped() {
        assertThat(AnswerChoices.lines(" 参加 \r\n\r\n不参加\n  \n未定")).containsExactly("参加", "不参加", "未定");
        assertThat(AnswerChoices.lines(null)).isEmpty();
    }

    @Test
    void problems() {
        assertThat(AnswerChoices.problem(AnswerChoices.PRESET)).isNull();
        assertThat(AnswerChoices.problem(List.of())).isEqualTo(Problem.NONE_GIVEN);
        assertThat(AnswerChoices.problem(Collections.nCopies(11, "x").stream().map(s -> s + Math.random()).toList()))
                .isEqualTo(Problem.TOO_MANY);
        assertThat(AnswerChoices.problem(List.of("あ".repeat(41)))).isEqualTo(Problem.TOO_LONG);
        assertThat(AnswerChoices.problem(List.of("Ａ", "a"))).isEqualTo(Problem.DUPLICATE);
        assertThat(AnswerChoices.problem(List.of("○", "〇"))).isEqualTo(Problem.DUPLICATE);
    }

    // JSON (JSON-P) is read and written in the container only: no provider on the unit-test class path; AnswersIT
    // covers the round trip of custom choices.
}
