package org.renraku.platform.batch;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Stateless;
import java.util.Properties;

/**
 * Starts the application's batch jobs and reports on them. Starting a job from this module makes the JSL
 * in this module's META-INF/batch-jobs the one that is found, whoever the caller is.
 */
@Stateless
public class Jobs {

    public long start(String jobName, Properties parameters) {
        return operator().start(jobName, parameters == null ? new Properties() : parameters);
    }

    /** True when an execution of the job is starting or running (false for a job never started). */
    public boolean running(String jobName) {
        try {
            return !operator().getRunningExecutions(jobName).isEmpty();
        } catch (NoSuchJobException e) {
            return false;
        }
    }

    public JobExecution execution(long executionId) {
        return operator().getJobExecution(executionId);
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
