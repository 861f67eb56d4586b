package org.renraku.bounces.entity;

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

    /** What added a suppression (column {@code source}): shown on the console's suppressions page. */
    public enum SourceKind {
        /** A bounce event (a DSN, an ARF complaint, a send-time 5xx): {@code source_bounce_event_id}. */
        BOUNCE,
        /** The RFC 8058 one-click unsubscribe request (POST): {@code source_broadcast_id}, the token's broadcast. */
        UNSUBSCRIBE,
        /** A 退会 by mail, confirmed by the member's click. */
        MAIL,
        /** An admin: {@code source_actor}. */
        ADMIN
    }

    /** Where a suppression came from; the field of its kind is set, the others are null. */
    public record Source(SourceKind kind, Long bounceEventId, Long broadcastId, String actor) {
        public Source {
            Objects.requireNonNull(kind, "kind");
        }

        public static Source bounce(long bounceEventId) {
            return new Source(SourceKind.BOUNCE, bounceEventId, null, null);
        }

        public static Source unsubscribe(long broadcastId) {
            return new Source(SourceKind.UNSUBSCRIBE, null, broadcastId, null);
        }

        public static Source admin(String actor) {
            return new Source(SourceKind.ADMIN, null, null, actor);
        }
    }

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
