package org.renraku.bounces.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * When soft bounces suspend a member: {@code threshold} soft bounces within the last {@code windowDays} days.
 * <p>
 * <b>Decay</b>: only soft bounces after the member's last <em>confirmed</em> delivery count. A delivery is
 * confirmed when the receiving server accepted it (SENT) and no bounce came back for it within
 * {@link #CONFIRMATION_DELAY} (a DSN for a message that was accepted at send time arrives later, so the
 * acceptance alone proves nothing). Soft bounces before {@code countFrom} (the moment an admin reactivated the
 * member) do not count either. So one mail that gets through resets the count to zero.
 *
 * @param threshold  soft bounces that suspend (1–100; default 3)
 * @param windowDays the window in days (1–365; default 14)
 */
public record SoftBounceWindow(int threshold, int windowDays) {

    public static final int DEFAULT_THRESHOLD = 3;
    public static final int DEFAULT_WINDOW_DAYS = 14;
    public static final int MAX_THRESHOLD = 100;
    public static final int MAX_WINDOW_DAYS = 365;
    /** How long after its acceptance a delivery must stay without a bounce to count as a success. */
    public static final Duration CONFIRMATION_DELAY = Duration.ofHours(24);

    public SoftBounceWindow {
        if (threshold < 1 || threshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException("threshold must be 1-" + MAX_THRESHOLD + ": " + threshold);
        }
        if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
            throw new IllegalArgumentException("window must be 1-" + MAX_WINDOW_DAYS + " days: " + windowDays);
        }
    }

    public static SoftBounceWindow defaults() {
        return new SoftBounceWindow(DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS);
    }

    /** The earliest moment a soft bounce still counts at {@code now}. */
    public Instant windowStart(Instant now) {
        return now.minus(Duration.ofDays(windowDays));
    }

    /**
     * How many of {@code softBounces} count at {@code now}: inside the window, after the last confirmed delivery
     * ({@code lastConfirmedDelivery}, may be null) and not before {@code countFrom} (may be null).
     */
    public long counted(Collection<Instant> softBounces, Instant lastConfirmedDelivery, Instant countFrom,
                        Instant now) {
        Objects.requireNonNull(now, "now");
        Instant start = windowStart(now);
        return softBounces.stream()
                .filter(t -> t.isAfter(start) && !t.isAfter(now))
                .filter(t -> lastConfirmedDelivery == null || t.isAfter(lastConfirmedDelivery))
                .filter(t -> countFrom == null || !t.isBefore(countFrom))
                .count();
    }

    /** True when the soft bounces that count reach the threshold. */
    public boolean suspends(Collection<Instant> softBounces, Instant lastConfirmedDelivery, Instant countFrom,
                            Instant now) {
        return counted(softBounces, lastConfirmedDelivery, countFrom, now) >= threshold;
    }

    /** The latest moment a delivery accepted then may have been accepted to count as confirmed at {@code now}. */
    public static Instant confirmedBefore(Instant now) {
        return now.minus(CONFIRMATION_DELAY);
    }
}
