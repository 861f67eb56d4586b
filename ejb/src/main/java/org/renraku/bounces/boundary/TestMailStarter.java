package org.renraku.bounces.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.BroadcastStarter;

/**
 * Makes and starts test mails: each claim ({@link TestMails#claim}) commits in a transaction of its own, then the
 * broadcast is started through {@link BroadcastStarter} (the normal path: snapshot, pacing, VERP, the bounce
 * policy). When the start fails the broadcast stays SCHEDULED and the delivery sweep starts it within a minute.
 * Also sends the test-mail reports that are due. Called by {@link TestMailSchedule} and the hygiene page.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TestMailStarter {

    private static final Logger LOG = Logger.getLogger(TestMailStarter.class.getName());

    @Inject
    TestMails testMails;

    @Inject
    BroadcastStarter starter;

    @Inject
    Clock clock;

    /** The scheduled test mails due at {@code now}, one per network whose month is due; returns how many were made. */
    public int runDue(Instant now) {
        int made = 0;
        for (long network : testMails.due(now)) {
            try {
                if (scheduled(network, now).isPresent()) {
                    made++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Test mail of network " + network + " failed; the next run tries again", e);
            }
        }
        return made;
    }

    /** The network's scheduled test mail of the month of {@code now}, when due and not claimed by another caller. */
    public Optional<TestMails.Claimed> scheduled(long networkId, Instant now) {
        return start(testMails.claim(networkId, now, false, TestMails.ACTOR, null));
    }

    /** A test mail now, asked for on the hygiene page (audited on behalf of {@code actor}). */
    public Optional<TestMails.Claimed> sendNow(long networkId, String actor, String client) {
        return start(testMails.claim(networkId, clock.instant(), true, actor, client));
    }

    /** Sends every report due at {@code now}; returns how many were sent. */
    public int reportDue(Instant now) {
        int sent = 0;
        for (long broadcast : testMails.reportsDue(now)) {
            try {
                long network = testMails.networkOf(broadcast);
                if (testMails.report(network, broadcast, false).isPresent()) {
                    sent++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Report of test mail " + broadcast + " failed; the next run tries again", e);
            }
        }
        return sent;
    }

    private Optional<TestMails.Claimed> start(Optional<TestMails.Claimed> claimed) {
        claimed.filter(c -> c.broadcastId() != null).ifPresent(c -> {
            try {
                starter.start(c.networkId(), c.broadcastId(), "test-mail");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Test mail " + c.broadcastId() + " could not be started now; the delivery sweep will", e);
            }
        });
        return claimed;
    }
}
