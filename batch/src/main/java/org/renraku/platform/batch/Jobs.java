package org.renraku.platform.batch;

import jakarta.batch.operations.JobOperator;
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

    public JobExecution execution(long executionId) {
        return operator().getJobExecution(executionId);
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
