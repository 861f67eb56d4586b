package org.renraku.inbound.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * One mail the inbound reader took from a join mailbox, and what became of it ({@link InboundOutcome} and a
 * reason). The record answers "why did this parent get no reply?", makes each Message-ID handled once, and
 * is what the join-reply rate limits count.
 */
@Entity
@Table(name = "inbound_mails")
@NamedQuery(name = InboundMail.COUNT_BY_MESSAGE_ID,
        query = "SELECT COUNT(i) FROM InboundMail i WHERE i.messageId = :messageId")
// ix_inbound_from_time (from_address, received_at)
@NamedQuery(name = InboundMail.COUNT_FROM_SINCE, query = "SELECT COUNT(i) FROM InboundMail i"
        + " WHERE i.fromAddress = :from AND i.receivedAt >= :since AND i.outcome IN :outcomes")
// ix_inbound_network_time (network_id, received_at)
@NamedQuery(name = InboundMail.COUNT_NETWORK_SINCE, query = "SELECT COUNT(i) FROM InboundMail i"
        + " WHERE i.networkId = :network AND i.receivedAt >= :since AND i.outcome IN :outcomes")
public class InboundMail {

    public static final String COUNT_BY_MESSAGE_ID = "InboundMail.countByMessageId";
    public static final String COUNT_FROM_SINCE = "InboundMail.countFromSince";
    public static final String COUNT_NETWORK_SINCE = "InboundMail.countNetworkSince";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "message_id", length = 255)
    private String messageId;

    @Column(name = "network_id")
    private Long networkId;

    @Column(name = "from_address", length = 254)
    private String fromAddress;

    @Column(nullable = false, length = 24)
    private String outcome;

    @Column(length = 500)
    private String reason;

    @Column(name = "size_bytes", nullable = false)
    private int sizeBytes;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    protected InboundMail() {
        // for JPA
    }

    public InboundMail(String messageId, Long networkId, String fromAddress, InboundOutcome outcome, String reason,
                       long sizeBytes, Instant receivedAt) {
        this.messageId = cut(messageId, 255);
        this.networkId = networkId;
        this.fromAddress = cut(fromAddress, 254);
        this.outcome = Objects.requireNonNull(outcome, "outcome").name();
        this.reason = cut(reason, 500);
        this.sizeBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(0, sizeBytes));
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Names of outcomes, for the IN parameter of the counting queries. */
    public static Collection<String> names(Collection<InboundOutcome> outcomes) {
        return outcomes.stream().map(Enum::name).toList();
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("[\\p{Cntrl}]", " ");
        return line.length() > max ? line.substring(0, max) : line;
    }

    public Long id() { return id; }
    public String messageId() { return messageId; }
    public Long networkId() { return networkId; }
    public String fromAddress() { return fromAddress; }
    public InboundOutcome outcome() { return InboundOutcome.valueOf(outcome); }
    public String reason() { return reason; }
    public int sizeBytes() { return sizeBytes; }
    public Instant receivedAt() { return receivedAt; }
}
