package org.renraku.broadcasts.entity;

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
import org.renraku.members.entity.Member;

/**
 * One broadcast to one member: the unit of sending, retrying and bouncing. The pair (broadcast, member) is
 * unique in the database, so a send resumed after a crash can never produce a second row for a member.
 */
@Entity
@Table(name = "deliveries")
public class Delivery {

    public enum Status { PENDING, SENT, DEFERRED, FAILED, BOUNCED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "broadcast_id", nullable = false, updatable = false)
    private Broadcast broadcast;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "member_id", nullable = false, updatable = false)
    private Member member;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "smtp_reply", length = 512)
    private String smtpReply;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Delivery() {
        // for JPA
    }

    public Delivery(Broadcast broadcast, Member member, Instant now) {
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.member = Objects.requireNonNull(member, "member");
        this.status = Status.PENDING.name();
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public Broadcast broadcast() { return broadcast; }
    public Member member() { return member; }
    public Status status() { return Status.valueOf(status); }
    public int attempts() { return attempts; }
    public String smtpReply() { return smtpReply; }
}
