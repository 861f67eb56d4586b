package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a refused survey's message goes: the question as the form numbers it (blank questions are not sent). */
class ComposeViewSurveyRefusalTest {

    @Test
    void theBoundarysQuestionNumberShouldBeMappedPastBlankQuestionsToTheFormsOwn() {
        ComposeView view = new ComposeView();
        view.addQuestion();
        view.addQuestion();
        view.getQuestions().get(0).setText(" ");        // blank: left out of what the boundary checks
        view.getQuestions().get(1).setText("参加しますか");
        view.getQuestions().get(2).setChoices("はい\nいいえ"); // choices without a text: sent, refused as question 2

        assertThat(view.formIndexOf(1)).isEqualTo(1);
        assertThat(view.formIndexOf(2)).isEqualTo(2);
        assertThat(view.formIndexOf(0)).as("the whole survey: beside the first question").isZero();
        assertThat(view.formIndexOf(9)).isZero();
    }
}
