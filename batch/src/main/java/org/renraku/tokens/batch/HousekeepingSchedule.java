package org.renraku.tokens.batch;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.platform.batch.JobNames;
import org.renraku.platform.batch.Jobs;

/**
 * Starts the housekeeping jobs on a schedule. Non-persistent timers: a missed hour is simply caught up by
 * the next one, and every instance may run the (idempotent) purge without coordination.
 */
@Singleton
public class HousekeepingSchedule {

    private static final Logger LOG = Logger.getLogger(HousekeepingSchedule.class.getName());

    @Inject
    Jobs jobs;

    @Schedule(hour = "*", minute = "17", persistent = false, info = JobNames.PURGE_EXPIRED_TOKENS)
    void purgeExpiredTokens() {
        try {
            jobs.start(JobNames.PURGE_EXPIRED_TOKENS, new Properties());
        } catch (RuntimeException e) {
            // a failed start must not cancel the timer; the next hour tries again
            LOG.log(Level.WARNING, "Could not start " + JobNames.PURGE_EXPIRED_TOKENS, e);
        }
    }
}
