package org.renraku.delivery.batch;

import jakarta.batch.api.chunk.AbstractCheckpointAlgorithm;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a lane's chunk ends. A chunk's end is where the lane records its replies with its checkpoint (one commit),
 * reports to its carrier group's shared pace and renews or gives back its connection slot — so it bounds how long
 * urgent mail or a fairer share waits for the slot, and what a stop or a crash repeats. The writer paces a chunk's
 * messages, so a paced lane's chunk holds about {@link #SPAN} of its share of the group's rate (at least one
 * message, at most {@link #PACED}). An unpaced lane's chunk (pacing off: benchmarks, tests, a relay that shapes)
 * ends after {@link #UNPACED_SPAN} or {@link #UNPACED} messages, whichever comes first. A chunk has a fixed cost
 * (two commits, the job repository's checkpoint and step status, the shaping calls): with 20 messages it was most
 * of an unpaced lane's CPU, with 200 still a fifth of the machine (the benchmark, 100 000 unsigned: 5 695
 * msg/s with 200, 7 360 with 1 000, 7 236 with one second). The time bound keeps what a crash sends twice, and how
 * long urgent mail waits for the slot, to about a second of the lane's sending. A stop does not wait for the
 * chunk's end: the writer leaves the rest of the chunk queued ({@link SmtpLaneWriter}).
 */
@Named("laneCheckpoints")
@Dependent
public class LaneCheckpoints extends AbstractCheckpointAlgorithm {

    static final Duration SPAN = Duration.ofMillis(250);
    static final int PACED = 20;
    static final int UNPACED = 1000;
    static final Duration UNPACED_SPAN = Duration.ofSeconds(1);
    /** A chunk waits for its turns in the group's rate: give its transaction room (seconds). */
    static final int TRANSACTION_TIMEOUT = 600;

    @Inject
    StepContext step;

    @Inject
    Clock clock;

    private int items;
    private Instant began;

    @Override
    public int checkpointTimeout() {
        return TRANSACTION_TIMEOUT;
    }

    @Override
    public void beginCheckpoint() {
        items = 0;
        began = clock.instant();
    }

    @Override
    public boolean isReadyToCheckpoint() {
        items++;
        LaneState state = step.getTransientUserData() instanceof LaneState s ? s : null;
        if (state != null && state.shaper != null && state.shaper.paced()) {
            return items >= state.shaper.pacedChunk(SPAN, PACED);
        }
        return items >= UNPACED || began == null || !clock.instant().isBefore(began.plus(UNPACED_SPAN));
    }
}
