package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.CarrierLimits;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * One partition per lane: {@link Pacing#plan} (the operator's connections per group) of the carrier groups the broadcast's deliveries fall into (all of
 * them, sent or not, so that a restart gets the same partitions in the same order and each its own checkpoint).
 */
@Named("laneMapper")
@Dependent
public class LaneMapper implements PartitionMapper {

    static final String GROUP = "group";
    static final String INDEX = "index";
    static final String OF = "of";
    static final String PER_CONNECTION = "messagesPerConnection";

    @Inject
    DeliveryRun run;

    @Inject
    CarrierLimits limits;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "broadcastId")
    String broadcastId;

    @Override
    public PartitionPlan mapPartitions() {
        long id = Long.parseLong(broadcastId);
        Properties parameters = BatchRuntime.getJobOperator().getParameters(job.getExecutionId());
        Pacing pacing = DeliveryPacing.of(parameters, CarrierLimits.lanes(limits.all()));
        List<Pacing.Lane> lanes = pacing.plan(run.groups(id).stream().map(CarrierGroup::valueOf).toList());
        Properties[] partitions = new Properties[Math.max(1, lanes.size())];
        for (int i = 0; i < partitions.length; i++) {
            Properties p = new Properties();
            if (i < lanes.size()) {
                Pacing.Lane lane = lanes.get(i);
                p.setProperty(GROUP, lane.group().name());
                p.setProperty(INDEX, Integer.toString(lane.index()));
                p.setProperty(OF, Integer.toString(lane.of()));
                p.setProperty(PER_CONNECTION, Integer.toString(lane.messagesPerConnection()));
            } else {
                p.setProperty(GROUP, ""); // no deliveries at all: one empty partition
            }
            partitions[i] = p;
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(partitions.length);
        plan.setThreads(partitions.length);
        plan.setPartitionProperties(partitions);
        // after a crash (BroadcastStarter.restartJob with fresh partitions) the lanes start from the deliveries
        // table: the runtime cannot restart a partitioned step that died before it recorded its partitions
        plan.setPartitionsOverride(parameters != null
                && Boolean.parseBoolean(parameters.getProperty(BroadcastStarter.PARAM_FRESH_PARTITIONS)));
        return plan;
    }
}
