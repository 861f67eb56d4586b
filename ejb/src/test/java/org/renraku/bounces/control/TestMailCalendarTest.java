package org.renraku.bounces.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class TestMailCalendarTest {

    private static final YearMonth NOV = YearMonth.of(2026, 11);
    private static final Instant LONG_AGO = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void theMomentIsTheDayAtTenInTokyo() {
        assertThat(TestMailCalendar.moment(NOV, 1)).isEqualTo(Instant.parse("2026-11-01T01:00:00Z"));
        assertThat(TestMailCalendar.moment(YearMonth.of(2027, 2), 28)).isEqualTo(Instant.parse("2027-02-28T01:00:00Z"));
    }

    @Test
    void theMonthIsTokyos() {
        // 2026-11-30T16:00Z is already 1 December in Tokyo
        assertThat(TestMailCalendar.month(Instant.parse("2026-11-30T16:00:00Z"))).isEqualTo(YearMonth.of(2026, 12));
        assertThat(TestMailCalendar.month(Instant.parse("2026-11-30T14:59:59Z"))).isEqualTo(NOV);
    }

    @Test
    void dueOnceTheMomentHasPassedAndTheMonthIsNotClaimed() {
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-01T00:59:59Z"), 1, null, LONG_AGO)).isEmpty();
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-01T01:00:00Z"), 1, null, LONG_AGO)).contains(NOV);
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-27T10:00:00Z"), 1, YearMonth.of(2026, 10), LONG_AGO))
                .contains(NOV);
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-27T10:00:00Z"), 1, NOV, LONG_AGO)).isEmpty();
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-27T10:00:00Z"), 1, YearMonth.of(2026, 12), LONG_AGO))
                .isEmpty();
    }

    @Test
    void notDueBeforeTheConfiguredDay() {
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-14T12:00:00Z"), 15, null, LONG_AGO)).isEmpty();
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-15T01:00:00Z"), 15, null, LONG_AGO)).contains(NOV);
    }

    @Test
    void aNetworkCreatedAfterTheMomentWaitsForNextMonth() {
        Instant created = Instant.parse("2026-11-20T05:00:00Z");
        assertThat(TestMailCalendar.due(Instant.parse("2026-11-27T10:00:00Z"), 1, null, created)).isEmpty();
        assertThat(TestMailCalendar.due(Instant.parse("2026-12-01T01:00:00Z"), 1, null, created))
                .contains(YearMonth.of(2026, 12));
    }

    @Test
    void nextIsThisMonthsWhileAheadAndUnclaimedElseNextMonths() {
        assertThat(TestMailCalendar.next(Instant.parse("2026-11-10T00:00:00Z"), 15, null))
                .isEqualTo(Instant.parse("2026-11-15T01:00:00Z"));
        assertThat(TestMailCalendar.next(Instant.parse("2026-11-10T00:00:00Z"), 15, NOV))
                .isEqualTo(Instant.parse("2026-12-15T01:00:00Z"));
        assertThat(TestMailCalendar.next(Instant.parse("2026-11-27T00:00:00Z"), 1, null))
                .isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
        assertThat(TestMailCalendar.next(Instant.parse("2026-12-20T00:00:00Z"), 28, null))
                .isEqualTo(Instant.parse("2026-12-28T01:00:00Z"));
    }

    @Test
    void storedMonthsAndDays() {
        assertThat(TestMailCalendar.format(NOV)).isEqualTo("2026-11");
        assertThat(TestMailCalendar.parse("2026-11")).isEqualTo(NOV);
        assertThat(TestMailCalendar.parse(null)).isNull();
        assertThatThrownBy(() -> TestMailCalendar.checkDay(29)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestMailCalendar.checkDay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
