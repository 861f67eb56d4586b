package org.renraku.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The shared pace of one carrier group, as plain values: the state row ({@code carrier_group_state}) that every
 * lane of every broadcast and instance reserves its sending time from, and the rules that move it. No clock, no
 * database: {@code CarrierShaping} reads the row under its lock, asks this class, and writes the answer back.
 * <ul>
 *   <li><b>Rate</b>: a lane reserves a slice of {@code n} messages; the slice starts at the group's next free
 *       time (or now) and moves that time on by {@code n / rate} — so all lanes together keep the group's rate
 *       (virtual scheduling, as a token bucket without a burst: a quiet spell is not made up for).</li>
 *   <li><b>Quiet minutes</b>: normal slices do not start in the first minutes after a full hour (Asia/Tokyo),
 *       when everyone's scheduled mail hits the carriers; urgent ones do.</li>
 *   <li><b>Throttling</b>: {@code throttleStreak} throttling replies in a row halve the group's rate; once halved
 *       {@code halvingsBeforePause} times, the next streak pauses the group — every broadcast, every instance —
 *       each pause twice as long as the one before (at most {@link Pacing#MAX_PAUSE}); {@code recoverAfter}
 *       accepted messages in a row undo a halving and, once none is left, the pause count.</li>
 * </ul>
 *
 * @param nextSendAt  the earliest start of the next slice
 * @param halvings    the limit is halved this often
 * @param throttled   throttling replies in a row so far
 * @param accepted    accepted messages in a row so far
 * @param pausedUntil nothing starts before then (null: not paused)
 * @param pauses      pauses so far (the next is twice as long)
 */
public record GroupPace(Instant nextSendAt, int halvings, int throttled, int accepted, Instant pausedUntil,
        int pauses) {

    /** What a report changed, for the alerts. */
    public enum Change { NONE, HALVED, PAUSED, RECOVERED }

    /** A reserved slice: {@code count} messages, the first at {@code start}, then one every {@code interval}. */
    public record Slice(Instant start, Duration interval, int count) {
    }

    /** The rate allowed now: the limit halved {@link #halvings} times. */
    public double rate(double limit) {
        return limit / (1L << Math.min(halvings, 30));
    }

    public boolean paused(Instant now) {
        return pausedUntil != null && pausedUntil.isAfter(now);
    }

    /**
     * Reserves {@code n} messages at {@code limit} messages per second: the slice, and the state after it. A
     * normal slice that would start in the quiet minutes starts when they end.
     */
    public Reserved reserve(int n, double limit, boolean urgent, int quietMinutes, ZoneId zone, Instant now) {
        if (n < 1 || !(limit > 0)) {
            throw new IllegalArgumentException("A slice needs messages and a positive rate");
        }
        Instant start = nextSendAt != null && nextSendAt.isAfter(now) ? nextSendAt : now;
        if (!urgent) {
            start = outOfQuietMinutes(start, quietMinutes, zone);
        }
        double rate = rate(limit);
        long intervalNanos = Math.max(1, Math.round(1e9 / rate));
        Instant next = start.plusNanos(intervalNanos * n);
        return new Reserved(new Slice(start, Duration.ofNanos(intervalNanos), n),
                new GroupPace(next, halvings, throttled, accepted, pausedUntil, pauses));
    }

    /** A reservation's slice and the state to store. */
    public record Reserved(Slice slice, GroupPace after) {
    }

    /**
     * Counts one chunk's replies: {@code accepted} messages accepted and {@code throttling} throttling replies
     * (in that order of arrival does not matter: a chunk with a throttling reply breaks the accepted streak).
     */
    public Reported report(int acceptedNow, int throttlingNow, Pacing rules, Instant now) {
        if (throttlingNow > 0 && paused(now)) {
            // refusals of messages that were under way when the group paused: the pause already answers them
            return new Reported(Change.NONE, this);
        }
        if (throttlingNow > 0) {
            int streak = throttled + throttlingNow;
            if (streak < rules.throttleStreak()) {
                return new Reported(Change.NONE, new GroupPace(nextSendAt, halvings, streak, 0, pausedUntil, pauses));
            }
            if (halvings < rules.halvingsBeforePause()) {
                return new Reported(Change.HALVED, new GroupPace(nextSendAt, halvings + 1, 0, 0, pausedUntil, pauses));
            }
            Duration pause = rules.pause().multipliedBy(1L << Math.min(pauses, 20));
            Instant until = now.plus(pause.compareTo(Pacing.MAX_PAUSE) > 0 ? Pacing.MAX_PAUSE : pause);
            return new Reported(Change.PAUSED, new GroupPace(nextSendAt, halvings, 0, 0, until, pauses + 1));
        }
        if (acceptedNow <= 0) {
            return new Reported(Change.NONE, this);
        }
        int streak = accepted + acceptedNow;
        if (streak >= rules.recoverAfter() && (halvings > 0 || pauses > 0)) {
            return new Reported(Change.RECOVERED, halvings > 0
                    ? new GroupPace(nextSendAt, halvings - 1, 0, 0, pausedUntil, pauses)
                    : new GroupPace(nextSendAt, 0, 0, 0, pausedUntil, 0));
        }
        return new Reported(Change.NONE, new GroupPace(nextSendAt, halvings, 0, streak, pausedUntil, pauses));
    }

    /** A report's change and the state to store. */
    public record Reported(Change change, GroupPace after) {
    }

    static Instant outOfQuietMinutes(Instant at, int quietMinutes, ZoneId zone) {
        if (quietMinutes <= 0) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        if (local.getMinute() >= quietMinutes) {
            return at;
        }
        return local.truncatedTo(ChronoUnit.HOURS).plusMinutes(quietMinutes).toInstant();
    }
}
