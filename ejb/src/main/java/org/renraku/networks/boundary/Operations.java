package org.renraku.networks.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.networks.control.Volumes;
import org.renraku.networks.entity.Network;

/**
 * What the operator (the service provider) does with networks: list them with their size and what they sent and
 * got back, create one together with its first admin (who is invited by mail to set a password), rename one, and
 * suspend or reopen one. A suspended network keeps every row; while it is suspended its console refuses
 * logins and ends open sessions ({@code AdminSessions}), its member pages are closed ({@code MemberPagesGuard}),
 * mail to its join and posting addresses is answered that it is suspended ({@code InboundMails}), and nothing of it
 * is sent: scheduled and repeating broadcasts wait, running ones stop after their current chunk, and neither the
 * delivery sweep nor the re-sends start, restart or retry any ({@code DeliveryRun}, {@code BroadcastStarter},
 * {@code BroadcastClaims}, {@code ResendClaims}); the monthly test mail skips it ({@code TestMails}). Every change is
 * audited in the network's log.
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

    @Inject
    Clock clock;

    /**
     * Every network with its number of (active) admins and active members, messages sent in the last 7 and 30 days
     * and its bounce and complaint rates of the last 30 days, newest first.
     */
    public List<NetworkSummary> networks() {
        Map<Long, Long> admins = counts(ADMINS_PER_NETWORK);
        Map<Long, Long> members = counts(ACTIVE_MEMBERS_PER_NETWORK);
        Map<Long, Volumes.Volume> volumes = Volumes.all(em, clock.instant());
        return em.createQuery(ALL_NETWORKS, Network.class).getResultList().stream()
                .map(n -> {
                    Volumes.Volume v = volumes.getOrDefault(n.id(), Volumes.Volume.NONE);
                    return new NetworkSummary(n.id(), n.slug(), n.name(), n.status(), n.createdAt(),
                            admins.getOrDefault(n.id(), 0L), members.getOrDefault(n.id(), 0L), v.sentWeek(),
                            v.sentMonth(), v.bounceRate(), v.complaintRate(), v.bounceAlert(), v.complaintAlert());
                })
                .toList();
    }

    /**
     * Suspends the network: its console, member pages, mail intake and sending stop; nothing is deleted. Audited
     * (NETWORK_SUSPENDED). False when it was suspended already (nothing recorded).
     *
     * @throws NetworkException {@code operator.error.networkUnknown} when there is no such network
     */
    public boolean suspend(long networkId, String operatorUserId, String clientAddress) {
        Network network = network(networkId);
        if (!network.suspend()) {
            return false;
        }
        audit.recordWithin(AuditKind.NETWORK_SUSPENDED, networkId, operatorUserId, null, network.slug(),
                clientAddress);
        return true;
    }

    /**
     * Reopens a suspended network: everything works again as before, and what waited (scheduled, repeating and
     * interrupted broadcasts, deferred retries) goes on with the next delivery sweep. Audited (NETWORK_REOPENED).
     * False when it was active already.
     *
     * @throws NetworkException {@code operator.error.networkUnknown} when there is no such network
     */
    public boolean reopen(long networkId, String operatorUserId, String clientAddress) {
        Network network = network(networkId);
        if (!network.reopen()) {
            return false;
        }
        audit.recordWithin(AuditKind.NETWORK_REOPENED, networkId, operatorUserId, null, network.slug(),
                clientAddress);
        return true;
    }

    /**
     * Gives the network a new display name (the slug, part of its addresses, never changes). Audited
     * (NETWORK_RENAMED, detail: old -> new). False when the name is the same.
     *
     * @throws NetworkException {@code operator.error.nameInvalid} for an empty name or one over 200 characters,
     *                          {@code operator.error.networkUnknown} when there is no such network
     */
    public boolean rename(long networkId, String newName, String operatorUserId, String clientAddress) {
        String name = newName == null ? "" : newName.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new NetworkException("operator.error.nameInvalid", "A network needs a name of 1-200 characters");
        }
        Network network = network(networkId);
        String before = network.name();
        if (before.equals(name)) {
            return false;
        }
        network.rename(name);
        audit.recordWithin(AuditKind.NETWORK_RENAMED, networkId, operatorUserId, null,
                before + " -> " + name, clientAddress);
        return true;
    }

    private Network network(long networkId) {
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            throw new NetworkException("operator.error.networkUnknown", "No network " + networkId);
        }
        return network;
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
