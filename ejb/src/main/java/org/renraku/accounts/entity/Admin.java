package org.renraku.accounts.entity;

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
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.networks.entity.Network;

/**
 * An admin (管理者) of one network. Each person has an account of their own, so the audit log can say who
 * did what. An invited admin has no password until they set one through the link in the invitation.
 */
@Entity
@Table(name = "admins")
@NamedQuery(name = Admin.BY_USER_ID, query = "SELECT a FROM Admin a WHERE a.userId = :userId")
@NamedQuery(name = Admin.OF_NETWORK, query = "SELECT a FROM Admin a WHERE a.network = :network ORDER BY a.userId")
@NamedQuery(name = Admin.ACTIVE_OF_NETWORK,
        query = "SELECT a FROM Admin a WHERE a.network.id = :network AND a.active = TRUE ORDER BY a.userId")
@NamedQuery(name = Admin.ACTIVE_BY_EMAIL,
        query = "SELECT a FROM Admin a WHERE a.email = :email AND a.active = TRUE ORDER BY a.id")
@NamedQuery(name = Admin.NETWORK_OF, query = "SELECT a.network.id FROM Admin a WHERE a.id = :admin")
public class Admin {

    public static final String BY_USER_ID = "Admin.byUserId";
    public static final String OF_NETWORK = "Admin.ofNetwork";
    public static final String ACTIVE_OF_NETWORK = "Admin.activeOfNetwork";
    public static final String ACTIVE_BY_EMAIL = "Admin.activeByEmail";
    public static final String NETWORK_OF = "Admin.networkOf";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "network_id", nullable = false, updatable = false)
    private Network network;

    @Column(name = "user_id", nullable = false, updatable = false, length = 64)
    private String userId;

    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    @Column(nullable = false, length = 254)
    private String email;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Column(nullable = false)
    private boolean active;

    @Column(nullable = false, length = 8)
    private String language = Language.DEFAULT.code();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Admin() {
        // for JPA
    }

    public Admin(Network network, UserId userId, String displayName, EmailAddress email, Instant createdAt) {
        this.network = Objects.requireNonNull(network, "network");
        this.userId = Objects.requireNonNull(userId, "userId").value();
        if (displayName == null || displayName.isBlank() || displayName.length() > 100) {
            throw new IllegalArgumentException("An admin needs a display name of 1-100 characters");
        }
        this.displayName = displayName.strip();
        this.email = Objects.requireNonNull(email, "email").value();
        this.active = true;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Sets a new password, given as the output of the password hash (never the password itself). Sessions
     * opened before {@code now} end: they remember the previous {@link #passwordChangedAt()}.
     */
    public void changePasswordHash(String newHash, Instant now) {
        if (newHash == null || newHash.isBlank()) {
            throw new IllegalArgumentException("A password hash is required");
        }
        this.passwordHash = newHash;
        this.passwordChangedAt = Objects.requireNonNull(now, "now");
    }

    /** Removes the admin from the network: the account can no longer log in. */
    public void deactivate() {
        this.active = false;
    }

    /** The language of the admin's mail and console, kept from the console's language switch. */
    public void changeLanguage(Language newLanguage) {
        this.language = Objects.requireNonNull(newLanguage, "newLanguage").code();
    }

    public boolean hasPassword() { return passwordHash != null; }
    public Long id() { return id; }
    public Network network() { return network; }
    public String userId() { return userId; }
    public String displayName() { return displayName; }
    public EmailAddress email() { return EmailAddress.of(email); }
    public String passwordHash() { return passwordHash; }
    public Instant passwordChangedAt() { return passwordChangedAt; }
    public boolean active() { return active; }
    public Language language() { return Language.of(language); }
    public Instant createdAt() { return createdAt; }
}
