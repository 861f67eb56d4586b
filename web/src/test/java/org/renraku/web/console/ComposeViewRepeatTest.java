package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.RepeatRule;

class ComposeViewRepeatTest {

    @Test
    void theRepeatDaysShouldBeOneToTwentyEightThenTheLastDay() {
        ComposeView view = new ComposeView();

        assertThat(view.getRepeatDays()).hasSize(29).startsWith(1, 2, 3).endsWith(27, 28, RepeatRule.LAST_DAY);
        assertThat(view.getRepeatHours()).hasSize(24).startsWith(0).endsWith(23);
        assertThat(view.getRepeatMinutes()).containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55);
        assertThat(view.isRepeatMonthly()).isFalse();
    }
}
