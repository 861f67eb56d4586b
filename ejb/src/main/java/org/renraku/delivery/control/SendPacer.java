package org.renraku.delivery.control;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The pace of one lane (one SMTP connection's share of one carrier group) of a broadcast, as plain state that
 * goes into the batch job's checkpoint: no clock, no thread, no singleton — the caller passes the time and
 * sleeps until {@link #nextSendAt}.
 * <p>
 * Messages are spaced evenly at the lane's rate (a pause or the top of the hour is not made up for with a burst);
 * a connection carries at most the lane's messages per connection. Throttling replies in a row (see
 * {@link ReplyPolicy#isThrottling}) first halve the rate, and once it has been halved
 * {@code halvingsBeforePause} times the next streak pauses the lane — {@link Signal#PAUSED} tells the caller to
 * alert the admins — until it resumes by itself; each pause is twice as long as the one before, at most 4 h.
 * After {@code recoverAfter} accepted messages in a row a halving is undone.
 */
public final class SendPacer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a reply changed, for the caller to log or to alert about. */
    public enum Signal { NONE, HALVED, PAUSED, RECOVERED }

    private final Pacing.Lane lane;
    private final Pacing pacing;
    private final boolean urgent;

    private int halvings;
    private int throttleStreak;
    private int acceptedStreak;
    private int onConnection;
    private int pauses;
    private Instant nextSlot;
    private Instant pausedUntil;

    public SendPacer(Pacing.Lane lane, Pacing pacing, boolean urgent) {
        this.lane = Objects.requireNonNull(lane, "lane");
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        this.urgent = urgent;
    }

    /** The earliest moment the next message may start, {@code now} or later. */
    public Instant nextSendAt(Instant now) {
        Instant at = now;
        if (nextSlot != null && nextSlot.isAfter(at)) {
            at = nextSlot;
        }
        if (pausedUntil != null && pausedUntil.isAfter(at)) {
            at = pausedUntil;
        }
        return urgent ? at : outOfTopOfHour(at);
    }

    /** True when the next message must go on a new connection (the current one carried its share). */
    public boolean needsNewConnection() {
        return onConnection >= lane.messagesPerConnection();
    }

    /** A new connection was opened (also after a broken one). */
    public void connectionOpened() {
        onConnection = 0;
    }

    /** A message went out on the connection at {@code at}, whatever the reply: it took its place in the pace. */
    public void sent(Instant at) {
        onConnection++;
        Instant base = nextSlot != null && nextSlot.isAfter(at) ? nextSlot : at;
        nextSlot = base.plusNanos(Math.round(1e9 / currentRate()));
    }

    /** Counts a reply; returns what changed in the pace. */
    public Signal replied(SmtpReply reply, Instant now) {
        if (ReplyPolicy.isThrottling(reply)) {
            acceptedStreak = 0;
            if (++throttleStreak < pacing.throttleStreak()) {
                return Signal.NONE;
            }
            throttleStreak = 0;
            if (halvings < pacing.halvingsBeforePause()) {
                halvings++;
                return Signal.HALVED;
            }
            Duration pause = pacing.pause().multipliedBy(1L << Math.min(pauses, 20));
            pausedUntil = now.plus(pause.compareTo(Pacing.MAX_PAUSE) > 0 ? Pacing.MAX_PAUSE : pause);
            pauses++;
            return Signal.PAUSED;
        }
        throttleStreak = 0;
        if (reply.positive()) {
            if (++acceptedStreak >= pacing.recoverAfter() && halvings > 0) {
                acceptedStreak = 0;
                halvings--;
                return Signal.RECOVERED;
            }
        }
        return Signal.NONE;
    }

    /**
     * Carries a pause over from an earlier execution of the job (whose checkpoint a new execution does not have):
     * the lane waits until {@code until} and the next pause is longer, as if it had been paused here.
     */
    public void carryPause(Instant until, int pausesSoFar) {
        if (until != null && (pausedUntil == null || until.isAfter(pausedUntil))) {
            pausedUntil = until;
        }
        pauses = Math.max(pauses, pausesSoFar);
    }

    /** How often the lane was paused. */
    public int pauses() { return pauses; }

    /** The lane's rate now: its planned rate halved as often as refusals required. */
    public double currentRate() {
        return lane.perSecond() / (1L << halvings);
    }

    public Pacing.Lane lane() { return lane; }
    public boolean paused(Instant now) { return pausedUntil != null && pausedUntil.isAfter(now); }
    public Instant pausedUntil() { return pausedUntil; }
    public int halvings() { return halvings; }

    private Instant outOfTopOfHour(Instant at) {
        int avoid = pacing.avoidFirstMinutes();
        if (avoid == 0) {
            return at;
        }
        ZonedDateTime local = at.atZone(pacing.zone());
        if (local.getMinute() >= avoid) {
            return at;
        }
        return local.truncatedTo(ChronoUnit.HOURS).plusMinutes(avoid).toInstant();
    }
}
