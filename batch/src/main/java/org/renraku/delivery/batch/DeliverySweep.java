package org.renraku.delivery.batch;

import org.renraku.platform.control.EpochSeconds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * Keeps SENDING broadcasts moving, shortly after the application starts and then every minute:
 * <ul>
 *   <li>an execution that FAILED or was STOPPED is restarted from its checkpoint ({@code JobOperator.restart});</li>
 *   <li>an execution still recorded as running by an instance that is gone (killed: a boot that no longer beats,
 *       or an earlier boot of this instance) is restarted the same way — when the batch runtime refuses to
 *       restart it (it still shows STARTED), a new execution continues from the deliveries table, which is the
 *       same place: every row already SENT was committed together with the checkpoint;</li>
 *   <li>a repeating template whose next occurrence has come gets the broadcast of that occurrence
 *       ({@link BroadcastClaims#occur}: one conditional UPDATE of the template, so exactly one per occurrence);</li>
 *   <li>a SCHEDULED broadcast whose time has come is claimed ({@link BroadcastClaims}) and, like any claimed
 *       broadcast without an execution yet, started through {@link BroadcastStarter};</li>
 *   <li>a COMPLETED execution whose broadcast still has deferred deliveries that are now due gets a new
 *       execution (the retries); with nothing left, the broadcast is finished.</li>
 * </ul>
 * Before it acts on a broadcast an instance claims it with one conditional UPDATE of its job execution
 * ({@link DeliveryRun#reclaim}), so of two instances only one resumes it.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliverySweep {

    private static final Logger LOG = Logger.getLogger(DeliverySweep.class.getName());
    /** A start that recorded no execution within this time died with its instance. */
    static final Duration STARTING_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    DeliveryRun run;

    @Inject
    BroadcastStarter starter;

    @Inject
    BroadcastClaims claims;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        timers.createSingleActionTimer(10_000, new TimerConfig("delivery-sweep-at-start", false));
    }

    @Timeout
    void atStart() {
        sweepQuietly();
    }

    @Schedule(hour = "*", minute = "*", persistent = false, info = "delivery-sweep")
    void everyMinute() {
        sweepQuietly();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Delivery sweep failed; the next one tries again", e);
        }
    }

    /** One pass over the SENDING broadcasts; returns how many executions it started or restarted. */
    public int sweep() {
        // due occurrences of repeating templates become broadcasts of their own, SCHEDULED now: claimed below
        for (Long template : claims.dueTemplates(50)) {
            try {
                claims.occur(template).ifPresent(id -> LOG.info(() -> "Repeating broadcast " + template
                        + " made broadcast " + id));
            } catch (RuntimeException e) {
                LOG.log(Level.INFO, "Occurrence of repeating broadcast " + template + " not made here", e);
            }
        }
        // due scheduled broadcasts first: the claim (SCHEDULED -> SENDING with this boot) is one conditional
        // UPDATE, so of several instances exactly one takes each; the loop below then starts what it claimed
        for (Long due : claims.due(50)) {
            try {
                claims.claim(due, run.bootId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not claim broadcast " + due, e);
            }
        }
        int started = 0;
        for (Object[] row : run.sending()) {
            long id = ((Number) row[0]).longValue();
            Long execution = row[1] == null ? null : ((Number) row[1]).longValue();
            String claimedBy = (String) row[2];
            Instant claimedAt = EpochSeconds.instant(row[3]); // read in the database's zone it was 9 h late
            boolean due = row[4] instanceof Boolean b ? b : row[4] instanceof Number n && n.intValue() != 0;
            long network = ((Number) row[5]).longValue();
            try {
                if (execution == null) {
                    // claimed by the scheduler (or a start that failed): snapshot if not yet done, then start
                    if (starter.start(network, id, "scheduler") > 0) {
                        started++;
                    }
                } else if (act(id, execution, claimedBy, claimedAt, due)) {
                    started++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not resume broadcast " + id, e);
            }
        }
        return started;
    }

    private boolean act(long id, Long execution, String claimedBy, Instant claimedAt, boolean due) {
        if (execution == 0) {
            boolean stale = claimedAt == null || claimedAt.isBefore(Instant.now().minus(STARTING_TIMEOUT));
            return stale && !runningElsewhere(claimedBy) && run.reclaim(id, 0L)
                    && started(id, starter.startJob(id, new Properties()));
        }
        // via the ejb module, which started it; null when this deployment cannot see it
        BatchStatus status = starter.status(execution).orElse(null);
        if (status == null) {
            return !runningElsewhere(claimedBy) && !run.bootId().equals(claimedBy) && run.reclaim(id, execution)
                    && started(id, starter.startJob(id, new Properties()));
        }
        switch (status) {
            case STARTING, STARTED, STOPPING -> {
                if (run.bootId().equals(claimedBy) || runningElsewhere(claimedBy)) {
                    return false; // running
                }
                // its instance died with it: the lanes start again from the deliveries table
                return run.reclaim(id, execution) && started(id, starter.restartJob(id, execution, true));
            }
            case FAILED -> {
                return run.reclaim(id, execution) && started(id, starter.restartJob(id, execution, true));
            }
            case STOPPED -> {
                return run.reclaim(id, execution) && started(id, starter.restartJob(id, execution));
            }
            default -> { // COMPLETED, ABANDONED
                if (due) {
                    return run.reclaim(id, execution) && started(id, starter.startJob(id, retryParameters(execution)));
                }
                run.finish(id);
                return false;
            }
        }
    }

    private Properties retryParameters(long execution) {
        Properties old = starter.parameters(execution);
        Properties p = new Properties();
        if (old != null) {
            old.stringPropertyNames().stream().filter(n -> !n.equals(BroadcastStarter.PARAM_BROADCAST))
                    .forEach(n -> p.setProperty(n, old.getProperty(n)));
        }
        return p;
    }

    private boolean runningElsewhere(String claimedBy) {
        return claimedBy != null && !claimedBy.equals(run.bootId()) && run.alive(claimedBy);
    }

    private static boolean started(long id, long execution) {
        LOG.info(() -> "Broadcast " + id + " continues in job execution " + execution);
        return true;
    }

}
