package org.renraku.bounces.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.renraku.bounces.entity.Suppression;
import org.renraku.members.entity.EmailAddress;

/** The suppression list of each network: addresses never sent to again. */
@Stateless
public class Suppressions {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Suppresses the address in the network, recording where the suppression came from (the console's
     * suppressions page shows it); idempotent and safe against a concurrent call (the first reason and source
     * stay). Returns true when this call added it.
     */
    public boolean suppress(long networkId, @NotNull EmailAddress email, @NotNull Suppression.Reason reason,
                            @NotNull Suppression.Source source) {
        // INSERT IGNORE: an unsubscribe POST and a complaint for the same address may arrive together
        int added = em.createNativeQuery("INSERT IGNORE INTO suppressions (network_id, email, reason, source,"
                        + " source_bounce_event_id, source_broadcast_id, source_actor, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, networkId).setParameter(2, email.value()).setParameter(3, reason.name())
                .setParameter(4, source.kind().name()).setParameter(5, source.bounceEventId())
                .setParameter(6, source.broadcastId()).setParameter(7, source.actor())
                .setParameter(8, Timestamp.from(clock.instant()))
                .executeUpdate();
        return added == 1;
    }

    public Optional<Suppression> find(long networkId, @NotNull EmailAddress email) {
        return em.createNamedQuery(Suppression.BY_NETWORK_AND_EMAIL, Suppression.class)
                .setParameter("networkId", networkId).setParameter("email", email.value())
                .getResultStream().findFirst();
    }
}
