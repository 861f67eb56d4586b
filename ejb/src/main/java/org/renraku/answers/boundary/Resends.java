package org.renraku.answers.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.answers.control.ResendDelays;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.boundary.BroadcastStarter;

/**
 * Re-sends (再送) of a broadcast asking for answers to its members who have not answered: automatically
 * after the delays set while composing ({@link #configure}; by {@link ResendSchedule} every minute through
 * {@link #runDue}) and on demand from the tally page ({@link #resendNow}); at most {@link ResendDelays#MAX}
 * together, none after the deadline, none while an earlier one is still being sent.
 * <p>
 * A re-send is a broadcast of its own ({@code resend_of} = the original) with its own deliveries — only members
 * delivered the original (SENT) without an answer row, still ACTIVE and not suppressed — sent by the ordinary
 * {@code broadcast-delivery} job, so its progress, bounces, unsubscribes and retries are those of any broadcast;
 * its mail carries the original's answer links and reply address (the member's delivery token of the original),
 * so every answer lands in the original. Taking a re-send is one conditional UPDATE ({@link ResendClaims#take}).
 */
@Stateless
public class Resends {

    private static final Logger LOG = Logger.getLogger(Resends.class.getName());

    /** Compose: the re-send delays are not minutes (argument: the limit of re-sends). */
    public static final String DELAYS_INVALID = "resend.error.delays";
    /** On demand: the broadcast takes no re-send now (not finished, no answers asked, deadline, limit, …). */
    public static final String NOT_POSSIBLE = "resend.error.notPossible";
    /** On demand: everybody answered. */
    public static final String NOBODY = "resend.error.nobody";
    /** On demand: an earlier re-send is still being sent. */
    public static final String UNDER_WAY = "resend.error.underWay";

    /** What the tally page shows of a broadcast's re-sends. */
    public record State(int done, int max, List<Integer> delays, Instant nextAutomatic, long unanswered,
            boolean finished, boolean open, boolean possible, boolean underWay, List<Row> resends)
            implements Serializable {
        public State {
            delays = List.copyOf(delays);
            resends = List.copyOf(resends);
        }
    }

    /** One re-send: its broadcast, status, when it was made, how many it goes to and how many went out. */
    public record Row(long id, String subject, Broadcast.Status status, Instant createdAt, long recipients, long sent)
            implements Serializable {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ResendClaims claims;

    @Inject
    BroadcastStarter starter;

    /**
     * Compose: the automatic re-sends of a draft of the admin's network, as the admin typed them
     * ({@code 15, 30, 60}; blank for none). Refused with {@link #DELAYS_INVALID}.
     */
    public void configure(long networkId, long broadcastId, String delays) {
        if (ResendDelays.problem(delays) != null) {
            throw new AnswerException(DELAYS_INVALID, Integer.toString(ResendDelays.MAX));
        }
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || b.network().id() != networkId || b.status() != Broadcast.Status.DRAFT) {
            throw new AnswerException(AnswerException.NOT_DRAFT);
        }
        b.resendAfter(b.answerKind().asks() ? ResendDelays.format(ResendDelays.parse(delays)) : null, clock.instant());
    }

    /** The re-sends of a broadcast of the admin's network that asks for answers; empty otherwise. */
    public Optional<State> state(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || b.network().id() != networkId || !b.answerKind().asks() || b.resendOf().isPresent()) {
            return Optional.empty();
        }
        List<Integer> delays = ResendDelays.stored(b.resendDelays());
        boolean open = b.answerDeadline().map(d -> clock.instant().isBefore(d)).orElse(true);
        boolean underWay = claims.underWay(broadcastId);
        long unanswered = b.status() == Broadcast.Status.SENT ? claims.unanswered(networkId, broadcastId) : 0;
        Instant next = open && b.status() == Broadcast.Status.SENT
                ? ResendDelays.next(delays, b.resendsDone(), b.finishedAt().orElse(null)).orElse(null) : null;
        List<Row> rows = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT r.id, r.subject, r.status, UNIX_TIMESTAMP(r.created_at),"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = r.id),"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = r.id AND d.status = 'SENT')"
                        + " FROM broadcasts r WHERE r.resend_of = ? AND r.network_id = ? ORDER BY r.id")
                .setParameter(1, broadcastId).setParameter(2, networkId).getResultList();
        for (Object[] r : found) {
            rows.add(new Row(((Number) r[0]).longValue(), (String) r[1], Broadcast.Status.valueOf((String) r[2]),
                    EpochSeconds.instant(r[3]), ((Number) r[4]).longValue(), ((Number) r[5]).longValue()));
        }
        boolean finished = b.status() == Broadcast.Status.SENT;
        boolean possible = finished && open && b.resendsDone() < ResendDelays.MAX && !underWay && unanswered > 0;
        return Optional.of(new State(b.resendsDone(), ResendDelays.MAX, delays, next, unanswered, finished, open,
                possible, underWay, rows));
    }

    /**
     * On demand (the tally page): re-sends the broadcast now to its members who have not answered, audited; returns
     * how many it goes to. Refused with {@link #NOT_POSSIBLE}, {@link #NOBODY} or {@link #UNDER_WAY}.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int resendNow(long networkId, long broadcastId, String actor, String client) {
        State s = state(networkId, broadcastId).orElseThrow(() -> new AnswerException(NOT_POSSIBLE));
        if (s.underWay()) {
            throw new AnswerException(UNDER_WAY);
        }
        if (!s.possible()) {
            boolean nobodyLeft = s.finished() && s.open() && s.done() < s.max() && s.unanswered() == 0;
            throw new AnswerException(nobodyLeft ? NOBODY : NOT_POSSIBLE);
        }
        ResendClaims.Taken taken = claims.take(broadcastId, s.done(), s.done() + 1, clock.instant(), actor, client,
                false).orElseThrow(() -> new AnswerException(NOT_POSSIBLE));
        start(taken, actor);
        return taken.recipients();
    }

    /**
     * The schedule's pass: every automatic re-send that is due (its delay after the original finished has
     * passed) is taken and started; delays missed while no instance ran are not made up one by one — one
     * re-send takes every delay that has passed. Returns how many re-sends this call made.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int runDue() {
        Instant now = clock.instant();
        int made = 0;
        for (Object[] r : claims.candidates(now)) {
            long id = ((Number) r[0]).longValue();
            try {
                int done = ((Number) r[1]).intValue();
                int upTo = ResendDelays.dueThrough(ResendDelays.stored((String) r[2]), done, EpochSeconds.instant(r[3]), now);
                if (upTo == done || claims.underWay(id)) {
                    continue;
                }
                Optional<ResendClaims.Taken> taken = claims.take(id, done, upTo, now, "system", null, true);
                if (taken.isPresent() && taken.get().resendId() != null) {
                    start(taken.get(), "system");
                    made++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Automatic re-send of broadcast " + id + " failed; the next pass tries again", e);
            }
        }
        return made;
    }

    /** Starts a re-send now; a failed start is left to the delivery sweep (the re-send is SCHEDULED now). */
    private void start(ResendClaims.Taken taken, String actor) {
        if (taken.resendId() == null) {
            return;
        }
        try {
            starter.start(taken.networkId(), taken.resendId(), actor);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Re-send " + taken.resendId() + " could not be started now; the delivery sweep will",
                    e);
        }
    }

}
