package org.renraku.accounts.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.renraku.accounts.control.ThrottlePolicy;
import org.renraku.accounts.control.ThrottlePolicy.Verdict;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.LoginFailure;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;

/**
 * Login attempts: throttling (a delay, never a refusal) before the password is checked, failures recorded after. Kept in the database
 * so that every instance applies the same limits.
 */
@Stateless
public class Logins {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /**
     * How long an attempt for this account from this address waits before its password is checked; never a
     * refusal (see {@link ThrottlePolicy}).
     */
    public Verdict assess(String userId, String clientAddress) {
        Instant since = clock.instant().minus(ThrottlePolicy.WINDOW);
        return ThrottlePolicy.assess(recent(LoginFailure.BY_USER_SINCE, "userId", userId, since),
                recent(LoginFailure.BY_CLIENT_SINCE, "client", clientAddress, since));
    }

    /** Number of failures for the account within the throttling window (for the audit of a later success). */
    public int recentFailures(String userId) {
        return recent(LoginFailure.BY_USER_SINCE, "userId", userId, clock.instant().minus(ThrottlePolicy.WINDOW)).size();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void failed(String userId, String clientAddress) {
        em.persist(new LoginFailure(userId, clientAddress, clock.instant()));
        audit.record(AuditKind.LOGIN_FAILED, networkOf(userId), userId, null, null, clientAddress);
    }

    /** Housekeeping: failures older than the window no longer matter. */
    public int purgeOld() {
        return em.createNamedQuery(LoginFailure.DELETE_BEFORE)
                .setParameter("before", clock.instant().minus(ThrottlePolicy.WINDOW.multipliedBy(4))).executeUpdate();
    }

    private List<Instant> recent(String query, String parameter, String value, Instant since) {
        return em.createNamedQuery(query, Instant.class).setParameter(parameter, value).setParameter("since", since)
                .setMaxResults(ThrottlePolicy.COUNTED).getResultList();
    }

    /** The network whose audit log shows attempts on this user ID; null for unknown IDs and operators. */
    private Long networkOf(String userId) {
        return em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId).getResultStream()
                .findFirst().map(a -> a.network().id()).orElse(null);
    }
}
