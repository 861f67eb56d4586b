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
import java.util.ArrayDeque;
import java.util.Deque;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.boundary.CarrierLimits;
import org.renraku.delivery.boundary.CarrierShaping;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * Reads one lane's deliveries (queued, or deferred and due) in id order after the checkpoint's last id, and sets up
 * the lane's side of the service-wide shaping ({@link LaneShaper}) for the writer. Ends the lane when there is
 * nothing more, or when the writer stopped (no connection slot or no turn in the group's rate within
 * {@link #MAX_WAIT}, a paused group, a paused or cancelled broadcast): what is left stays queued, and the retry
 * sweep starts a new execution later.
 */
@Named("laneReader")
@Dependent
public class LaneReader extends AbstractItemReader {

    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final int FETCH = 200;

    @Inject
    DeliveryRun run;

    @Inject
    CarrierShaping shaping;

    @Inject
    CarrierLimits limits;

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
    @BatchProperty(name = LaneMapper.PER_CONNECTION)
    String perConnection;

    private LaneState state;
    private final Deque<DeliveryRun.Pending> buffer = new ArrayDeque<>();
    private boolean exhausted;

    @Override
    public void open(Serializable checkpoint) {
        state = checkpoint instanceof LaneState saved ? saved : new LaneState(0);
        if (group == null || group.isBlank()) {
            exhausted = true;
        } else {
            long id = Long.parseLong(broadcastId);
            Broadcast b = run.broadcast(id).orElseThrow(() -> new IllegalStateException("No broadcast " + id));
            CarrierGroup g = CarrierGroup.valueOf(group);
            Pacing pacing = DeliveryPacing.of(BatchRuntime.getJobOperator().getParameters(job.getExecutionId()),
                    CarrierLimits.lanes(limits.all()));
            Pacing.Group settings = pacing.group(g);
            state.lane = new Pacing.Lane(g, Integer.parseInt(index), Integer.parseInt(of),
                    Integer.parseInt(perConnection));
            double groupRate = b.urgent() ? settings.urgentPerSecond() : settings.perSecond();
            state.shaper = new LaneShaper(shaping, clock, g, run.bootId() + ":" + id + ":" + g + ":" + index, id,
                    b.network().id(), b.urgent(), pacing.paced(), groupRate / settings.connections());
        }
        step.setTransientUserData(state);
    }

    @Override
    public Object readItem() {
        if (exhausted || state.ended) {
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
