package org.renraku.delivery.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.broadcasts.boundary.Postings;

/**
 * Starts a broadcast posted by mail (代理配信) once the transaction that made it has committed, on a thread of
 * the container's executor, through {@link BroadcastStarter} (the job sees the committed broadcast). When the
 * start fails, the broadcast stays SCHEDULED for now and the delivery sweep claims and starts it within a minute.
 */
@ApplicationScoped
public class PostedBroadcasts {

    private static final Logger LOG = Logger.getLogger(PostedBroadcasts.class.getName());

    @Inject
    BroadcastStarter starter;

    @Resource
    ManagedExecutorService executor;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Postings.Posted posted) {
        try {
            executor.execute(() -> start(posted));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.INFO, "Posted broadcast " + posted.broadcastId() + " left to the delivery sweep", e);
        }
    }

    private void start(Postings.Posted posted) {
        try {
            starter.start(posted.networkId(), posted.broadcastId(), "posting");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Posted broadcast " + posted.broadcastId()
                    + " could not be started now; the delivery sweep will", e);
        }
    }
}
