package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.SendPacer.Signal;
import org.renraku.delivery.entity.CarrierGroup;

class SendPacerTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** 10:20 in Tokyo: away from the top of the hour. */
    private static final Instant T0 = Instant.parse("2026-04-01T01:20:00Z");
    private static final SmtpReply OK = SmtpReply.parse("250 2.0.0 Ok").orElseThrow();
    private static final SmtpReply THROTTLED = SmtpReply.parse("421 4.7.0 Too many connections").orElseThrow();

    private static Pacing pacing(int avoidMinutes) {
        return new Pacing(Map.of(), 0, avoidMinutes, TOKYO, 3, 1, Duration.ofMinutes(30), 5);
    }

    private static SendPacer pacer(double perSecond, int perConnection, boolean urgent, int avoidMinutes) {
        return new SendPacer(new Pacing.Lane(CarrierGroup.DOCOMO, 0, 1, perSecond, perConnection),
                pacing(avoidMinutes), urgent);
    }

    @Test
    void messagesShouldBeSpacedEvenlyAtTheLaneRate() {
        SendPacer pacer = pacer(4, 100, false, 0);
        Instant now = T0;
        for (int i = 0; i < 8; i++) {
            now = pacer.nextSendAt(now);
            pacer.sent(now);
        }
        // 8 messages at 4/s: the 8th started 7 × 250 ms after the first
        assertThat(Duration.between(T0, now)).isEqualTo(Duration.ofMillis(1750));
        assertThat(pacer.nextSendAt(now)).isEqualTo(now.plusMillis(250));
    }

    @Test
    void aQuietSpellShouldNotBeMadeUpWithABurst() {
        SendPacer pacer = pacer(2, 100, false, 0);
        pacer.sent(T0);
        Instant later = T0.plusSeconds(60);
        pacer.sent(later);

        assertThat(pacer.nextSendAt(later)).isEqualTo(later.plusMillis(500));
    }

    @Test
    void aConnectionShouldCarryAtMostItsShareOfMessages() {
        SendPacer pacer = pacer(1000, 100, true, 0);
        Instant now = T0;
        int connections = 1;
        pacer.connectionOpened();
        for (int i = 0; i < 250; i++) {
            if (pacer.needsNewConnection()) {
                pacer.connectionOpened();
                connections++;
            }
            now = pacer.nextSendAt(now);
            pacer.sent(now);
        }
        assertThat(connections).isEqualTo(3);
    }

    @Test
    void japaneseCarriersShouldNeverGetMoreThan100MessagesPerConnection() {
        Pacing pacing = new Pacing(Map.of(CarrierGroup.AU, new Pacing.Group(10, 20, 500, 2),
                CarrierGroup.GMAIL, new Pacing.Group(10, 20, 500, 2)), 0, 0, TOKYO, 3, 1, Duration.ofMinutes(30), 5);

        assertThat(pacing.group(CarrierGroup.AU).messagesPerConnection()).isEqualTo(100);
        assertThat(pacing.group(CarrierGroup.GMAIL).messagesPerConnection()).isEqualTo(500);
        assertThat(Pacing.defaults().group(CarrierGroup.SOFTBANK).messagesPerConnection()).isLessThanOrEqualTo(100);
    }

    @Test
    void theFirstMinutesOfAnHourShouldBeAvoidedUnlessUrgent() {
        Instant tenOClock = Instant.parse("2026-04-01T01:00:30Z"); // 10:00:30 in Tokyo
        assertThat(pacer(5, 100, false, 5).nextSendAt(tenOClock)).isEqualTo(Instant.parse("2026-04-01T01:05:00Z"));
        assertThat(pacer(5, 100, true, 5).nextSendAt(tenOClock)).isEqualTo(tenOClock);
        assertThat(pacer(5, 100, false, 5).nextSendAt(T0)).isEqualTo(T0);
    }

    @Test
    void throttlingInARowShouldHalveTheRateThenPauseAndTheLaneShouldResumeByItself() {
        SendPacer pacer = pacer(4, 100, false, 0);

        assertThat(pacer.replied(THROTTLED, T0)).isEqualTo(Signal.NONE);
        assertThat(pacer.replied(THROTTLED, T0)).isEqualTo(Signal.NONE);
        assertThat(pacer.replied(THROTTLED, T0)).isEqualTo(Signal.HALVED);
        assertThat(pacer.currentRate()).isEqualTo(2);

        // a success breaks the streak
        pacer.replied(THROTTLED, T0);
        pacer.replied(OK, T0);
        pacer.replied(THROTTLED, T0);
        assertThat(pacer.replied(THROTTLED, T0)).isEqualTo(Signal.NONE);
        assertThat(pacer.replied(THROTTLED, T0)).isEqualTo(Signal.PAUSED);
        assertThat(pacer.paused(T0)).isTrue();
        assertThat(pacer.nextSendAt(T0)).isEqualTo(T0.plus(Duration.ofMinutes(30)));

        Instant resumed = T0.plus(Duration.ofMinutes(30));
        assertThat(pacer.paused(resumed)).isFalse();
        assertThat(pacer.currentRate()).isEqualTo(2);

        // refused again after resuming: a longer pause
        for (int i = 0; i < 2; i++) {
            pacer.replied(THROTTLED, resumed);
        }
        assertThat(pacer.replied(THROTTLED, resumed)).isEqualTo(Signal.PAUSED);
        assertThat(pacer.pausedUntil()).isEqualTo(resumed.plus(Duration.ofMinutes(60)));
    }

    @Test
    void aPauseCarriedOverFromAnEarlierExecutionShouldHoldAndLengthenTheNextOne() {
        SendPacer pacer = pacer(4, 100, false, 0);
        Instant until = T0.plus(Duration.ofMinutes(20));
        pacer.carryPause(until, 1);
        assertThat(pacer.paused(T0)).isTrue();
        assertThat(pacer.nextSendAt(T0)).isEqualTo(until);
        assertThat(pacer.pauses()).isEqualTo(1);
        pacer.carryPause(T0, 0); // an older pause changes nothing
        assertThat(pacer.pausedUntil()).isEqualTo(until);

        Instant later = until.plusSeconds(1);
        for (int i = 0; i < 5; i++) {
            pacer.replied(THROTTLED, later); // 3: halved, the next 3: paused
        }
        assertThat(pacer.replied(THROTTLED, later)).isEqualTo(Signal.PAUSED);
        assertThat(pacer.pausedUntil()).isEqualTo(later.plus(Duration.ofMinutes(60))); // the second pause: twice 30 min
        assertThat(pacer.pauses()).isEqualTo(2);
    }

    @Test
    void acceptedMessagesInARowShouldUndoAHalving() {
        SendPacer pacer = pacer(4, 100, false, 0);
        for (int i = 0; i < 3; i++) {
            pacer.replied(THROTTLED, T0);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(pacer.replied(OK, T0)).isEqualTo(Signal.NONE);
        }
        assertThat(pacer.replied(OK, T0)).isEqualTo(Signal.RECOVERED);
        assertThat(pacer.currentRate()).isEqualTo(4);
    }

    @Test
    void thePacerShouldSurviveTheCheckpointUnchanged() throws Exception {
        SendPacer pacer = pacer(4, 100, false, 5);
        for (int i = 0; i < 3; i++) {
            pacer.replied(THROTTLED, T0);
        }
        pacer.connectionOpened();
        pacer.sent(T0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pacer);
        }
        SendPacer restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (SendPacer) in.readObject();
        }
        assertThat(restored.currentRate()).isEqualTo(2);
        assertThat(restored.nextSendAt(T0)).isEqualTo(pacer.nextSendAt(T0)).isEqualTo(T0.plusMillis(500));
        assertThat(restored.lane()).isEqualTo(pacer.lane());
    }

    @Test
    void thePlanShouldSplitGroupsIntoConnectionsAndHonourTheGlobalRate() {
        Pacing free = Pacing.defaults();
        List<Pacing.Lane> lanes = free.plan(List.of(CarrierGroup.DOCOMO, CarrierGroup.GMAIL), false);

        assertThat(lanes).hasSize(2 + 3);
        assertThat(lanes).filteredOn(l -> l.group() == CarrierGroup.DOCOMO)
                .allSatisfy(l -> assertThat(l.perSecond()).isEqualTo(2.5))
                .extracting(Pacing.Lane::index).containsExactly(0, 1);
        assertThat(free.plan(List.of(CarrierGroup.DOCOMO), true)).allSatisfy(l -> assertThat(l.perSecond()).isEqualTo(10));

        Pacing capped = new Pacing(Map.of(), 10, 5, TOKYO, 3, 1, Duration.ofMinutes(30), 500);
        List<Pacing.Lane> slowed = capped.plan(List.of(CarrierGroup.DOCOMO, CarrierGroup.GMAIL), true);
        assertThat(slowed.stream().mapToDouble(Pacing.Lane::perSecond).sum()).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-9));
        // urgent docomo 20/s vs gmail 50/s keep their proportion under the cap
        assertThat(slowed.get(0).perSecond() * 2 / (slowed.get(2).perSecond() * 3)).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void badSettingsShouldBeRefused() {
        assertThatThrownBy(() -> new Pacing.Group(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(Map.of(), 0, 60, TOKYO, 3, 1, Duration.ofMinutes(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
