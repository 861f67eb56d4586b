package org.renraku.inbound.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A mail to a join address that is neither a join nor 「退会」 — a question from a member or a stranger, kept for
 * the admins. Subject and text are stored exactly as text (they may hold markup or line breaks meant to
 * attack a page or a header) and must be escaped wherever shown.
 */
@Entity
@Table(name = "inquiries")
@NamedQuery(name = Inquiry.OF_NETWORK,
        query = "SELECT i FROM Inquiry i WHERE i.networkId = :network ORDER BY i.receivedAt DESC, i.id DESC")
// the console's inquiries page (newest first, one database page per table page; index ix_inquiries_network_time)
@NamedQuery(name = Inquiry.OPEN_OF_NETWORK, query = "SELECT i FROM Inquiry i WHERE i.networkId = :network"
        + " AND i.readAt IS NULL ORDER BY i.receivedAt DESC, i.id DESC")
@NamedQuery(name = Inquiry.COUNT_OF_NETWORK, query = "SELECT COUNT(i) FROM Inquiry i WHERE i.networkId = :network")
@NamedQuery(name = Inquiry.COUNT_OPEN_OF_NETWORK,
        query = "SELECT COUNT(i) FROM Inquiry i WHERE i.networkId = :network AND i.readAt IS NULL")
// the amplification limits: inquiries, and notices to the admins, per sender and network an hour
// (ix_inquiries_from_time (network_id, from_address, received_at), ix_inquiries_network_time)
@NamedQuery(name = Inquiry.COUNT_FROM_SINCE, query = "SELECT COUNT(i) FROM Inquiry i WHERE i.networkId = :network"
        + " AND i.fromAddress = :from AND i.receivedAt >= :since")
@NamedQuery(name = Inquiry.COUNT_SINCE, query = "SELECT COUNT(i) FROM Inquiry i WHERE i.networkId = :network"
        + " AND i.receivedAt >= :since")
@NamedQuery(name = Inquiry.COUNT_NOTIFIED_FROM_SINCE, query = "SELECT COUNT(i) FROM Inquiry i"
        + " WHERE i.networkId = :network AND i.fromAddress = :from AND i.receivedAt >= :since"
        + " AND i.notifiedAt IS NOT NULL")
@NamedQuery(name = Inquiry.COUNT_NOTIFIED_SINCE, query = "SELECT COUNT(i) FROM Inquiry i"
        + " WHERE i.networkId = :network AND i.receivedAt >= :since AND i.notifiedAt IS NOT NULL")
public class Inquiry {

    public static final String COUNT_FROM_SINCE = "Inquiry.countFromSince";
    public static final String COUNT_SINCE = "Inquiry.countSince";
    public static final String COUNT_NOTIFIED_FROM_SINCE = "Inquiry.countNotifiedFromSince";
    public static final String COUNT_NOTIFIED_SINCE = "Inquiry.countNotifiedSince";

    public static final String OF_NETWORK = "Inquiry.ofNetwork";
    public static final String OPEN_OF_NETWORK = "Inquiry.openOfNetwork";
    public static final String COUNT_OF_NETWORK = "Inquiry.countOfNetwork";
    public static final String COUNT_OPEN_OF_NETWORK = "Inquiry.countOpenOfNetwork";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false)
    private Long networkId;

    @Column(name = "member_id")
    private Long memberId;

    @Column(name = "from_address", nullable = false, length = 254)
    private String fromAddress;

    @Column(length = 255)
    private String subject;

    @Column(name = "body_text")
    private String bodyText;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    /** When an admin marked it handled (対応済み) in the console; null while open. */
    @Column(name = "read_at")
    private Instant readAt;

    /** When the admins were mailed a notice of it; null when no notice went out (off, or over the limits). */
    @Column(name = "notified_at")
    private Instant notifiedAt;

    protected Inquiry() {
        // for JPA
    }

    public Inquiry(long networkId, Long memberId, String fromAddress, String subject, String bodyText,
                   Instant receivedAt) {
        this.networkId = networkId;
        this.memberId = memberId;
        this.fromAddress = Objects.requireNonNull(fromAddress, "fromAddress");
        this.subject = subject == null ? null : subject.length() > 255 ? subject.substring(0, 255) : subject;
        this.bodyText = bodyText;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Marks it handled (対応済み); the first time counts. */
    public void markRead(Instant now) {
        if (readAt == null) {
            readAt = now;
        }
    }

    /** Notes that the admins were mailed a notice of it. */
    public void markNotified(Instant now) {
        notifiedAt = now;
    }

    /** Opens it again (marked handled by mistake). */
    public void reopen() {
        readAt = null;
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public Long memberId() { return memberId; }
    public String fromAddress() { return fromAddress; }
    public String subject() { return subject; }
    public String bodyText() { return bodyText; }
    public Instant receivedAt() { return receivedAt; }
    public Instant readAt() { return readAt; }
    public Instant notifiedAt() { return notifiedAt; }
}
