package org.renraku.accounts.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.logging.Logger;
import org.renraku.accounts.boundary.Logins;

/**
 * Second step of {@code purge-expired-tokens}: failed logins older than the throttling window no longer count
 * for anything, so they are deleted. The job's exit status stays the one of the token step.
 */
@Named("purgeOldLoginFailures")
@Dependent
public class PurgeOldLoginFailures extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(PurgeOldLoginFailures.class.getName());

    @Inject
    Logins logins;

    @Inject
    StepContext step;

    @Override
    public String process() {
        int purged = logins.purgeOld();
        step.setPersistentUserData(purged);
        LOG.fine(() -> "Purged " + purged + " old login failure(s)");
        return "PURGED:" + purged;
    }
}
