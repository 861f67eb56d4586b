package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * The last step: the broadcast is SENT when no delivery is queued or deferred any more; otherwise it stays
 * SENDING and {@link DeliverySweep} starts a new execution when deferred deliveries fall due.
 */
@Named("finishBroadcast")
@Dependent
public class FinishBroadcast extends AbstractBatchlet {

    @Inject
    DeliveryRun run;

    @Inject
    JobContext job;

    @Inject
    @BatchProperty(name = "broadcastId")
    String broadcastId;

    @Override
    public String process() {
        String status = run.finish(Long.parseLong(broadcastId)) ? "SENT" : "SENDING";
        job.setExitStatus(status);
        return status;
    }
}
