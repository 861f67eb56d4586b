package org.renraku.tokens.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.renraku.tokens.boundary.Tokens;

/** The one step of {@code purge-expired-tokens}: asks the tokens boundary to delete what has expired. */
@Named("purgeExpiredTokens")
@Dependent
public class PurgeExpiredTokens extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(PurgeExpiredTokens.class.getName());

    @Inject
    Tokens tokens;

    @Inject
    Clock clock;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Inject
    @BatchProperty(name = "graceMinutes")
    String graceMinutes;

    @Override
    public String process() {
        Instant cutoff = clock.instant().minus(Duration.ofMinutes(parseGrace(graceMinutes)));
        int purged = tokens.purgeExpired(cutoff);
        step.setPersistentUserData(purged);
        LOG.fine(() -> "Purged " + purged + " expired one-time token(s)");
        String exitStatus = "PURGED:" + purged;
        job.setExitStatus(exitStatus); // shown as the job's outcome, e.g. in asadmin list-batch-jobs
        return exitStatus;
    }

    static long parseGrace(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("graceMinutes must be a whole number of minutes: " + value, e);
        }
    }
}
