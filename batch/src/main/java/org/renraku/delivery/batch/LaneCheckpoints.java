package org.renraku.delivery.batch;

import jakarta.batch.api.chunk.AbstractCheckpointAlgorithm;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;

/**
 * When a lane's chunk ends. A chunk's end is where the lane records its replies with its checkpoint (one commit),
 * reports to its carrier group's shared pace and renews or gives back its connection slot — so it bounds how long
 * urgent mail or a fairer share waits for the slot, and what a stop or a crash repeats. The writer paces a chunk's
 * messages, so a paced lane's chunk holds about {@link #SPAN} of its share of the group's rate (at least one
 * message, at most {@link #PACED}); an unpaced lane's (benchmarks, tests) {@link #UNPACED}: with 20, the commit,
 * the job repository's checkpoint and the shaping calls of each chunk were most of an unpaced lane's CPU. A stop
 * does not wait for the chunk's end: the writer leaves the rest of the chunk queued ({@link SmtpLaneWriter}).
 */
@Named("laneCheckpoints")
@Dependent
public class LaneCheckpoints extends AbstractCheckpointAlgorithm {

    static final Duration SPAN = Duration.ofMillis(250);
    static final int PACED = 20;
    static final int UNPACED = 200;
    /** A chunk waits for its turns in the group's rate: give its transaction room (seconds). */
    static final int TRANSACTION_TIMEOUT = 600;

    @Inject
    StepContext step;

    private int items;

    @Override
    public int checkpointTimeout() {
        return TRANSACTION_TIMEOUT;
    }

    @Override
    public void beginCheckpoint() {
        items = 0;
    }

    @Override
    public boolean isReadyToCheckpoint() {
        items++;
        LaneState state = step.getTransientUserData() instanceof LaneState s ? s : null;
        if (state != null && state.shaper != null && state.shaper.paced()) {
            return items >= state.shaper.pacedChunk(SPAN, PACED);
        }
        return items >= UNPACED;
    }
}
