package org.renraku.delivery.batch;

import jakarta.batch.api.chunk.AbstractCheckpointAlgorithm;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/**
 * When a lane's chunk ends: after {@link #MAX_ITEMS} messages or {@link #MAX_MILLIS} ms, whichever comes first.
 * A chunk's end is where the lane records its replies with its checkpoint (one commit), reports to its carrier
 * group's shared pace and renews or gives back its connection slot. So a fast lane (pacing off, hundreds of
 * messages a second) commits a few times a second instead of every 20 messages, while a paced lane still ends a
 * chunk every quarter second — urgent mail and a fairer share get its slot within that, and a stop or a crash
 * repeats at most that much.
 */
@Named("laneCheckpoints")
@Dependent
public class LaneCheckpoints extends AbstractCheckpointAlgorithm {

    static final int MAX_ITEMS = 200;
    static final long MAX_MILLIS = 250;
    /** A chunk waits for its turns in the group's rate: give its transaction room (seconds). */
    static final int TRANSACTION_TIMEOUT = 600;

    private long startedAt;
    private int items;

    @Override
    public int checkpointTimeout() {
        return TRANSACTION_TIMEOUT;
    }

    @Override
    public void beginCheckpoint() {
        startedAt = System.nanoTime();
        items = 0;
    }

    @Override
    public boolean isReadyToCheckpoint() {
        items++;
        return items >= MAX_ITEMS || System.nanoTime() - startedAt >= MAX_MILLIS * 1_000_000L;
    }
}
