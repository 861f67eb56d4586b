package org.renraku.networks.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.util.Optional;
import org.renraku.adminsession.entity.ConsoleLock;
import org.renraku.networks.entity.Network;

/** The networks (tenants) of the service. */
@Stateless
public class Networks {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public Network create(@NotBlank String slug, @NotBlank String name) {
        Network network = new Network(slug, name, clock.instant());
        em.persist(network);
        em.flush(); // the id, for the console lock row that every network has
        em.persist(new ConsoleLock(network.id()));
        return network;
    }

    public Optional<Network> bySlug(String slug) {
        return em.createNamedQuery(Network.BY_SLUG, Network.class).setParameter("slug", slug)
                .getResultStream().findFirst();
    }
}
