package org.renraku.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who (actor) did what (kind) to whom (subject), when and from where. Written
 * once, never changed. Details never contain a password or a token.
 */
@Entity
@Table(name = "audit_events")
@NamedQuery(name = AuditEvent.OF_NETWORK,
        query = "SELECT e FROM AuditEvent e WHERE e.networkId = :network ORDER BY e.occurredAt DESC, e.id DESC")
@NamedQuery(name = AuditEvent.COUNT_OF_NETWORK, query = "SELECT COUNT(e) FROM AuditEvent e WHERE e.networkId = :network")
@NamedQuery(name = AuditEvent.SERVICE_WIDE,
        query = "SELECT e FROM AuditEvent e WHERE e.networkId IS NULL ORDER BY e.occurredAt DESC, e.id DESC")
public class AuditEvent {

    public static final String OF_NETWORK = "AuditEvent.ofNetwork";
    public static final String COUNT_OF_NETWORK = "AuditEvent.countOfNetwork";
    public static final String SERVICE_WIDE = "AuditEvent.serviceWide";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", updatable = false)
    private Long networkId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 32)
    private AuditKind kind;

    @Column(updatable = false, length = 64)
    private String actor;

    @Column(updatable = false, length = 64)
    private String subject;

    @Column(updatable = false, length = 500)
    private String detail;

    @Column(name = "client_address", updatable = false, length = 45)
    private String clientAddress;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    protected AuditEvent() {
        // for JPA
    }

    public AuditEvent(Long networkId, AuditKind kind, String actor, String subject, String detail,
                      String clientAddress, Instant occurredAt) {
        this.networkId = networkId;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.actor = clip(actor, 64);
        this.subject = clip(subject, 64);
        this.detail = clip(detail, 500);
        this.clientAddress = clip(clientAddress, 45);
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public Long id() { return id; }
    public Long networkId() { return networkId; }
    public AuditKind kind() { return kind; }
    public String actor() { return actor; }
    public String subject() { return subject; }
    public String detail() { return detail; }
    public String clientAddress() { return clientAddress; }
    public Instant occurredAt() { return occurredAt; }
}
