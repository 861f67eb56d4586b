package org.renraku.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;

/**
 * An operator of the service (the provider): creates networks and their first admin, posts notices on
 * the login page. Belongs to no network. Only a slow salted hash of the password is kept. The mail address
 * (optional) is where 「パスワードをお忘れの方」 sends the operator's reset link and password notices.
 */
@Entity
@Table(name = "operators")
@NamedQuery(name = Operator.COUNT, query = "SELECT COUNT(o) FROM Operator o")
@NamedQuery(name = Operator.BY_USER_ID, query = "SELECT o FROM Operator o WHERE o.userId = :userId")
@NamedQuery(name = Operator.BY_EMAIL, query = "SELECT o FROM Operator o WHERE o.email = :email ORDER BY o.id")
public class Operator {

    public static final String COUNT = "Operator.count";
    public static final String BY_USER_ID = "Operator.byUserId";
    public static final String BY_EMAIL = "Operator.byEmail";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false, length = 64)
    private String userId;

    @Column(name = "display_name", nullable = false, length = 100)
    private String displayName;

    @Column(length = 254)
    private String email;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(nullable = false, length = 8)
    private String language = Language.DEFAULT.code();

    protected Operator() {
        // for JPA
    }

    public Operator(UserId userId, String displayName, String passwordHash, Instant createdAt) {
        this.userId = Objects.requireNonNull(userId, "userId").value();
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("An operator needs a display name");
        }
        this.displayName = displayName.strip();
        this.passwordHash = Objects.requireNonNull(passwordHash, "passwordHash");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.passwordChangedAt = createdAt;
    }

    public void changePasswordHash(String newHash, Instant now) {
        if (newHash == null || newHash.isBlank()) {
            throw new IllegalArgumentException("A password hash is required");
        }
        this.passwordHash = newHash;
        this.passwordChangedAt = Objects.requireNonNull(now, "now");
    }

    /** Sets the address for reset links and notices, or removes it ({@code null}). */
    public void changeEmail(EmailAddress newEmail) {
        this.email = newEmail == null ? null : newEmail.value();
    }

    public Optional<EmailAddress> email() {
        return Optional.ofNullable(email).map(EmailAddress::of);
    }

    /** The language of the operator's mail and console, kept from the console's language switch. */
    public void changeLanguage(Language newLanguage) {
        this.language = Objects.requireNonNull(newLanguage, "newLanguage").code();
    }

    public Language language() { return Language.of(language); }
    public Long id() { return id; }
    public String userId() { return userId; }
    public String displayName() { return displayName; }
    public String passwordHash() { return passwordHash; }
    public Instant passwordChangedAt() { return passwordChangedAt; }
    public Instant createdAt() { return createdAt; }
}
