package org.renraku.broadcasts.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.entity.Admin;
import org.renraku.networks.entity.Network;

/**
 * A broadcast (配信): one message composed by an admin for the members of a network. Sending creates one
 * {@link Delivery} per recipient; the broadcast only records where the whole send stands.
 */
@Entity
@Table(name = "broadcasts")
public class Broadcast {

    public enum Status { DRAFT, SCHEDULED, SENDING, PAUSED, SENT, CANCELLED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "network_id", nullable = false, updatable = false)
    private Network network;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by", updatable = false)
    private Admin createdBy;

    @Column(nullable = false, length = 255)
    private String subject;

    @Lob
    @Column(name = "body_text", nullable = false)
    private String bodyText;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "scheduled_at")
    private Instant scheduledAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(nullable = false)
    private boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Broadcast() {
        // for JPA
    }

    public Broadcast(Network network, Admin createdBy, String subject, String bodyText, Instant now) {
        this.network = Objects.requireNonNull(network, "network");
        this.createdBy = createdBy;
        edit(subject, bodyText);
        this.status = Status.DRAFT.name();
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    /** Changes the text; only a draft can still be edited. */
    public void edit(String newSubject, String newBody) {
        if (status != null && status() != Status.DRAFT) {
            throw new IllegalStateException("Only a draft can be edited; this broadcast is " + status);
        }
        if (newSubject == null || newSubject.isBlank() || newSubject.length() > 255) {
            throw new IllegalArgumentException("A broadcast needs a subject of 1-255 characters");
        }
        if (newBody == null || newBody.isBlank()) {
            throw new IllegalArgumentException("A broadcast needs a body");
        }
        this.subject = newSubject.strip();
        this.bodyText = newBody;
    }

    public Long id() { return id; }
    public Network network() { return network; }
    public String subject() { return subject; }
    public String bodyText() { return bodyText; }
    public Status status() { return Status.valueOf(status); }
    public boolean archived() { return archived; }
    public Instant createdAt() { return createdAt; }
}
