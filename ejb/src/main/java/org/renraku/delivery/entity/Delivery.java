package org.renraku.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;

/**
 * One broadcast to one member: the unit of sending, retrying and bouncing. The pair (broadcast, member) is
 * unique in the database, so a send resumed after a crash can never produce a second row for a member.
 * <p>
 * The address is copied when the recipients are snapshot: the message goes to the address as written then,
 * even if the member changes it during the send. Status: PENDING (queued) → SENT, or → DEFERRED (4xx; due
 * again at {@code nextAttemptAt}) → … → SENT or SOFT_FAILED (still refused 24 h after the first attempt);
 * FAILED for a 5xx reply; BOUNCED when a bounce arrives after acceptance; SKIPPED when the member was
 * suppressed or left between the snapshot and the send, or when the admin cancelled the broadcast
 * ({@link #CANCELLED_REASON} in the reply text).
 */
@Entity
@Table(name = "deliveries")
public class Delivery {

    public static final int REPLY_MAX = 512;
    /** Not sent because the admin cancelled the broadcast: SKIPPED, the reason in the reply text. */
    public static final String CANCELLED_REASON = "cancelled by an admin";

    public enum Status { PENDING, SENT, DEFERRED, FAILED, SOFT_FAILED, BOUNCED, SKIPPED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "broadcast_id", nullable = false, updatable = false)
    private Broadcast broadcast;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "member_id", nullable = false, updatable = false)
    private Member member;

    @Column(nullable = false, length = 254, updatable = false)
    private String email;

    @Column(name = "carrier_group", nullable = false, length = 16, updatable = false)
    private String carrierGroup;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "first_attempt_at")
    private Instant firstAttemptAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "smtp_code")
    private Integer smtpCode;

    @Column(name = "smtp_reply", length = REPLY_MAX)
    private String smtpReply;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Delivery() {
        // for JPA
    }

    public Delivery(Broadcast broadcast, Member member, Instant now) {
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.member = Objects.requireNonNull(member, "member");
        this.email = member.email().value();
        this.carrierGroup = CarrierGroup.of(member.carrier()).name();
        this.status = Status.PENDING.name();
        this.createdAt = Objects.requireNonNull(now, "now");
        this.updatedAt = now;
    }

    /** 2xx: the receiving server took it. */
    public void sent(int code, String reply, Instant now) {
        attempt(code, reply, now);
        this.status = Status.SENT.name();
        this.sentAt = now;
        this.nextAttemptAt = null;
    }

    /** A temporary failure (4xx or a broken connection): due again at {@code retryAt}. */
    public void deferred(Integer code, String reply, Instant retryAt, Instant now) {
        attempt(code, reply, now);
        this.status = Status.DEFERRED.name();
        this.nextAttemptAt = Objects.requireNonNull(retryAt, "retryAt");
    }

    /** Final: FAILED for a permanent refusal (5xx), SOFT_FAILED when temporary failures went on too long. */
    public void failed(Integer code, String reply, boolean permanent, Instant now) {
        attempt(code, reply, now);
        this.status = (permanent ? Status.FAILED : Status.SOFT_FAILED).name();
        this.nextAttemptAt = null;
    }

    /** Not sent: the member was suppressed or left after the snapshot. */
    public void skipped(Instant now) {
        this.status = Status.SKIPPED.name();
        this.updatedAt = now;
    }

    private void attempt(Integer code, String reply, Instant now) {
        Objects.requireNonNull(now, "now");
        this.attempts++;
        if (firstAttemptAt == null) {
            this.firstAttemptAt = now;
        }
        this.lastAttemptAt = now;
        this.smtpCode = code;
        this.smtpReply = reply == null ? null : reply.length() > REPLY_MAX ? reply.substring(0, REPLY_MAX) : reply;
        this.updatedAt = now;
    }

    public Long id() { return id; }
    public Broadcast broadcast() { return broadcast; }
    public Member member() { return member; }
    public EmailAddress email() { return EmailAddress.of(email); }
    public CarrierGroup carrierGroup() { return CarrierGroup.valueOf(carrierGroup); }
    public Status status() { return Status.valueOf(status); }
    public int attempts() { return attempts; }
    public Optional<Instant> firstAttemptAt() { return Optional.ofNullable(firstAttemptAt); }
    public Optional<Instant> nextAttemptAt() { return Optional.ofNullable(nextAttemptAt); }
    public Optional<Integer> smtpCode() { return Optional.ofNullable(smtpCode); }
    public String smtpReply() { return smtpReply; }
    public Optional<Instant> sentAt() { return Optional.ofNullable(sentAt); }
}
