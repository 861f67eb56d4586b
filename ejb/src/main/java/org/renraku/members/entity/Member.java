package org.renraku.members.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.renraku.members.control.CarrierClassifier;
import org.renraku.networks.entity.Network;

/**
 * A member (会員) of one network: a mail address that receives the network's broadcasts. Members never have
 * a password; they reach their own page through signed links in the mail they receive.
 * <p>
 * Status moves ACTIVE → SUSPENDED (bounces) → ACTIVE (address fixed) or to LEFT (退会). Only ACTIVE members
 * are sent broadcasts.
 */
@Entity
@Table(name = "members")
@NamedQuery(name = Member.BY_NETWORK_AND_EMAIL,
        query = "SELECT m FROM Member m WHERE m.network = :network AND m.email = :email")
@NamedQuery(name = Member.COUNT_ACTIVE,
        query = "SELECT COUNT(m) FROM Member m WHERE m.network = :network AND m.status = 'ACTIVE'")
public class Member {

    public static final String BY_NETWORK_AND_EMAIL = "Member.byNetworkAndEmail";
    public static final String COUNT_ACTIVE = "Member.countActive";

    public enum Status { ACTIVE, SUSPENDED, LEFT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "network_id", nullable = false, updatable = false)
    private Network network;

    @Column(nullable = false, length = 254)
    private String email;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 16)
    private String carrier;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "attributes")
    private String attributesJson;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Member() {
        // for JPA
    }

    public Member(Network network, EmailAddress email, String name, Instant now) {
        this.network = Objects.requireNonNull(network, "network");
        this.email = Objects.requireNonNull(email, "email").value();
        rename(name, now);
        this.carrier = CarrierClassifier.classify(email).name();
        this.status = Status.ACTIVE.name();
        this.createdAt = now;
    }

    public void rename(String newName, Instant now) {
        if (newName == null || newName.isBlank() || newName.strip().length() > 100) {
            throw new IllegalArgumentException("A member needs a name of 1-100 characters");
        }
        this.name = newName.strip();
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public Network network() { return network; }
    public EmailAddress email() { return EmailAddress.of(email); }
    public String name() { return name; }
    public Carrier carrier() { return Carrier.valueOf(carrier); }
    public Status status() { return Status.valueOf(status); }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
