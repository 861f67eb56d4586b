package org.renraku.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.renraku.members.entity.EmailAddress;

/**
 * One refusal of mail to an address: a 5xx reply at send time, or later a DSN or an ARF complaint read by the
 * bounce reader. The hygiene work (suspend after hard bounces, N soft in M days) reads these rows.
 * <p>
 * BLOCKED is a refusal for policy or reputation (5.7.x, rate limits): a fact about us, not about the address,
 * so the bounce policy must not suspend members for it.
 */
@Entity
@Table(name = "bounce_events")
public class BounceEvent {

    public static final int DIAGNOSTIC_MAX = 1000;

    public enum Kind { HARD, SOFT, BLOCKED, COMPLAINT }

    public enum Source { SMTP, DSN, ARF }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false, updatable = false)
    private long networkId;

    @Column(name = "member_id", updatable = false)
    private Long memberId;

    @Column(name = "delivery_id", updatable = false)
    private Long deliveryId;

    @Column(nullable = false, length = 254, updatable = false)
    private String email;

    @Column(nullable = false, length = 16, updatable = false)
    private String kind;

    @Column(nullable = false, length = 16, updatable = false)
    private String source;

    @Column(name = "smtp_code", updatable = false)
    private Integer smtpCode;

    @Column(name = "status_code", length = 16, updatable = false)
    private String statusCode;

    @Column(length = DIAGNOSTIC_MAX, updatable = false)
    private String diagnostic;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    protected BounceEvent() {
        // for JPA
    }

    public BounceEvent(long networkId, Long memberId, Long deliveryId, EmailAddress email, Kind kind, Source source,
            Integer smtpCode, String statusCode, String diagnostic, Instant occurredAt) {
        this.networkId = networkId;
        this.memberId = memberId;
        this.deliveryId = deliveryId;
        this.email = Objects.requireNonNull(email, "email").value();
        this.kind = Objects.requireNonNull(kind, "kind").name();
        this.source = Objects.requireNonNull(source, "source").name();
        this.smtpCode = smtpCode;
        this.statusCode = statusCode == null || statusCode.length() > 16 ? null : statusCode;
        this.diagnostic = diagnostic == null ? null
                : diagnostic.length() > DIAGNOSTIC_MAX ? diagnostic.substring(0, DIAGNOSTIC_MAX) : diagnostic;
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public Optional<Long> memberId() { return Optional.ofNullable(memberId); }
    public Optional<Long> deliveryId() { return Optional.ofNullable(deliveryId); }
    public EmailAddress email() { return EmailAddress.of(email); }
    public Kind kind() { return Kind.valueOf(kind); }
    public Source source() { return Source.valueOf(source); }
    public Optional<Integer> smtpCode() { return Optional.ofNullable(smtpCode); }
    public Optional<String> statusCode() { return Optional.ofNullable(statusCode); }
    public Optional<String> diagnostic() { return Optional.ofNullable(diagnostic); }
    public Instant occurredAt() { return occurredAt; }
}
