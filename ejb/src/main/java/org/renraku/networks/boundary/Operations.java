package org.renraku.networks.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.networks.entity.Network;

/**
 * What the operator (the service provider) does with networks: list them with their size, and create one
 * together with its first admin, who is invited by mail to set a password.
 */
@Stateless
public class Operations {

    /** Every network, newest first. A service has hundreds of networks, not millions: no paging yet. */
    private static final String ALL_NETWORKS = "SELECT n FROM Network n ORDER BY n.createdAt DESC, n.id DESC";
    /** Counted per network in one grouped query each, rather than two queries per line of the list. */
    private static final String ADMINS_PER_NETWORK =
            "SELECT a.network.id, COUNT(a) FROM Admin a WHERE a.active = TRUE GROUP BY a.network.id";
    private static final String ACTIVE_MEMBERS_PER_NETWORK =
            "SELECT m.network.id, COUNT(m) FROM Member m WHERE m.status = 'ACTIVE' GROUP BY m.network.id";

    @PersistenceContext
    EntityManager em;

    @Inject
    Networks networks;

    @Inject
    AdminAccounts adminAccounts;

    @Inject
    AuditLog audit;

    /** Every network with its number of (active) admins and active members, newest first. */
    public List<NetworkSummary> networks() {
        Map<Long, Long> admins = counts(ADMINS_PER_NETWORK);
        Map<Long, Long> members = counts(ACTIVE_MEMBERS_PER_NETWORK);
        return em.createQuery(ALL_NETWORKS, Network.class).getResultList().stream()
                .map(n -> new NetworkSummary(n.id(), n.slug(), n.name(), n.status(), n.createdAt(),
                        admins.getOrDefault(n.id(), 0L), members.getOrDefault(n.id(), 0L)))
                .toList();
    }

    /**
     * Creates a network and invites its first admin, in one transaction: when the admin cannot be invited
     * (user ID taken, not a mail address, mail relay down) the network is not created either.
     *
     * @throws NetworkException when the slug is malformed or taken, or the name is empty or too long
     * @throws AccountException when the admin cannot be invited (see {@link AdminAccounts#invite})
     */
    public Network createNetwork(NewNetwork request, String operatorUserId, String clientAddress) {
        String slug = request.slug() == null ? null : request.slug().strip().toLowerCase(Locale.ROOT);
        if (!Network.isValidSlug(slug)) {
            throw new NetworkException("operator.error.slugInvalid", "Malformed slug: " + slug);
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new NetworkException("operator.error.nameInvalid", "A network needs a name of 1-200 characters");
        }
        if (networks.bySlug(slug).isPresent()) {
            throw new NetworkException("operator.error.slugTaken", "Slug taken: " + slug);
        }
        Network network = networks.create(slug, name);
        audit.recordWithin(AuditKind.NETWORK_CREATED, network.id(), operatorUserId, null, slug + " " + name,
                clientAddress);
        adminAccounts.invite(network.id(), request.adminUserId(), request.adminName(), request.adminEmail(),
                operatorUserId, clientAddress);
        return network;
    }

    private Map<Long, Long> counts(String query) {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : em.createQuery(query, Object[].class).getResultList()) {
            counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** What the operator's form asks for: the network and its first admin. */
    public record NewNetwork(String slug, String name, String adminUserId, String adminName, String adminEmail) {
    }
}
