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
    void theLastDayShouldBeTheLastDayOfEveryMonthIncludingFebruaryInLeapYears() {
        RepeatRule rule = RepeatRule.monthly(RepeatRule.LAST_DAY, 18, 0);
        assertThat(rule.lastDay()).isTrue();
        assertThat(RepeatRule.monthly(28, 18, 0).lastDay()).isFalse();

        Instant t = tokyo("2026-12-31T18:00");
        java.util.List<Instant> year = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            t = rule.nextAfter(t);
            year.add(t);
        }
        assertThat(year).containsExactly(tokyo("2027-01-31T18:00"), tokyo("2027-02-28T18:00"),
                tokyo("2027-03-31T18:00"), tokyo("2027-04-30T18:00"), tokyo("2027-05-31T18:00"),
                tokyo("2027-06-30T18:00"), tokyo("2027-07-31T18:00"), tokyo("2027-08-31T18:00"),
                tokyo("2027-09-30T18:00"), tokyo("2027-10-31T18:00"), tokyo("2027-11-30T18:00"),
                tokyo("2027-12-31T18:00"), tokyo("2028-01-31T18:00"), tokyo("2028-02-29T18:00"));
        // one minute before the occurrence it is still that day; at it, the next month
        assertThat(rule.nextAfter(tokyo("2028-02-29T17:59"))).isEqualTo(tokyo("2028-02-29T18:00"));
        assertThat(rule.nextAfter(tokyo("2028-02-29T18:00"))).isEqualTo(tokyo("2028-03-31T18:00"));
    }

    @Test
    void day28ShouldComeEveryMonthIncludingFebruary() {
        RepeatRule rule = RepeatRule.monthly(28, 0, 5);

        assertThat(rule.nextAfter(tokyo("2027-01-28T00:05"))).isEqualTo(tokyo("2027-02-28T00:05"));
        assertThat(rule.nextAfter(tokyo("2027-02-28T00:05"))).isEqualTo(tokyo("2027-03-28T00:05"));
    }

    @Test
    void japanHasNoDaylightSavingTimeSoTheOccurrenceIsAlwaysPlusNineHoursOfUtc() {
        RepeatRule rule = RepeatRule.monthly(8, 2, 30);

        // 8 March 2026 (US clocks spring forward) and 25 October 2026 (Europe falls back): Tokyo stays +09:00
        assertThat(rule.nextAfter(Instant.parse("2026-03-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-03-07T17:30:00Z"));
        assertThat(RepeatRule.monthly(25, 2, 30).nextAfter(Instant.parse("2026-10-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-10-24T17:30:00Z"));
        // the default zone is Asia/Tokyo whatever the JVM's zone is; an instant just past midnight UTC on the
        // 7th is already 09:xx on the 7th in Tokyo, so the 8th 02:30 JST is next
        assertThat(rule.nextAfter(Instant.parse("2026-03-07T00:10:00Z"))).isEqualTo(tokyo("2026-03-08T02:30"));
        assertThat(RepeatRule.ZONE.getRules().isFixedOffset() || RepeatRule.ZONE.getRules()
                .getTransitions().stream().noneMatch(tr -> tr.getInstant().isAfter(Instant.parse("1952-01-01T00:00:00Z"))))
                .isTrue();
    }

    @Test
    void anOccurrenceLateInTheLocalDayShouldBeFoundFromAUtcInstantOfThePreviousDay() {
        // 1st 08:00 JST is the last day of the previous month 23:00 UTC
        RepeatRule rule = RepeatRule.monthly(1, 8, 0);
        assertThat(rule.nextAfter(Instant.parse("2026-05-31T22:59:00Z"))).isEqualTo(Instant.parse("2026-05-31T23:00:00Z"));
        assertThat(rule.nextAfter(Instant.parse("2026-05-31T23:00:00Z"))).isEqualTo(tokyo("2026-07-01T08:00"));
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
