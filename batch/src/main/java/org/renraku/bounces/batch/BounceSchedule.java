package org.renraku.bounces.batch;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.platform.batch.JobNames;
import org.renraku.platform.batch.Jobs;

/**
 * Starts {@code bounce-processing} every minute unless the execution it started last is still running
 * ({@code renraku.bounces.enabled}, default true). Two instances may both start one: the mails each reads are
 * recognised by their digest, so none is counted twice.
 */
@Singleton
public class BounceSchedule {

    private static final Logger LOG = Logger.getLogger(BounceSchedule.class.getName());

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "renraku.bounces.enabled", defaultValue = "true")
    boolean enabled;

    /** The execution this instance started last; one still running is not started twice. */
    private Long last;

    @Schedule(hour = "*", minute = "*", persistent = false, info = JobNames.BOUNCE_PROCESSING)
    void everyMinute() {
        if (!enabled) {
            return;
        }
        try {
            // only this boot's own execution counts: one the batch repository still shows as running after an
            // unclean stop (killed, or stopped mid-run) would otherwise keep the job from ever starting again
            if (last == null || !jobs.running(last)) {
                last = jobs.start(JobNames.BOUNCE_PROCESSING, new Properties());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not start " + JobNames.BOUNCE_PROCESSING + "; the next minute tries again", e);
        }
    }
}
