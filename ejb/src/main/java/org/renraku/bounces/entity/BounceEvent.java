package org.renraku.bounces.entity;

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

    /** NONE: an auto-reply or vacation notice, not a bounce (the bounce policy records nothing for it). */
    public enum Kind { HARD, SOFT, BLOCKED, COMPLAINT, NONE }

    /** What the bounce policy did with the event (org.renraku.bounces.boundary.BouncePolicy). */
    public enum Outcome {
        /** Recorded; counts towards the soft-bounce threshold (or, for BLOCKED, only for the statistics). */
        COUNTED,
        /** This event suspended the member (hard bounce, or the soft bounce that reached the threshold). */
        SUSPENDED,
        /** A complaint: the member left and the address is suppressed. */
        UNSUBSCRIBED,
        /** A Japanese carrier filtered the mail: the member is asked to allow our domain (指定受信). */
        ALLOW_DOMAIN,
        /** A hard bounce of the monthly test mail deleted the member (the network's setting); the address is suppressed. */
        DELETED,
        /** Recorded without effect (the member was already suspended or gone, or the network does not act on it). */
        IGNORED
    }

    public static final int REASON_MAX = 32;

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

    @Column(length = REASON_MAX, updatable = false)
    private String reason;

    @Column(nullable = false, length = 16, updatable = false)
    private String source;

    @Column(nullable = false, length = 16)
    private String outcome = Outcome.COUNTED.name();

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

    /**
     * An event with the bounce reason in Sisimai's vocabulary (userunknown, mailboxfull, filtered, …; lower
     * case, cut to {@value #REASON_MAX} characters; null when unknown).
     */
    public BounceEvent(long networkId, Long memberId, Long deliveryId, EmailAddress email, Kind kind, String reason,
            Source source, Integer smtpCode, String statusCode, String diagnostic, Instant occurredAt) {
        this(networkId, memberId, deliveryId, email, kind, source, smtpCode, statusCode, diagnostic, occurredAt);
        this.reason = normalisedReason(reason);
    }

    /** A reason as stored: lower case, without blanks, at most {@value #REASON_MAX} characters; null for none. */
    public static String normalisedReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String r = reason.strip().toLowerCase(java.util.Locale.ROOT);
        return r.length() > REASON_MAX ? r.substring(0, REASON_MAX) : r;
    }

    public void decided(Outcome what) {
        this.outcome = Objects.requireNonNull(what, "what").name();
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public Optional<Long> memberId() { return Optional.ofNullable(memberId); }
    public Optional<Long> deliveryId() { return Optional.ofNullable(deliveryId); }
    public EmailAddress email() { return EmailAddress.of(email); }
    public Kind kind() { return Kind.valueOf(kind); }
    public Source source() { return Source.valueOf(source); }
    public Optional<String> reason() { return Optional.ofNullable(reason); }
    public Outcome outcome() { return Outcome.valueOf(outcome); }
    public Optional<Integer> smtpCode() { return Optional.ofNullable(smtpCode); }
    public Optional<String> statusCode() { return Optional.ofNullable(statusCode); }
    public Optional<String> diagnostic() { return Optional.ofNullable(diagnostic); }
    public Instant occurredAt() { return occurredAt; }
}
