package org.renraku.delivery.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.CarrierShaping;
import org.renraku.delivery.control.GroupPace;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * One lane's side of the service-wide shaping ({@link CarrierShaping}): the connection slot it holds while its
 * connection is open, its turn in the group's shared rate before each message, and the replies it reports after
 * each chunk. Lives as long as the lane's partition, on its thread; never in a checkpoint (a restarted lane leases
 * and reserves afresh).
 */
final class LaneShaper {

    private static final Logger LOG = Logger.getLogger(LaneShaper.class.getName());
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration URGENT_POLL = Duration.ofMillis(200);
    /**
     * A slice covers about this much of the lane's share of the rate: a few reservations per second, and a pause
     * or a halving reaches every lane within a slice.
     */
    static final Duration SLICE = Duration.ofMillis(200);
    static final int MAX_SLICE = 20;

    private final CarrierShaping shaping;
    private final Clock clock;
    private final CarrierGroup group;
    private final String holder;
    private final long broadcastId;
    private final long networkId;
    private final boolean urgent;
    private final boolean paced;
    private final int sliceSize;
    private final double laneRate;

    private CarrierShaping.Lease lease;
    private GroupPace.Slice slice;
    private int usedOfSlice;
    /** The group's pause as last seen by this lane's reports (also holds when the run is not paced). */
    private Instant pausedUntil;
    private boolean pauseRead;

    /**
     * @param laneRate the lane's share of the group's rate (messages per second), to size the slices
     */
    LaneShaper(CarrierShaping shaping, Clock clock, CarrierGroup group, String holder, long broadcastId,
            long networkId, boolean urgent, boolean paced, double laneRate) {
        this.shaping = shaping;
        this.clock = clock;
        this.group = group;
        this.holder = holder;
        this.broadcastId = broadcastId;
        this.networkId = networkId;
        this.urgent = urgent;
        this.paced = paced;
        this.laneRate = laneRate;
        this.sliceSize = (int) Math.max(1, Math.min(MAX_SLICE, Math.round(laneRate * SLICE.toMillis() / 1000.0)));
    }

    CarrierGroup group() {
        return group;
    }

    /**
     * Messages a chunk of this paced lane may hold: about {@code span} of its share of the rate, at least one and
     * at most {@code cap}. The writer paces a chunk's messages, so this bounds a chunk in time.
     */
    int pacedChunk(Duration span, int cap) {
        return (int) Math.max(1, Math.min(cap, Math.round(laneRate * span.toMillis() / 1000.0)));
    }

    boolean paced() {
        return paced;
    }

    boolean holdsSlot() {
        return lease != null;
    }

    /**
     * Before a connection is opened: leases a slot of the group, waiting for one up to {@code maxWait}; false when
     * none came (the lane leaves its messages queued).
     */
    boolean acquire(Duration maxWait) {
        if (lease != null) {
            return true;
        }
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Optional<CarrierShaping.Lease> l = shaping.acquire(group, holder, broadcastId, networkId, urgent);
            if (l.isPresent()) {
                lease = l.get();
                return true;
            }
            if (!clock.instant().isBefore(deadline) || !sleep(urgent ? URGENT_POLL : POLL)) {
                shaping.withdraw(group, holder);
                LOG.info(() -> "Lane " + holder + " found no free connection to " + group + " within " + maxWait
                        + "; its messages stay queued");
                return false;
            }
        }
    }

    /** After a connection was closed (or could not be opened): the slot goes back. */
    void release() {
        if (lease != null) {
            CarrierShaping.Lease l = lease;
            lease = null;
            shaping.release(l);
        }
    }

    /**
     * Before each message: waits for its turn in the group's rate. False when the turn is further than
     * {@code maxWait} away (the group is paused, or the queue of reservations is long): the lane stops.
     */
    boolean awaitTurn(Duration maxWait) {
        if (!pauseRead) { // a new lane (a new execution by the sweep) starts with the group's pause as it stands
            pausedUntil = shaping.pace(group).pausedUntil();
            pauseRead = true;
        }
        if (pausedUntil != null && pausedUntil.isAfter(clock.instant())) {
            LOG.info(() -> "Carrier group " + group + " is paused until " + pausedUntil + "; lane " + holder + " stops");
            return false;
        }
        if (!paced) {
            return true;
        }
        if (slice == null || usedOfSlice >= slice.count()) {
            CarrierShaping.Reservation r = shaping.reserve(group, sliceSize, urgent);
            if (r.slice() == null) {
                LOG.info(() -> "Carrier group " + group + " is paused until " + r.pausedUntil() + "; lane " + holder
                        + " stops");
                return false;
            }
            slice = r.slice();
            usedOfSlice = 0;
        }
        Instant at = slice.start().plus(slice.interval().multipliedBy(usedOfSlice));
        Duration wait = Duration.between(clock.instant(), at);
        if (wait.compareTo(maxWait) > 0) {
            return false;
        }
        if (!wait.isNegative() && !wait.isZero() && !sleep(wait)) {
            return false;
        }
        usedOfSlice++;
        return true;
    }

    /**
     * A throttling reply, reported at once to the group's shared pace (every lane of every broadcast and instance
     * slows down or pauses with it); this lane's slice is dropped so its next message sees the new pace.
     */
    void throttled(String reply) {
        pausedUntil = shaping.report(group, 0, List.of(reply), broadcastId).pausedUntil();
        slice = null;
    }

    /**
     * After a chunk: reports its accepted messages (which bring a slowed group back) and renews the slot. False
     * when the slot must be given back now (urgent mail or a network below its fair share waits for it): the
     * caller closes the connection, which releases it.
     */
    boolean afterChunk(int accepted) {
        if (accepted > 0) {
            pausedUntil = shaping.report(group, accepted, List.of(), broadcastId).pausedUntil();
        }
        return lease == null || shaping.keep(lease);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
