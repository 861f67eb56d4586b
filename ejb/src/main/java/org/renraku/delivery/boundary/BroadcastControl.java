package org.renraku.delivery.boundary;

import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.entity.Broadcast;

/**
 * The admin pauses, resumes or cancels a broadcast (progress page). Each change commits first
 * ({@link BroadcastTransitions}: state, audit, for a cancel the unsent deliveries marked SKIPPED), then the job is
 * told: a pause or a cancel stops the execution at the end of the chunks in flight (the writer also stops
 * sending within about a second once the broadcast is no longer SENDING), a resume restarts the stopped execution
 * from its checkpoint ({@link BroadcastStarter#restartJob}; a start that never got an execution is started anew).
 * The {@code DeliverySweep} only looks at SENDING broadcasts, so a paused one stays paused.
 * <p>
 * Runs without a transaction: the batch runtime must see the committed state.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BroadcastControl {

    private static final Logger LOG = Logger.getLogger(BroadcastControl.class.getName());

    @Inject
    BroadcastTransitions transitions;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    /** Pauses a broadcast being sent; refused ({@link BroadcastException}) when it is not SENDING. */
    public void pause(long networkId, long broadcastId, String actor, String client) {
        BroadcastTransitions.Changed changed = transitions.pause(networkId, broadcastId, actor, client);
        stop(broadcastId, changed.executionId());
    }

    /**
     * Resumes a paused broadcast from where it stopped; returns the execution that continues it (0 when the
     * sweep will start it). Refused with {@link BroadcastException#STILL_STOPPING} while the stopped execution
     * is still finishing its chunk (sending twice is worse than pressing again a moment later).
     */
    public long resume(long networkId, long broadcastId, String actor, String client) {
        Long before = transitions.peek(networkId, broadcastId, Broadcast.Status.PAUSED,
                BroadcastException.NOT_RESUMABLE).executionId();
        if (before != null && before > 0 && running(before)) {
            stop(broadcastId, before); // a stop that did not take: ask again
            throw new BroadcastException(BroadcastException.STILL_STOPPING);
        }
        Long execution = transitions.resume(networkId, broadcastId, actor, client).executionId();
        try {
            if (execution == null) {
                return starter.start(networkId, broadcastId, actor);
            }
            if (run.reclaim(broadcastId, execution)) {
                return starter.restartJob(broadcastId, execution);
            }
            return 0; // the sweep claimed it meanwhile
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Broadcast " + broadcastId + " resumed but not restarted now; the delivery sweep"
                    + " continues it", e);
            return 0;
        }
    }

    /**
     * Cancels a scheduled, sending or paused broadcast; the deliveries still queued or deferred are never sent.
     * Returns how many were marked unsent (SKIPPED) then: messages of a chunk the job was just sending count
     * among them and become SENT when that chunk commits (they went out).
     */
    public int cancel(long networkId, long broadcastId, String actor, String client) {
        BroadcastTransitions.Changed changed = transitions.cancel(networkId, broadcastId, actor, client);
        stop(broadcastId, changed.executionId());
        return changed.unsent();
    }

    private boolean running(long execution) {
        try {
            BatchStatus s = starter.execution(execution).getBatchStatus();
            return s == BatchStatus.STARTING || s == BatchStatus.STARTED || s == BatchStatus.STOPPING;
        } catch (RuntimeException e) {
            return false; // unknown to the batch runtime: nothing runs
        }
    }

    private void stop(long broadcastId, Long execution) {
        if (execution == null || execution <= 0) {
            return; // no execution yet; a start in progress finds the broadcast no longer SENDING
        }
        try {
            starter.stop(execution);
        } catch (RuntimeException e) { // not running (any more), or unknown: nothing to stop
            LOG.log(Level.FINE, "Execution " + execution + " of broadcast " + broadcastId + " not stopped", e);
        }
    }
}
