package org.renraku.delivery.boundary;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts sending a broadcast: snapshots its recipients into deliveries (once), marks it SENDING and starts the
 * {@value #JOB} batch job (batch module) with the broadcast id. Idempotent: a second call, or a call while another
 * is starting the job, starts nothing and returns the execution recorded (0 while it is being started).
 * <p>
 * Runs without a transaction of its own: the snapshot commits before the job starts, so the job's threads see
 * the deliveries.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BroadcastStarter {

    private static final Logger LOG = Logger.getLogger(BroadcastStarter.class.getName());

    /** The job's id: META-INF/batch-jobs/broadcast-delivery.xml of the batch module. */
    public static final String JOB = "broadcast-delivery";
    /** Job parameter: the broadcast to send. */
    public static final String PARAM_BROADCAST = "broadcastId";
    /** Job parameter of a restart whose lanes start from the deliveries table, not their checkpoints. */
    public static final String PARAM_FRESH_PARTITIONS = "freshPartitions";

    @Inject
    DeliveryRun run;

    /**
     * Starts the broadcast {@code broadcastId} of network {@code networkId} on behalf of {@code actor} (logged);
     * returns the job execution id (0 when another call is just starting it, or when the operator suspended the
     * network: then nothing starts until it is reopened).
     *
     * @throws IllegalArgumentException when the broadcast is not one of the network's
     * @throws IllegalStateException    when it is not a draft, scheduled or sending
     */
    public long start(long networkId, long broadcastId, String actor) {
        if (!run.networkActive(networkId)) {
            // suspended by the operator: nothing is snapshot or sent; a broadcast the scheduler claimed
            // or a re-send stays SENDING without an execution, a scheduled one stays SCHEDULED, and the delivery
            // sweep starts them once the network is reopened
            LOG.info(() -> "Broadcast " + broadcastId + " waits: network " + networkId + " is suspended");
            return 0;
        }
        DeliveryRun.Prepared prepared = run.prepare(networkId, broadcastId, actor);
        if (prepared.executionId() != null) {
            return prepared.executionId();
        }
        return startJob(broadcastId, new Properties());
    }

    /**
     * Starts an execution of the job for a broadcast already prepared (SENDING, job "being started"), with extra
     * job parameters (e.g. {@code smtpHost}/{@code smtpPort} to send through another relay,
     * {@code messagesPerConnection}); records it on the broadcast.
     */
    public long startJob(long broadcastId, Properties extra) {
        Properties parameters = new Properties();
        parameters.putAll(extra);
        parameters.setProperty(PARAM_BROADCAST, Long.toString(broadcastId));
        long execution;
        try {
            execution = operator().start(JOB, parameters);
        } catch (RuntimeException e) {
            run.started(broadcastId, null); // the sweep may try again
            throw e;
        }
        run.started(broadcastId, execution);
        LOG.fine(() -> "Broadcast " + broadcastId + " is sent by job execution " + execution);
        return execution;
    }

    /** Restarts a stopped execution from its checkpoint and records the new execution. */
    public long restartJob(long broadcastId, long oldExecution) {
        return restartJob(broadcastId, oldExecution, false);
    }

    /**
     * Restarts an execution and records the new one. {@code freshPartitions}: the lanes start again from the
     * deliveries table instead of their checkpoints ({@value #PARAM_FRESH_PARTITIONS}, read by the job's partition
     * mapper) — needed after the instance running it was killed: the batch runtime recorded the partitioned step
     * as started without its number of partitions, and a normal restart of it fails (a NullPointerException in
     * the runtime's partition check). Nothing is skipped or repeated either way: every delivery recorded as
     * SENT was committed with its checkpoint, and a fresh lane reads only what is still to be sent.
     */
    public long restartJob(long broadcastId, long oldExecution, boolean freshPartitions) {
        Properties old = operator().getParameters(oldExecution);
        Properties parameters = new Properties();
        if (old != null) {
            parameters.putAll(old);
        }
        parameters.remove(PARAM_FRESH_PARTITIONS);
        if (freshPartitions) {
            parameters.setProperty(PARAM_FRESH_PARTITIONS, "true");
        }
        long execution;
        try {
            execution = operator().restart(oldExecution, parameters);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Execution " + oldExecution + " of broadcast " + broadcastId
                    + " cannot be restarted; a new one continues from the deliveries", e);
            Properties fresh = new Properties();
            parameters.stringPropertyNames().stream()
                    .filter(n -> !n.equals(PARAM_BROADCAST) && !n.equals(PARAM_FRESH_PARTITIONS))
                    .forEach(n -> fresh.setProperty(n, parameters.getProperty(n)));
            return startJob(broadcastId, fresh);
        }
        run.started(broadcastId, execution);
        return execution;
    }

    /**
     * The execution (status, exit status), read here because the batch runtime answers only callers of this
     * application's EJB modules.
     */
    public JobExecution execution(long executionId) {
        return operator().getJobExecution(executionId);
    }

    /**
     * The status of an execution; empty when this deployment cannot see it: no such execution in the job
     * repository, or one that a deployment of the application with another unique id started (the batch runtime
     * ties executions to the deployment's components; every deploy script gives the application the same id,
     * {@code org.glassfish.ejb.container.application_unique_id}, so that all instances see all executions).
     */
    public Optional<BatchStatus> status(long executionId) {
        try {
            return Optional.of(operator().getJobExecution(executionId).getBatchStatus());
        } catch (NoSuchJobExecutionException | JobSecurityException e) {
            LOG.log(Level.INFO, "Job execution " + executionId + " is not visible here: " + e);
            return Optional.empty();
        }
    }

    /** The job parameters of an execution. */
    public Properties parameters(long executionId) {
        Properties p = operator().getParameters(executionId);
        return p == null ? new Properties() : p;
    }

    /** The job instance of an execution (a restart keeps it). */
    public long jobInstance(long executionId) {
        return operator().getJobInstance(executionId).getInstanceId();
    }

    /** Asks the execution to stop at the end of its current chunks (it becomes STOPPED; restart continues it). */
    public void stop(long executionId) {
        operator().stop(executionId);
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
