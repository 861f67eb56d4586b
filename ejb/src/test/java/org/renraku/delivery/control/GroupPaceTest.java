package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.entity.CarrierGroup;

class GroupPaceTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** 10:20 in Tokyo: outside the quiet minutes. */
    private static final Instant T0 = Instant.parse("2026-12-07T01:20:00Z");
    private static final Pacing RULES = Pacing.defaults();

    private static GroupPace fresh(Instant at) {
        return new GroupPace(at, 0, 0, 0, null, 0);
    }

    @Test
    void slicesReservedInTurnShouldKeepTheGroupsRateWhoeverReservesThem() {
        GroupPace pace = fresh(T0);
        // two lanes (of two broadcasts, or two instances) reserve 5 messages each at 10/s
        GroupPace.Reserved a = pace.reserve(5, 10, false, 0, TOKYO, T0);
        GroupPace.Reserved b = a.after().reserve(5, 10, false, 0, TOKYO, T0);
        assertThat(a.slice().start()).isEqualTo(T0);
        assertThat(a.slice().interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.slice().start()).isEqualTo(T0.plusMillis(500));
        assertThat(b.after().nextSendAt()).isEqualTo(T0.plusSeconds(1)); // 10 messages in 1 s, together
    }

    @Test
    void aQuietSpellShouldNotBeMadeUpWithABurst() {
        GroupPace idle = fresh(T0.minusSeconds(3600));
        GroupPace.Reserved r = idle.reserve(3, 10, false, 0, TOKYO, T0);
        assertThat(r.slice().start()).isEqualTo(T0);
        assertThat(r.after().nextSendAt()).isEqualTo(T0.plusMillis(300));
    }

    @Test
    void normalMailShouldWaitOutTheQuietMinutesAndUrgentMailShouldNot() {
        Instant topOfHour = Instant.parse("2026-12-07T02:01:30Z"); // 11:01:30 in Tokyo
        GroupPace pace = fresh(topOfHour);
        assertThat(pace.reserve(1, 5, false, 5, TOKYO, topOfHour).slice().start())
                .isEqualTo(Instant.parse("2026-12-07T02:05:00Z"));
        assertThat(pace.reserve(1, 5, true, 5, TOKYO, topOfHour).slice().start()).isEqualTo(topOfHour);
        assertThat(pace.reserve(1, 5, false, 0, TOKYO, topOfHour).slice().start()).isEqualTo(topOfHour);
    }

    @Test
    void throttlingInARowShouldHalveTheRateThenPauseTheGroupWithLongerPauses() {
        GroupPace pace = fresh(T0);
        GroupPace.Reported r = pace.report(0, 2, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.NONE);
        r = r.after().report(0, 1, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.HALVED);
        assertThat(r.after().rate(10)).isEqualTo(5);
        r = r.after().report(0, 3, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.PAUSED);
        assertThat(r.after().pausedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(r.after().paused(T0.plusSeconds(60))).isTrue();
        Instant later = T0.plus(Duration.ofMinutes(31));
        assertThat(r.after().paused(later)).isFalse();
        r = r.after().report(0, 3, RULES, later);
        assertThat(r.change()).isEqualTo(GroupPace.Change.PAUSED);
        assertThat(r.after().pausedUntil()).isEqualTo(later.plus(Duration.ofMinutes(60)));
        assertThat(r.after().pauses()).isEqualTo(2);
    }

    @Test
    void refusalsOfMessagesUnderWayWhenTheGroupPausedShouldNotPauseItAgain() {
        GroupPace paused = new GroupPace(T0, 1, 0, 0, T0.plusSeconds(1800), 1);
        GroupPace.Reported r = paused.report(0, 3, RULES, T0.plusSeconds(1));
        assertThat(r.change()).isEqualTo(GroupPace.Change.NONE);
        assertThat(r.after()).isEqualTo(paused);
    }

    @Test
    void pausesShouldNeverExceedFourHours() {
        GroupPace pace = new GroupPace(T0, 1, 0, 0, null, 10);
        GroupPace.Reported r = pace.report(0, 3, RULES, T0);
        assertThat(r.after().pausedUntil()).isEqualTo(T0.plus(Pacing.MAX_PAUSE));
    }

    @Test
    void anAcceptedMessageShouldBreakAThrottlingStreak() {
        GroupPace.Reported r = fresh(T0).report(0, 2, RULES, T0);
        r = r.after().report(4, 0, RULES, T0);
        assertThat(r.after().throttled()).isZero();
        assertThat(r.after().report(0, 2, RULES, T0).change()).isEqualTo(GroupPace.Change.NONE);
    }

    @Test
    void acceptedMessagesInARowShouldUndoAHalvingThenForgetThePauses() {
        GroupPace halved = new GroupPace(T0, 1, 0, 0, null, 1);
        GroupPace.Reported r = halved.report(499, 0, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.NONE);
        r = r.after().report(1, 0, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.RECOVERED);
        assertThat(r.after().halvings()).isZero();
        assertThat(r.after().pauses()).isEqualTo(1);
        r = r.after().report(500, 0, RULES, T0);
        assertThat(r.change()).isEqualTo(GroupPace.Change.RECOVERED);
        assertThat(r.after().pauses()).isZero();
    }

    @Test
    void badSlicesShouldBeRefused() {
        assertThatThrownBy(() -> fresh(T0).reserve(0, 10, false, 0, TOKYO, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fresh(T0).reserve(1, 0, false, 0, TOKYO, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlanShouldGiveEachGroupOneLanePerConnectionAndCapMobileConnections() {
        Pacing pacing = Pacing.defaults().withGroups(Map.of(CarrierGroup.AU, new Pacing.Group(10, 20, 500, 3)), true);
        assertThat(pacing.group(CarrierGroup.AU).messagesPerConnection()).isEqualTo(100);
        List<Pacing.Lane> lanes = pacing.plan(List.of(CarrierGroup.AU, CarrierGroup.GMAIL));
        assertThat(lanes).extracting(l -> l.group() + "/" + l.index() + "/" + l.of())
                .containsExactly("AU/0/3", "AU/1/3", "AU/2/3", "GMAIL/0/3", "GMAIL/1/3", "GMAIL/2/3");
        assertThatThrownBy(() -> new Pacing.Group(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
