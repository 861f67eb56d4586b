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

/**
 * The scheduler's side of broadcasts: which are due, and the claim that makes exactly one instance start each.
 * Several Payara instances may look at the same due broadcast; the claim is one conditional UPDATE
 * (SCHEDULED → SENDING, with this instance's boot id), and only the instance whose UPDATE changed the row
 * starts the job. Nothing in one JVM takes part in the decision.
 */
@Stateless
public class BroadcastClaims {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Ids of broadcasts due now, in any network, oldest first. */
    public List<Long> due(int max) {
        return em.createNamedQuery(Broadcast.DUE, Long.class).setParameter("now", clock.instant())
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
}
