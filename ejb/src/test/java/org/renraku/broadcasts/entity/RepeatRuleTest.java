package org.renraku.broadcasts.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class RepeatRuleTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void theRuleShouldBeStoredAsAnRrule() {
        RepeatRule rule = RepeatRule.monthly(15, 9, 0);

        assertThat(rule.format()).isEqualTo("FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0");
        assertThat(RepeatRule.parse(rule.format())).isEqualTo(rule);
    }

    @Test
    void theNextOccurrenceShouldBeLaterThisMonthOrNextMonthInTokyoTime() {
        RepeatRule rule = RepeatRule.monthly(15, 9, 0);

        assertThat(rule.nextAfter(tokyo("2026-04-10T12:00"), TOKYO)).isEqualTo(tokyo("2026-04-15T09:00"));
        assertThat(rule.nextAfter(tokyo("2026-04-15T09:00"), TOKYO)).isEqualTo(tokyo("2026-05-15T09:00"));
        assertThat(rule.nextAfter(tokyo("2026-12-20T00:00"), TOKYO)).isEqualTo(tokyo("2027-01-15T09:00"));
    }

    @Test
    void aDayPastTheEndOfAMonthShouldMeanItsLastDay() {
        RepeatRule rule = RepeatRule.monthly(31, 7, 30);

        assertThat(rule.nextAfter(tokyo("2026-02-01T00:00"), TOKYO)).isEqualTo(tokyo("2026-02-28T07:30"));
        assertThat(rule.nextAfter(tokyo("2028-02-01T00:00"), TOKYO)).isEqualTo(tokyo("2028-02-29T07:30"));
        assertThat(rule.nextAfter(tokyo("2026-04-30T08:00"), TOKYO)).isEqualTo(tokyo("2026-05-31T07:30"));
    }

    @Test
    void badRulesShouldBeRefused() {
        assertThatThrownBy(() -> RepeatRule.parse("FREQ=WEEKLY")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepeatRule.parse("FREQ=MONTHLY;BYMONTHDAY=32;BYHOUR=9;BYMINUTE=0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepeatRule.parse("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=24;BYMINUTE=0"))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> RepeatRule.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Instant tokyo(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), TOKYO).toInstant();
    }
}
