package org.renraku.answers.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A member's answer to a broadcast: one row per broadcast and member, the latest answer counts (a change updates
 * the row). {@code choice} is 1-based into the broadcast's choices, null for a plain confirmation; how the answer
 * came ({@link Via}) and when. {@code survey_values} (JSON) holds a survey's values.
 */
@Entity
@Table(name = "answers")
@NamedQuery(name = Answer.OF_MEMBER, query = "SELECT a FROM Answer a WHERE a.broadcastId = :broadcast"
        + " AND a.memberId = :member")
public class Answer {

    public static final String OF_MEMBER = "Answer.ofMember";

    /** How the answer came: the personal link of the mail, or a keyword reply. */
    public enum Via { LINK, MAIL }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false, updatable = false)
    private long networkId;

    @Column(name = "broadcast_id", nullable = false, updatable = false)
    private long broadcastId;

    @Column(name = "member_id", nullable = false, updatable = false)
    private long memberId;

    @Column(name = "choice")
    private Integer choice;

    @Column(nullable = false, length = 8)
    private String via;

    @Column(name = "answered_at", nullable = false)
    private Instant answeredAt;

    @Column(name = "first_at", nullable = false, updatable = false)
    private Instant firstAt;

    @Column(nullable = false)
    private int changes;

    @Column(name = "survey_values", insertable = false, updatable = false)
    private String surveyValues;

    protected Answer() {
        // for JPA
    }

    public Answer(long networkId, long broadcastId, long memberId, Integer choice, Via via, Instant now) {
        this.networkId = networkId;
        this.broadcastId = broadcastId;
        this.memberId = memberId;
        this.choice = choice;
        this.via = Objects.requireNonNull(via, "via").name();
        this.answeredAt = Objects.requireNonNull(now, "now");
        this.firstAt = now;
    }

    /** The member answers again: the new answer counts; a different one counts as a change. */
    public void answer(Integer newChoice, Via newVia, Instant now) {
        if (!Objects.equals(choice, newChoice)) {
            changes++;
        }
        this.choice = newChoice;
        this.via = Objects.requireNonNull(newVia, "via").name();
        this.answeredAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public long broadcastId() { return broadcastId; }
    public long memberId() { return memberId; }
    public Optional<Integer> choice() { return Optional.ofNullable(choice); }
    public Via via() { return Via.valueOf(via); }
    public Instant answeredAt() { return answeredAt; }
    public Instant firstAt() { return firstAt; }
    public int changes() { return changes; }
    /** A survey's values (JSON, see {@link org.renraku.broadcasts.entity.Survey}); null for any other answer. Written by the boundary's upsert. */
    public String surveyValues() { return surveyValues; }
}
