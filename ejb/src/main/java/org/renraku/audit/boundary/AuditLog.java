package org.renraku.audit.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;

/**
 * The audit log. Entries are written in a transaction of their own: a refused login is recorded even
 * though nothing else happens, and an entry is never lost with the rollback of what it reports on.
 */
@Stateless
public class AuditLog {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(AuditKind kind, Long networkId, String actor, String subject, String detail,
                       String clientAddress) {
        em.persist(new AuditEvent(networkId, kind, actor, subject, detail, clientAddress, clock.instant()));
    }

    /**
     * Records within the caller's transaction, for what that transaction itself did: a network created in
     * it cannot be referenced by a transaction of its own before it commits (the foreign key would wait on
     * the caller's lock), and the entry goes away with a rollback of what it reports on.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void recordWithin(AuditKind kind, Long networkId, String actor, String subject, String detail,
                             String clientAddress) {
        em.persist(new AuditEvent(networkId, kind, actor, subject, detail, clientAddress, clock.instant()));
    }

    /** A page of a network's log, newest first. */
    public List<AuditEvent> ofNetwork(long networkId, int first, int pageSize) {
        return em.createNamedQuery(AuditEvent.OF_NETWORK, AuditEvent.class).setParameter("network", networkId)
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.min(Math.max(1, pageSize), 500))
                .getResultList();
    }

    public long countOfNetwork(long networkId) {
        return em.createNamedQuery(AuditEvent.COUNT_OF_NETWORK, Long.class).setParameter("network", networkId)
                .getSingleResult();
    }

    /** Service-wide events (operators, unknown user IDs), newest first. */
    public List<AuditEvent> serviceWide(int first, int pageSize) {
        return em.createNamedQuery(AuditEvent.SERVICE_WIDE, AuditEvent.class)
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.min(Math.max(1, pageSize), 500))
                .getResultList();
    }
}
