package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.renraku.delivery.entity.Suppression;
import org.renraku.members.entity.EmailAddress;

/** The suppression list of each network: addresses never sent to again. */
@Stateless
public class Suppressions {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Suppresses the address in the network; idempotent and safe against a concurrent call (the first reason
     * stays). Returns true when this call added it.
     */
    public boolean suppress(long networkId, @NotNull EmailAddress email, @NotNull Suppression.Reason reason) {
        // INSERT IGNORE: an unsubscribe POST and a complaint for the same address may arrive together
        int added = em.createNativeQuery("INSERT IGNORE INTO suppressions (network_id, email, reason, created_at)"
                        + " VALUES (?, ?, ?, ?)")
                .setParameter(1, networkId).setParameter(2, email.value()).setParameter(3, reason.name())
                .setParameter(4, Timestamp.from(clock.instant()))
                .executeUpdate();
        return added == 1;
    }

    public Optional<Suppression> find(long networkId, @NotNull EmailAddress email) {
        return em.createNamedQuery(Suppression.BY_NETWORK_AND_EMAIL, Suppression.class)
                .setParameter("networkId", networkId).setParameter("email", email.value())
                .getResultStream().findFirst();
    }
}
