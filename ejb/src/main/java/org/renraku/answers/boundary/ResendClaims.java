package org.renraku.answers.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.renraku.answers.control.ResendDelays;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.mail.control.MailTexts;

/**
 * The database side of re-sends (再送), for {@link Resends}: who a re-send goes to, and taking one —
 * one conditional UPDATE of the original's {@code resends_done} from the value the caller saw, so of two
 * instances (or an admin's click and the schedule) exactly one makes each re-send — then the re-send's broadcast
 * row and its deliveries (one INSERT … SELECT), in the same transaction.
 */
@Stateless
public class ResendClaims {

    /**
     * The members a re-send of broadcast {@code o.broadcast_id} goes to, FROM/WHERE over the original's deliveries
     * {@code o} and members {@code m} (parameters: the original's id, then its network's): delivered (SENT), no
     * answer row yet, still ACTIVE and not suppressed — the recipient rule of every broadcast
     * ({@link RecipientFilter#whereSql()} with no filter).
     */
    static final String UNANSWERED = " FROM deliveries o JOIN members m ON m.id = o.member_id"
            + " WHERE o.broadcast_id = ? AND m.network_id = ? AND o.status = 'SENT' AND "
            + RecipientFilter.all().whereSql()
            + " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.broadcast_id = o.broadcast_id"
            + " AND a.member_id = o.member_id)";

    /** Statuses of a re-send still under way: the next one waits for it. */
    static final String UNDER_WAY = "('DRAFT', 'SCHEDULED', 'SENDING', 'PAUSED')";

    /** A re-send made: its broadcast (null when nobody was left to send to) and how many it goes to. */
    public record Taken(Long resendId, long networkId, int recipients) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    /** How many a re-send of the network's broadcast would go to now. */
    public long unanswered(long networkId, long broadcastId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*)" + UNANSWERED).setParameter(1, broadcastId)
                .setParameter(2, networkId).getSingleResult()).longValue();
    }

    /** True while an earlier re-send of the broadcast is not done sending. */
    public boolean underWay(long broadcastId) {
        return !em.createNativeQuery("SELECT 1 FROM broadcasts WHERE resend_of = ? AND status IN " + UNDER_WAY
                + " LIMIT 1").setParameter(1, broadcastId).getResultList().isEmpty();
    }

    /**
     * Takes a re-send of the broadcast, in a transaction of its own: moves its {@code resends_done} from
     * {@code seen} to {@code done} (one conditional UPDATE; it also requires the broadcast to be a SENT original
     * asking for answers, before its deadline, with no earlier re-send under way), then makes the re-send — a
     * broadcast SCHEDULED now with the original's content and attachments, the subject after
     * {@code resend.subjectPrefix} of the mail texts — and its deliveries. Empty when another caller took it (or
     * it is no longer possible); a {@link Taken} without a broadcast when nobody is left to send to (the re-send
     * counts as made: answers only grow).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Taken> take(long broadcastId, int seen, int done, Instant now, String actor, String client,
                                boolean automatic) {
        if (done <= seen || done > ResendDelays.MAX) {
            throw new IllegalArgumentException("A re-send moves resends_done from " + seen + " to at most "
                    + ResendDelays.MAX + ", not " + done);
        }
        Timestamp ts = Timestamp.from(now);
        int changed = em.createNativeQuery("UPDATE broadcasts SET resends_done = ?, updated_at = ? WHERE id = ?"
                        + " AND resends_done = ? AND status = 'SENT' AND resend_of IS NULL AND answer_kind <> 'NONE'"
                        + " AND (answer_deadline IS NULL OR answer_deadline > ?) AND NOT EXISTS (SELECT 1 FROM"
                        + " (SELECT id FROM broadcasts WHERE resend_of = ? AND status IN " + UNDER_WAY + ") r)")
                .setParameter(1, done).setParameter(2, ts).setParameter(3, broadcastId).setParameter(4, seen)
                .setParameter(5, ts).setParameter(6, broadcastId).executeUpdate();
        if (changed != 1) {
            return Optional.empty();
        }
        Broadcast original = em.find(Broadcast.class, broadcastId);
        long networkId = original.network().id();
        Broadcast resend = Broadcast.resendOf(original, MailTexts.text("resend.subjectPrefix"), now);
        em.persist(resend);
        em.flush();
        Query insert = em.createNativeQuery("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group,"
                + " status, attempts, created_at, updated_at) SELECT ?, m.id, m.email, "
                + CarrierGroup.sqlOfMemberCarrier() + ", 'PENDING', 0, ?, ?" + UNANSWERED + " ORDER BY m.id");
        int recipients = insert.setParameter(1, resend.id()).setParameter(2, ts).setParameter(3, ts)
                .setParameter(4, broadcastId).setParameter(5, networkId).executeUpdate();
        String how = automatic ? "automatic" : "on demand";
        if (recipients == 0) {
            em.remove(resend);
            audit.recordWithin(AuditKind.BROADCAST_RESENT, networkId, actor, "#" + broadcastId + " "
                    + original.subject(), "re-send " + done + "/" + ResendDelays.MAX + " (" + how
                    + "): everybody answered, nothing sent", client);
            return Optional.of(new Taken(null, networkId, 0));
        }
        BroadcastClaims.copyAttachments(em, broadcastId, resend.id(), now);
        audit.recordWithin(AuditKind.BROADCAST_RESENT, networkId, actor, "#" + broadcastId + " " + original.subject(),
                "re-send " + done + "/" + ResendDelays.MAX + " (" + how + "): #" + resend.id() + ", " + recipients
                        + " recipient(s)", client);
        return Optional.of(new Taken(resend.id(), networkId, recipients));
    }

    /**
     * The originals whose automatic re-send may be due (any network): id, resends_done, resend_delays,
     * finished_at (as UNIX_TIMESTAMP, see {@link Resends#epoch}) — SENT, asking, before the deadline, re-sends left, finished within the longest delay.
     */
    @SuppressWarnings("unchecked")
    public List<Object[]> candidates(Instant now) {
        return em.createNativeQuery("SELECT b.id, b.resends_done, b.resend_delays, UNIX_TIMESTAMP(b.finished_at) FROM broadcasts b"
                        + " WHERE b.status = 'SENT' AND b.finished_at >= ? AND b.resend_delays IS NOT NULL"
                        + " AND b.resend_of IS NULL AND b.answer_kind <> 'NONE' AND b.resends_done < ?"
                        + " AND (b.answer_deadline IS NULL OR b.answer_deadline > ?)"
                        // a suspended network sends nothing, re-sends included
                        + " AND EXISTS (SELECT 1 FROM networks n WHERE n.id = b.network_id AND n.status = 'ACTIVE')"
                        + " ORDER BY b.finished_at, b.id")
                .setParameter(1, Timestamp.from(now.minus(java.time.Duration.ofMinutes(ResendDelays.MAX_MINUTES + 60))))
                .setParameter(2, ResendDelays.MAX).setParameter(3, Timestamp.from(now)).getResultList();
    }
}
