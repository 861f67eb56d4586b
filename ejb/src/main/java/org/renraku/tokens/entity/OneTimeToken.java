package org.renraku.tokens.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A single-use, short-lived token carried by a link in a mail (password reset, invitation, registration).
 * Only the SHA-256 digest of the token is stored, so a copy of the database does not hand out working
 * links. A token is spent by {@link #redeem(Instant)}; it cannot be spent twice or after it expired.
 */
@Entity
@Table(name = "one_time_tokens")
@NamedQuery(name = OneTimeToken.BY_HASH, query = "SELECT t FROM OneTimeToken t WHERE t.tokenHash = :hash")
// Expired tokens are worthless whether or not they were used; the expiry index makes this a range delete.
@NamedQuery(name = OneTimeToken.DELETE_EXPIRED, query = "DELETE FROM OneTimeToken t WHERE t.expiresAt < :cutoff")
@NamedQuery(name = OneTimeToken.SPEND_ALL_OF_SUBJECT, query = "UPDATE OneTimeToken t SET t.usedAt = :now"
        + " WHERE t.purpose = :purpose AND t.subject = :subject AND t.usedAt IS NULL")
@NamedQuery(name = OneTimeToken.COUNT_ISSUED_SINCE, query = "SELECT COUNT(t) FROM OneTimeToken t"
        + " WHERE t.purpose = :purpose AND t.subject = :subject AND t.createdAt > :since")
// The hourly limits on mails with links (address changes, 退会 confirmations) count what was issued; the indexes of
// V18 serve the per-subject (a member: "<id>:…") and per-network counts.
@NamedQuery(name = OneTimeToken.COUNT_ISSUED_WITH_PREFIX_SINCE, query = "SELECT COUNT(t) FROM OneTimeToken t"
        + " WHERE t.purpose = :purpose AND t.subject LIKE :prefix AND t.createdAt > :since")
@NamedQuery(name = OneTimeToken.COUNT_ISSUED_IN_NETWORK_SINCE, query = "SELECT COUNT(t) FROM OneTimeToken t"
        + " WHERE t.networkId = :networkId AND t.purpose = :purpose AND t.createdAt > :since")
@NamedQuery(name = OneTimeToken.SPEND_ALL_WITH_PREFIX, query = "UPDATE OneTimeToken t SET t.usedAt = :now"
        + " WHERE t.purpose = :purpose AND t.subject LIKE :prefix AND t.usedAt IS NULL AND t.createdAt >= :from")
public class OneTimeToken {

    public static final String BY_HASH = "OneTimeToken.byHash";
    public static final String DELETE_EXPIRED = "OneTimeToken.deleteExpired";
    public static final String SPEND_ALL_OF_SUBJECT = "OneTimeToken.spendAllOfSubject";
    public static final String COUNT_ISSUED_SINCE = "OneTimeToken.countIssuedSince";
    public static final String COUNT_ISSUED_WITH_PREFIX_SINCE = "OneTimeToken.countIssuedWithPrefixSince";
    public static final String COUNT_ISSUED_IN_NETWORK_SINCE = "OneTimeToken.countIssuedInNetworkSince";
    public static final String SPEND_ALL_WITH_PREFIX = "OneTimeToken.spendAllWithPrefix";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "token_hash", nullable = false, updatable = false, length = 64)
    private String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 32)
    private TokenPurpose purpose;

    @Column(name = "network_id", updatable = false)
    private Long networkId;

    @Column(nullable = false, updatable = false, length = 254)
    private String subject;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected OneTimeToken() {
        // for JPA
    }

    public OneTimeToken(String tokenHash, TokenPurpose purpose, Long networkId, String subject, Instant now) {
        if (tokenHash == null || tokenHash.length() != 64) {
            throw new IllegalArgumentException("A token is stored as a 64-character SHA-256 hex digest");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("A token needs a subject");
        }
        this.tokenHash = tokenHash;
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.networkId = networkId;
        this.subject = subject;
        this.createdAt = Objects.requireNonNull(now, "now");
        this.expiresAt = now.plus(purpose.validity());
    }

    /** True while the token has been neither used nor expired. */
    public boolean validAt(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }

    /** Spends the token; false when it was already used or has expired. */
    public boolean redeem(Instant now) {
        if (!validAt(now)) {
            return false;
        }
        usedAt = now;
        return true;
    }

    public TokenPurpose purpose() { return purpose; }
    public Long networkId() { return networkId; }
    public String subject() { return subject; }
    public Instant expiresAt() { return expiresAt; }
    public Instant createdAt() { return createdAt; }
    public boolean used() { return usedAt != null; }
}
