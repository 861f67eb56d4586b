package org.renraku.adminsession.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.accounts.entity.Admin;
import org.renraku.adminsession.entity.AppInstance;
import org.renraku.adminsession.entity.ConsoleLease;
import org.renraku.adminsession.entity.ConsoleLock;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.tokens.control.TokenDigest;

/**
 * One admin at a time per network (the seed's 「現在、他の管理者が使用中です」).
 * <p>
 * Who holds a network's console is a {@link ConsoleLease} row; every attempt to take it first locks the
 * network's {@link ConsoleLock} row in the database. The database row lock — not this singleton — is
 * what serialises logins, so the rule holds with several Payara instances on one database, and this bean
 * keeps no state but its own boot id (methods run concurrently).
 * <ul>
 *   <li>a second admin is refused with who holds the console and since when;</li>
 *   <li>{@code takeover} (「現在使用中を無視」) releases the current lease as TAKEOVER — the displaced session
 *       learns it, and from whom, on its next request through {@link #check(String)};</li>
 *   <li>logout releases at once; a lease idle longer than {@code renraku.console.idle-minutes} (60) no
 *       longer keeps anyone out;</li>
 *   <li>each start of an instance registers a new boot with a heartbeat. At start, leases of this
 *       instance's previous boots are released (their sessions died with it); a lease of an instance that
 *       stopped beating for {@link #INSTANCE_DEAD_AFTER} no longer counts. A restart never leaves a stale
 *       lock.</li>
 * </ul>
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AdminSessions {

    private static final Logger LOG = Logger.getLogger(AdminSessions.class.getName());
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    public static final Duration INSTANCE_DEAD_AFTER = Duration.ofSeconds(90);
    /** last_seen_at is written at most this often per session. */
    static final Duration TOUCH_RESOLUTION = Duration.ofSeconds(20);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "renraku.console.idle-minutes", defaultValue = "60")
    long idleMinutes;

    private final String bootId = UUID.randomUUID().toString();
    private String instanceName;

    @PostConstruct
    void register() {
        instanceName = instanceName();
        em.persist(new AppInstance(bootId, instanceName, clock.instant()));
        int released = releaseLeasesOfPreviousBoots();
        LOG.info(() -> "Admin console sessions: instance " + instanceName + ", boot " + bootId
                + (released > 0 ? "; released " + released + " lease(s) left by the previous start" : ""));
    }

    /** Leases of earlier starts of this same instance: their HTTP sessions are gone, so are they. */
    public int releaseLeasesOfPreviousBoots() {
        List<String> previous = em.createNamedQuery(AppInstance.PREVIOUS_BOOTS, String.class)
                .setParameter("name", instanceName).setParameter("current", bootId).getResultList();
        if (previous.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<ConsoleLease> open = em.createNamedQuery(ConsoleLease.OPEN_OF_BOOTS, ConsoleLease.class)
                .setParameter("boots", previous).getResultList();
        open.forEach(lease -> lease.release(ReleaseReason.RESTART, null, now));
        previous.forEach(boot -> Optional.ofNullable(em.find(AppInstance.class, boot)).ifPresent(em::remove));
        return open.size();
    }

    @PreDestroy
    void unregister() {
        Instant now = clock.instant();
        em.createNamedQuery(ConsoleLease.OPEN_OF_BOOTS, ConsoleLease.class).setParameter("boots", List.of(bootId))
                .getResultList().forEach(lease -> lease.release(ReleaseReason.RESTART, null, now));
        Optional.ofNullable(em.find(AppInstance.class, bootId)).ifPresent(em::remove);
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void heartbeat() {
        Instant now = clock.instant();
        AppInstance me = em.find(AppInstance.class, bootId);
        if (me == null) {
            em.persist(new AppInstance(bootId, instanceName, now));
        } else {
            me.beat(now);
        }
        em.createNamedQuery(AppInstance.DELETE_DEAD).setParameter("before", now.minus(Duration.ofDays(1)))
                .executeUpdate();
    }

    /**
     * Takes the console of the admin's network for {@code userId}, who has already been authenticated.
     *
     * @param takeover 「現在使用中を無視」: displace whoever holds it
     * @param loginDetail recorded with the LOGIN audit entry (e.g. failures before this success), or null
     */
    public Acquisition acquire(String userId, boolean takeover, String clientAddress, String loginDetail) {
        Optional<Admin> found = em.createNamedQuery(Admin.BY_USER_ID, Admin.class).setParameter("userId", userId)
                .getResultStream().filter(Admin::active).findFirst();
        if (found.isEmpty()) {
            return new Acquisition.NoSuchAdmin();
        }
        Admin admin = found.get();
        long networkId = admin.network().id();
        if (admin.network().suspended()) {
            audit.record(AuditKind.LOGIN_REFUSED_SUSPENDED, networkId, admin.userId(), null, null, clientAddress);
            return new Acquisition.NetworkSuspended(admin.network().name());
        }
        Instant now = clock.instant();
        ConsoleLock lock = lockOf(networkId);
        ConsoleLease current = lock.current();
        String displaced = null;
        if (current != null && !current.released()) {
            if (isLive(current, now)) {
                if (!takeover) {
                    audit.record(AuditKind.LOGIN_REFUSED_IN_USE, networkId, admin.userId(), current.admin().userId(),
                            null, clientAddress);
                    return new Acquisition.InUse(current.admin().userId(), current.admin().displayName(),
                            current.acquiredAt());
                }
                current.release(ReleaseReason.TAKEOVER, admin, now);
                displaced = current.admin().userId();
                audit.record(AuditKind.TAKEOVER, networkId, admin.userId(), displaced, null, clientAddress);
            } else {
                expire(current, now);
            }
        }
        String token = TokenDigest.newToken();
        em.persist(ConsoleLease.take(lock, admin, TokenDigest.digest(token), bootId, now));
        audit.record(AuditKind.LOGIN, networkId, admin.userId(), null, loginDetail, clientAddress);
        return new Acquisition.Granted(token, admin.id(), networkId, admin.userId(), admin.displayName(),
                admin.network().name(), displaced, admin.passwordChangedAt());
    }

    /** On every console request: is this session still the one holding the console? */
    public LeaseState check(String leaseToken) {
        Optional<ConsoleLease> found = leaseOf(leaseToken);
        if (found.isEmpty()) {
            return new LeaseState.Ended(ReleaseReason.LOGOUT, null, null, clock.instant());
        }
        ConsoleLease lease = found.get();
        Instant now = clock.instant();
        if (!lease.released() && !isLive(lease, now)) {
            lockOf(lease.networkId()); // serialise with logins to this network
            em.refresh(lease);
            if (!lease.released()) {
                expire(lease, now);
            }
        }
        if (!lease.released() && lease.admin().network().suspended()) {
            // the operator suspended the network: every open session of it ends on its next request
            lease.release(ReleaseReason.NETWORK_SUSPENDED, null, now);
        }
        if (lease.released()) {
            Admin by = lease.releasedBy();
            return new LeaseState.Ended(lease.releaseReason(), by == null ? null : by.userId(),
                    by == null ? null : by.displayName(), lease.releasedAt());
        }
        lease.touch(now, TOUCH_RESOLUTION);
        return new LeaseState.Active(lease.admin().id(), lease.networkId(), lease.admin().passwordChangedAt());
    }

    /** Logout: the console is free at once. */
    public void release(String leaseToken, String clientAddress) {
        leaseOf(leaseToken).filter(lease -> !lease.released()).ifPresent(lease -> {
            lease.release(ReleaseReason.LOGOUT, null, clock.instant());
            audit.record(AuditKind.LOGOUT, lease.networkId(), lease.admin().userId(), null, null, clientAddress);
        });
    }

    /** Ends every session of an admin (password reset, admin removed). */
    public int endAllOf(long adminId, ReleaseReason reason) {
        return endAllOfExcept(adminId, reason, null);
    }

    /** Ends every session of an admin but the one holding {@code keepLeaseToken} (own password change). */
    public int endAllOfExcept(long adminId, ReleaseReason reason, String keepLeaseToken) {
        Instant now = clock.instant();
        String keep = keepLeaseToken == null ? null : TokenDigest.digest(keepLeaseToken);
        List<ConsoleLease> open = em.createNamedQuery(ConsoleLease.OPEN_OF_ADMIN, ConsoleLease.class)
                .setParameter("admin", adminId).getResultList().stream()
                .filter(lease -> !lease.tokenHash().equals(keep)).toList();
        open.forEach(lease -> lease.release(reason, null, now));
        return open.size();
    }

    public Duration idleTimeout() {
        return Duration.ofMinutes(idleMinutes);
    }

    public String bootId() {
        return bootId;
    }

    public String instance() {
        return instanceName;
    }

    private void expire(ConsoleLease lease, Instant now) {
        boolean instanceAlive = instanceAlive(lease.bootId(), now);
        lease.release(instanceAlive ? ReleaseReason.IDLE : ReleaseReason.RESTART, null, now);
        audit.record(AuditKind.SESSION_EXPIRED, lease.networkId(), lease.admin().userId(), null,
                instanceAlive ? "idle" : "instance stopped", null);
    }

    private boolean isLive(ConsoleLease lease, Instant now) {
        return lease.isLive(now, idleTimeout(), instanceAlive(lease.bootId(), now));
    }

    private boolean instanceAlive(String boot, Instant now) {
        if (bootId.equals(boot)) {
            return true;
        }
        return em.createNamedQuery(AppInstance.ALIVE_SINCE, Long.class).setParameter("boot", boot)
                .setParameter("since", now.minus(INSTANCE_DEAD_AFTER)).getSingleResult() > 0;
    }

    private ConsoleLock lockOf(long networkId) {
        ConsoleLock lock = em.find(ConsoleLock.class, networkId, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            throw new IllegalStateException("Network " + networkId + " has no console lock row");
        }
        ConsoleLease current = lock.current();
        if (current != null) {
            em.refresh(current); // a locking read of the lock row; read the lease it names as committed now
        }
        return lock;
    }

    private Optional<ConsoleLease> leaseOf(String leaseToken) {
        if (leaseToken == null || leaseToken.isBlank()) {
            return Optional.empty();
        }
        return em.createNamedQuery(ConsoleLease.BY_TOKEN_HASH, ConsoleLease.class)
                .setParameter("hash", TokenDigest.digest(leaseToken)).getResultStream().findFirst();
    }

    /**
     * Host, domain and server instance: two domains on one machine (each a DAS named "server") are two instances,
     * so neither takes the other's boots for its own earlier ones (their leases, their broadcasts' jobs).
     */
    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return instanceName(host, System.getProperty("com.sun.aas.instanceRoot"),
                System.getProperty("com.sun.aas.instanceName", "server"));
    }

    static String instanceName(String host, String instanceRoot, String server) {
        String domain = instanceRoot == null ? null : Path.of(instanceRoot).getFileName().toString();
        return domain == null || domain.isBlank() ? host + "/" + server : host + "/" + domain + "/" + server;
    }
}
