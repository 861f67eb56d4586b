package org.renraku.bounces.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoftBounceWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private final SoftBounceWindow rule = SoftBounceWindow.defaults();

    private static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    @Test
    void threeSoftBouncesWithinFourteenDaysShouldSuspend() {
        assertThat(rule.suspends(List.of(daysAgo(13), daysAgo(5), NOW), null, null, NOW)).isTrue();
    }

    @Test
    void twoSoftBouncesShouldNotSuspend() {
        assertThat(rule.counted(List.of(daysAgo(5), NOW), null, null, NOW)).isEqualTo(2);
        assertThat(rule.suspends(List.of(daysAgo(5), NOW), null, null, NOW)).isFalse();
    }

    @Test
    void bouncesOlderThanTheWindowShouldNotCount() {
        assertThat(rule.counted(List.of(daysAgo(15), daysAgo(14.01), daysAgo(1), NOW), null, null, NOW)).isEqualTo(2);
        assertThat(rule.suspends(List.of(daysAgo(15), daysAgo(20), daysAgo(1), NOW), null, null, NOW)).isFalse();
    }

    @Test
    void aConfirmedDeliveryAfterASoftBounceShouldResetTheCount() {
        List<Instant> bounces = List.of(daysAgo(10), daysAgo(9), NOW);
        assertThat(rule.suspends(bounces, daysAgo(8), null, NOW)).isFalse();
        assertThat(rule.counted(bounces, daysAgo(8), null, NOW)).isEqualTo(1);
        // a delivery before the bounces changes nothing
        assertThat(rule.suspends(bounces, daysAgo(11), null, NOW)).isTrue();
    }

    @Test
    void bouncesBeforeAReactivationShouldNotCount() {
        List<Instant> bounces = List.of(daysAgo(3), daysAgo(2), daysAgo(1), NOW);
        assertThat(rule.counted(bounces, null, daysAgo(1), NOW)).isEqualTo(2);
        assertThat(rule.suspends(bounces, null, daysAgo(1), NOW)).isFalse();
    }

    @Test
    void aNetworkCanAskForOtherLimits() {
        SoftBounceWindow strict = new SoftBounceWindow(1, 1);
        assertThat(strict.suspends(List.of(NOW), null, null, NOW)).isTrue();
        SoftBounceWindow lenient = new SoftBounceWindow(5, 30);
        assertThat(lenient.suspends(List.of(daysAgo(29), daysAgo(20), daysAgo(10), daysAgo(2)), null, null, NOW))
                .isFalse();
    }

    @Test
    void aConfirmedDeliveryIsOneWithoutABounceForADay() {
        assertThat(SoftBounceWindow.confirmedBefore(NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
    }

    @Test
    void limitsOutsideTheirRangeShouldBeRefused() {
        assertThatThrownBy(() -> new SoftBounceWindow(0, 14)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoftBounceWindow(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoftBounceWindow(101, 14)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoftBounceWindow(3, 366)).isInstanceOf(IllegalArgumentException.class);
    }
}
