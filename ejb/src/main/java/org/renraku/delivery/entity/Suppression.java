package org.renraku.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.renraku.members.entity.EmailAddress;

/**
 * An address that a network never sends to again, whatever happens to the member row: an unsubscribed address
 * that an admin deletes and later imports again by CSV stays suppressed. Unique per network and address.
 */
@Entity
@Table(name = "suppressions")
@NamedQuery(name = Suppression.BY_NETWORK_AND_EMAIL,
        query = "SELECT s FROM Suppression s WHERE s.networkId = :networkId AND s.email = :email")
public class Suppression {

    public static final String BY_NETWORK_AND_EMAIL = "Suppression.byNetworkAndEmail";

    public enum Reason { UNSUBSCRIBED, HARD_BOUNCE, COMPLAINT, MANUAL }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false, updatable = false)
    private long networkId;

    @Column(nullable = false, length = 254, updatable = false)
    private String email;

    @Column(nullable = false, length = 16)
    private String reason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Suppression() {
        // for JPA
    }

    public Suppression(long networkId, EmailAddress email, Reason reason, Instant now) {
        this.networkId = networkId;
        this.email = Objects.requireNonNull(email, "email").value();
        this.reason = Objects.requireNonNull(reason, "reason").name();
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public EmailAddress email() { return EmailAddress.of(email); }
    public Reason reason() { return Reason.valueOf(reason); }
    public Instant createdAt() { return createdAt; }
}
