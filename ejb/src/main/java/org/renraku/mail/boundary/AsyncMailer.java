package org.renraku.mail.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.mail.control.SendRetries;
import org.renraku.mail.control.SmtpConnections;

/**
 * Sends a transactional mail on a thread of its own, so that the request that decided it does not wait for
 * the relay: a password-reset request for an existing account answers as fast as one for an unknown account,
 * and a slow or failing relay never shows in a page.
 * <p>
 * The threads are this bean's own ({@code renraku.mail.senders}, default 4, from the container's
 * ManagedThreadFactory), not the container's shared {@code @Asynchronous} pool: a reply to a join mail leaves
 * as soon as its transaction has committed, whatever else the application does asynchronously. They send over
 * kept-open connections ({@link SmtpConnections}). A mail the relay could not take for now (unreachable, 4xx)
 * is tried again after 5 s, 30 s and 2 min ({@link SendRetries}); a refused one (5xx), or one still failing
 * after that, is logged with the reason (the relay's words) — never with its text, which may hold a one-time
 * link. Started with the application: the threads are there, and one mail composed (not sent) in advance,
 * before the first reply is due.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AsyncMailer {

    private static final Logger LOG = Logger.getLogger(AsyncMailer.class.getName());

    @Inject
    Mailer mailer;

    @Inject
    SmtpConnections connections;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "renraku.mail.senders", defaultValue = "4")
    int senders;

    private ScheduledThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        AtomicInteger number = new AtomicInteger();
        pool = new ScheduledThreadPoolExecutor(Math.max(1, senders), task -> {
            Thread thread = threads.newThread(task);
            thread.setName("renraku-mail-" + number.incrementAndGet());
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.prestartAllCoreThreads(); // here, with this bean's context, not later on whichever thread sends
        pool.execute(() -> {
            try {
                mailer.warmUp(); // so that the first reply after a start does not pay for it
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Mail warm-up: " + e, e);
            }
        });
        long sweep = SmtpConnections.MAX_IDLE_TIME.toSeconds();
        pool.scheduleWithFixedDelay(connections::closeStale, sweep, sweep, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int waiting = pool.getQueue().size();
        if (waiting > 0) {
            LOG.warning(() -> waiting + " mails waiting for a retry were not sent (the application stopped)");
        }
    }

    /** Sends the mail as soon as a sender thread is free; returns at once. */
    public void send(OutgoingMail mail) {
        submit(mail, 1, Duration.ZERO);
    }

    private void submit(OutgoingMail mail, int attempt, Duration delay) {
        try {
            pool.schedule(() -> attempt(mail, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warning(() -> "Could not send the " + mail + ": the application is stopping");
        }
    }

    private void attempt(OutgoingMail mail, int attempt) {
        try {
            mailer.send(mail.to(), mail.subject(), mail.text());
            LOG.fine(() -> "Sent " + mail + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
        } catch (MailNotSent e) {
            Optional<Duration> retry = SendRetries.after(attempt, e.permanent());
            if (retry.isPresent()) {
                LOG.info(() -> "Could not send the " + mail + " yet (" + e.getMessage() + "); trying again in "
                        + retry.get().toSeconds() + " s");
                submit(mail, attempt + 1, retry.get());
            } else {
                LOG.warning(() -> "Could not send the " + mail + (attempt > 1 ? " after " + attempt + " attempts" : "")
                        + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not send the " + mail + ": " + e, e);
        }
    }
}
