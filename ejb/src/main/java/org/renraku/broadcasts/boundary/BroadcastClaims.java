package org.renraku.broadcasts.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.entity.RepeatRule;

/**
 * The scheduler's side of broadcasts: which are due, and the claim that makes exactly one instance start each.
 * Several Payara instances may look at the same due broadcast; the claim is one conditional UPDATE
 * (SCHEDULED → SENDING, with this instance's boot id), and only the instance whose UPDATE changed the row
 * starts the job. Nothing in one JVM takes part in the decision.
 * <p>
 * Repeating templates are never claimed themselves: {@link #occur} makes the broadcast of a due occurrence (one
 * conditional UPDATE moves the template's next occurrence on; only its winner inserts the occurrence, and
 * {@code uk_broadcasts_repeat_occurrence} refuses a second one), which is then claimed like any other.
 */
@Stateless
public class BroadcastClaims {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Ids of broadcasts due now, in any network, oldest first (templates excluded). */
    public List<Long> due(int max) {
        return em.createNamedQuery(Broadcast.DUE, Long.class).setParameter("now", clock.instant())
                .setMaxResults(max).getResultList();
    }

    /** Ids of repeating templates whose next occurrence has come, in any network, oldest first. */
    public List<Long> dueTemplates(int max) {
        return em.createNamedQuery(Broadcast.DUE_TEMPLATES, Long.class).setParameter("now", clock.instant())
                .setMaxResults(max).getResultList();
    }

    /**
     * Claims a due broadcast for the instance {@code bootId} in a transaction of its own; returns it when this
     * call won, empty when another instance had it already (or it is not due, or no longer scheduled).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Broadcast> claim(long broadcastId, @NotBlank String bootId) {
        Instant now = clock.instant();
        int changed = em.createNamedQuery(Broadcast.CLAIM).setParameter("id", broadcastId)
                .setParameter("boot", bootId).setParameter("now", now).executeUpdate();
        return changed == 1 ? Optional.of(em.find(Broadcast.class, broadcastId)) : Optional.empty();
    }

    /**
     * Makes the broadcast of the due occurrence of the repeating template {@code templateId}, in a transaction of
     * its own: the template's next occurrence moves on (to the first one after now: occurrences missed while no
     * instance ran are not sent late one by one) and the new broadcast — same content, attachments and target,
     * {@code repeat_of} = the template — is SCHEDULED at the occurrence, so the next {@link #due} finds it.
     * Returns its id when this call made it, empty when another caller did (or nothing is due).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Long> occur(long templateId) {
        Instant now = clock.instant();
        Broadcast template = em.find(Broadcast.class, templateId);
        if (template == null || template.status() != Broadcast.Status.SCHEDULED || template.repeatRule().isEmpty()
                || template.scheduledAt().isEmpty() || template.scheduledAt().get().isAfter(now)) {
            return Optional.empty();
        }
        RepeatRule rule = template.repeatRule().get();
        Instant occurrence = template.scheduledAt().get();
        Instant next = rule.nextAfter(occurrence.isAfter(now) ? occurrence : now);
        int changed = em.createNamedQuery(Broadcast.TAKE_OCCURRENCE).setParameter("id", templateId)
                .setParameter("occurrence", occurrence).setParameter("next", next).setParameter("now", now)
                .executeUpdate();
        if (changed != 1) {
            return Optional.empty(); // another instance took it
        }
        Broadcast b = Broadcast.occurrenceOf(template, occurrence, now);
        em.persist(b);
        em.flush();
        copyAttachments(em, templateId, b.id(), now);
        return Optional.of(b.id());
    }

    /**
     * Copies the attachments of broadcast {@code from} to {@code to} in the caller's transaction (an occurrence of
     * a repeating broadcast, a re-send): one INSERT … SELECT, in their order.
     */
    public static void copyAttachments(EntityManager em, long from, long to, Instant now) {
        em.createNativeQuery("INSERT INTO broadcast_attachments (broadcast_id, file_name, content_type, size_bytes,"
                        + " content, storage_path, position, created_at) SELECT ?, file_name, content_type, size_bytes,"
                        + " content, storage_path, position, ? FROM broadcast_attachments WHERE broadcast_id = ?"
                        + " ORDER BY position")
                .setParameter(1, to).setParameter(2, java.sql.Timestamp.from(now)).setParameter(3, from)
                .executeUpdate();
    }
}
