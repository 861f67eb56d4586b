package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.entity.Delivery;

/**
 * The database side of pausing, resuming and cancelling a broadcast, each in a transaction of its own under the
 * broadcast's row lock and audited in it; {@link BroadcastControl} then stops or restarts the job once it has
 * committed. A broadcast of another network, or one in the wrong state, is refused with a
 * {@link BroadcastException} (nothing changes).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class BroadcastTransitions {

    /** What a transition found: the job execution recorded on the broadcast (null: none, 0: being started). */
    public record Changed(Long executionId, int unsent) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Inject
    AdminSessions instance;

    /** The status and recorded execution, without a lock: for the checks before a transition. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Changed peek(long networkId, long broadcastId, Broadcast.Status expected, String refusal) {
        Broadcast b = own(networkId, broadcastId, LockModeType.NONE);
        if (b.status() != expected) {
            throw new BroadcastException(refusal);
        }
        return new Changed(b.jobExecutionId().orElse(null), 0);
    }

    /** SENDING → PAUSED. */
    public Changed pause(long networkId, long broadcastId, String actor, String client) {
        Broadcast b = own(networkId, broadcastId, LockModeType.PESSIMISTIC_WRITE);
        if (b.status() != Broadcast.Status.SENDING) {
            throw new BroadcastException(BroadcastException.NOT_PAUSABLE);
        }
        b.pause(clock.instant());
        audit.recordWithin(AuditKind.BROADCAST_PAUSED, networkId, actor, subject(b), null, client);
        return new Changed(b.jobExecutionId().orElse(null), 0);
    }

    /** PAUSED → SENDING, claimed by this instance. */
    public Changed resume(long networkId, long broadcastId, String actor, String client) {
        Broadcast b = own(networkId, broadcastId, LockModeType.PESSIMISTIC_WRITE);
        if (b.status() != Broadcast.Status.PAUSED) {
            throw new BroadcastException(BroadcastException.NOT_RESUMABLE);
        }
        b.resume(instance.bootId(), clock.instant());
        audit.recordWithin(AuditKind.BROADCAST_RESUMED, networkId, actor, subject(b), null, client);
        return new Changed(b.jobExecutionId().orElse(null), 0);
    }

    /**
     * SCHEDULED, SENDING or PAUSED → CANCELLED; every delivery still queued or deferred becomes SKIPPED with
     * {@link Delivery#CANCELLED_REASON} (the job never sends a row that is not PENDING or DEFERRED).
     */
    public Changed cancel(long networkId, long broadcastId, String actor, String client) {
        Broadcast b = own(networkId, broadcastId, LockModeType.PESSIMISTIC_WRITE);
        if (!b.cancellable()) {
            throw new BroadcastException(BroadcastException.NOT_CANCELLABLE);
        }
        Instant now = clock.instant();
        Long execution = b.jobExecutionId().orElse(null);
        b.cancel(now);
        int unsent = em.createNativeQuery("UPDATE deliveries SET status = 'SKIPPED', next_attempt_at = NULL,"
                        + " smtp_reply = ?, updated_at = ? WHERE broadcast_id = ? AND status IN ('PENDING', 'DEFERRED')")
                .setParameter(1, Delivery.CANCELLED_REASON).setParameter(2, Timestamp.from(now))
                .setParameter(3, broadcastId).executeUpdate();
        audit.recordWithin(AuditKind.BROADCAST_CANCELLED, networkId, actor, subject(b), "unsent=" + unsent, client);
        return new Changed(execution, unsent);
    }

    private Broadcast own(long networkId, long broadcastId, LockModeType lock) {
        Broadcast b = em.find(Broadcast.class, broadcastId, lock);
        if (b == null || !b.network().id().equals(networkId)) {
            throw new BroadcastException(BroadcastException.UNKNOWN);
        }
        return b;
    }

    /** The audit subject: id and subject (the log clips it to its column). */
    static String subject(Broadcast b) {
        return "#" + b.id() + " " + b.subject();
    }
}
