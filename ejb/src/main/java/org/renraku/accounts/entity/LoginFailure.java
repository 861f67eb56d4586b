package org.renraku.accounts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A failed login, kept for throttling by account and by client address. */
@Entity
@Table(name = "login_failures")
@NamedQuery(name = LoginFailure.BY_USER_SINCE, query = "SELECT f.failedAt FROM LoginFailure f"
        + " WHERE f.userId = :userId AND f.failedAt > :since ORDER BY f.failedAt DESC")
@NamedQuery(name = LoginFailure.BY_CLIENT_SINCE, query = "SELECT f.failedAt FROM LoginFailure f"
        + " WHERE f.clientAddress = :client AND f.failedAt > :since ORDER BY f.failedAt DESC")
@NamedQuery(name = LoginFailure.DELETE_BEFORE, query = "DELETE FROM LoginFailure f WHERE f.failedAt < :before")
public class LoginFailure {

    public static final String BY_USER_SINCE = "LoginFailure.byUserSince";
    public static final String BY_CLIENT_SINCE = "LoginFailure.byClientSince";
    public static final String DELETE_BEFORE = "LoginFailure.deleteBefore";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false, length = 64)
    private String userId;

    @Column(name = "client_address", nullable = false, updatable = false, length = 45)
    private String clientAddress;

    @Column(name = "failed_at", nullable = false, updatable = false)
    private Instant failedAt;

    protected LoginFailure() {
        // for JPA
    }

    public LoginFailure(String userId, String clientAddress, Instant failedAt) {
        this.userId = userId.length() > 64 ? userId.substring(0, 64) : userId;
        this.clientAddress = clientAddress.length() > 45 ? clientAddress.substring(0, 45) : clientAddress;
        this.failedAt = failedAt;
    }
}
