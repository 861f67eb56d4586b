package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.control.SendPacer;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * Reads one lane's deliveries (queued, or deferred and due) in id order after the checkpoint's last id. Ends the
 * lane when there is nothing more, or when its pace asks for a wait longer than {@link #MAX_WAIT} (a paused
 * lane, the top of the hour): what is left stays queued, and the retry sweep starts a new execution later.
 */
@Named("laneReader")
@Dependent
public class LaneReader extends AbstractItemReader {

    private static final Logger LOG = Logger.getLogger(LaneReader.class.getName());
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final int FETCH = 100;

    @Inject
    DeliveryRun run;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Inject
    Clock clock;

    @Inject
    @BatchProperty(name = "broadcastId")
    String broadcastId;

    @Inject
    @BatchProperty(name = LaneMapper.GROUP)
    String group;

    @Inject
    @BatchProperty(name = LaneMapper.INDEX)
    String index;

    @Inject
    @BatchProperty(name = LaneMapper.OF)
    String of;

    @Inject
    @BatchProperty(name = LaneMapper.PER_SECOND)
    String perSecond;

    @Inject
    @BatchProperty(name = LaneMapper.PER_CONNECTION)
    String perConnection;

    private LaneState state;
    private final Deque<DeliveryRun.Pending> buffer = new ArrayDeque<>();
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        if (group == null || group.isBlank()) {
            exhausted = true;
            state = new LaneState(0, null);
        } else if (checkpoint instanceof LaneState saved) {
            state = saved;
        } else {
            long id = Long.parseLong(broadcastId);
            Pacing pacing = DeliveryPacing.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
            boolean urgent = run.broadcast(id).map(Broadcast::urgent).orElse(false);
            Pacing.Lane lane = new Pacing.Lane(CarrierGroup.valueOf(group), Integer.parseInt(index),
                    Integer.parseInt(of), Double.parseDouble(perSecond), Integer.parseInt(perConnection));
            SendPacer pacer = new SendPacer(lane, pacing, urgent);
            // a pause that an earlier execution recorded holds here too (its checkpoint is not this one's)
            run.lanePause(id, group, lane.index()).ifPresent(p -> pacer.carryPause(p.until(), p.pauses()));
            state = new LaneState(0, pacer);
        }
        step.setTransientUserData(state);
    }

    @Override
    public Object readItem() {
        if (exhausted || state.ended) {
            return null;
        }
        Instant now = clock.instant();
        Duration wait = Duration.between(now, state.pacer.nextSendAt(now));
        if (wait.compareTo(MAX_WAIT) > 0) {
            LOG.info(() -> "Lane " + group + "/" + index + " of broadcast " + broadcastId + " waits " + wait
                    + "; it ends here and the sweep continues it later");
            exhausted = true;
            return null;
        }
        if (buffer.isEmpty()) {
            buffer.addAll(run.next(Long.parseLong(broadcastId), group, Integer.parseInt(index), Integer.parseInt(of),
                    state.lastId, FETCH));
            if (buffer.isEmpty()) {
                exhausted = true;
                return null;
            }
        }
        DeliveryRun.Pending next = buffer.poll();
        state.lastId = next.deliveryId();
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return state;
    }
}
