package org.renraku.adminsession.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.entity.Admin;

/**
 * One admin holding one network's console, from login until logout, idle expiry, takeover, restart or a
 * password change. The HTTP session keeps only the lease token; the database keeps its SHA-256.
 * <p>
 * A lease is <em>live</em> while it is not released, its last request is younger than the idle timeout, and
 * the instance that serves it is alive. Only a live lease keeps other admins out.
 */
@Entity
@Table(name = "console_leases")
@NamedQuery(name = ConsoleLease.BY_TOKEN_HASH, query = "SELECT l FROM ConsoleLease l WHERE l.tokenHash = :hash")
@NamedQuery(name = ConsoleLease.OPEN_OF_ADMIN,
        query = "SELECT l FROM ConsoleLease l WHERE l.admin.id = :admin AND l.releasedAt IS NULL")
@NamedQuery(name = ConsoleLease.OPEN_OF_BOOTS,
        query = "SELECT l FROM ConsoleLease l WHERE l.bootId IN :boots AND l.releasedAt IS NULL")
public class ConsoleLease {

    public static final String BY_TOKEN_HASH = "ConsoleLease.byTokenHash";
    public static final String OPEN_OF_ADMIN = "ConsoleLease.openOfAdmin";
    public static final String OPEN_OF_BOOTS = "ConsoleLease.openOfBoots";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false, updatable = false)
    private Long networkId;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "admin_id", nullable = false, updatable = false)
    private Admin admin;

    @Column(name = "token_hash", nullable = false, updatable = false, length = 64)
    private String tokenHash;

    @Column(name = "boot_id", nullable = false, updatable = false, length = 36)
    private String bootId;

    @Column(name = "acquired_at", nullable = false, updatable = false)
    private Instant acquiredAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "released_at")
    private Instant releasedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "release_reason", length = 24)
    private ReleaseReason releaseReason;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "released_by")
    private Admin releasedBy;

    protected ConsoleLease() {
        // for JPA
    }

    /** Takes the console for {@code admin}; the caller holds the network's {@link ConsoleLock}. */
    public static ConsoleLease take(ConsoleLock lock, Admin admin, String tokenHash, String bootId, Instant now) {
        if (!admin.network().id().equals(lock.networkId())) {
            throw new IllegalArgumentException("An admin can only take the console of their own network");
        }
        ConsoleLease current = lock.current();
        if (current != null && current.releasedAt == null) {
            throw new IllegalStateException("Release the current lease before taking the console");
        }
        ConsoleLease lease = new ConsoleLease();
        lease.networkId = lock.networkId();
        lease.admin = admin;
        lease.tokenHash = Objects.requireNonNull(tokenHash, "tokenHash");
        lease.bootId = Objects.requireNonNull(bootId, "bootId");
        lease.acquiredAt = now;
        lease.lastSeenAt = now;
        lock.holdBy(lease);
        return lease;
    }

    public boolean isLive(Instant now, Duration idleTimeout, boolean instanceAlive) {
        return releasedAt == null && instanceAlive && now.isBefore(lastSeenAt.plus(idleTimeout));
    }

    /** Ends the lease; releasing twice keeps the first reason. */
    public void release(ReleaseReason reason, Admin by, Instant now) {
        if (releasedAt != null) {
            return;
        }
        releasedAt = now;
        releaseReason = Objects.requireNonNull(reason, "reason");
        releasedBy = by;
    }

    /** Records activity; written at most every {@code resolution} to keep the database quiet. */
    public boolean touch(Instant now, Duration resolution) {
        if (now.isAfter(lastSeenAt.plus(resolution))) {
            lastSeenAt = now;
            return true;
        }
        return false;
    }

    public Long id() { return id; }
    public Long networkId() { return networkId; }
    public Admin admin() { return admin; }
    public String bootId() { return bootId; }
    public String tokenHash() { return tokenHash; }
    public Instant acquiredAt() { return acquiredAt; }
    public Instant lastSeenAt() { return lastSeenAt; }
    public Instant releasedAt() { return releasedAt; }
    public ReleaseReason releaseReason() { return releaseReason; }
    public Admin releasedBy() { return releasedBy; }
    public boolean released() { return releasedAt != null; }
}
