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
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.List;
import org.renraku.accounts.entity.Admin;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;

/**
 * A broadcast (配信): one message composed by an admin for the members of a network. Sending creates one
 * {@link Delivery} per recipient; the broadcast only records where the whole send stands.
 * <p>
 * Status: DRAFT → SCHEDULED (send now is "scheduled for now") → SENDING → SENT (done), with PAUSED in between
 * and CANCELLED as the other end. The move SCHEDULED → SENDING is a claim: one conditional UPDATE
 * ({@link #CLAIM}), so of two instances that see the same due broadcast exactly one starts it.
 * <p>
 * A broadcast with a {@link RepeatRule} is a template: each occurrence is a broadcast of its own
 * ({@code repeat_of} = the template), because deliveries are unique per broadcast and member. A template stays
 * SCHEDULED with {@code scheduledAt} = its next occurrence (the scheduler's claim skips it; see
 * {@link #TAKE_OCCURRENCE}) until the repetition is stopped (CANCELLED).
 */
@Entity
@Table(name = "broadcasts")
@NamedQuery(name = Broadcast.DUE, query = "SELECT b.id FROM Broadcast b WHERE b.status = 'SCHEDULED'"
        + " AND b.scheduledAt <= :now AND b.repeatRule IS NULL AND b.network.status = 'ACTIVE'"
        + " ORDER BY b.scheduledAt, b.id")
@NamedQuery(name = Broadcast.CLAIM, query = "UPDATE Broadcast b SET b.status = 'SENDING', b.claimedBy = :boot,"
        + " b.claimedAt = :now, b.startedAt = :now, b.updatedAt = :now"
        + " WHERE b.id = :id AND b.status = 'SCHEDULED' AND b.scheduledAt <= :now AND b.repeatRule IS NULL")
@NamedQuery(name = Broadcast.DUE_TEMPLATES, query = "SELECT b.id FROM Broadcast b WHERE b.status = 'SCHEDULED'"
        + " AND b.scheduledAt <= :now AND b.repeatRule IS NOT NULL AND b.network.status = 'ACTIVE'"
        + " ORDER BY b.scheduledAt, b.id")
@NamedQuery(name = Broadcast.TAKE_OCCURRENCE, query = "UPDATE Broadcast b SET b.scheduledAt = :next,"
        + " b.updatedAt = :now WHERE b.id = :id AND b.status = 'SCHEDULED' AND b.repeatRule IS NOT NULL"
        + " AND b.scheduledAt = :occurrence")
public class Broadcast {

    /**
     * Ids of the broadcasts due to start (any active network: a suspended one's wait until it is reopened), oldest
     * first; uses ix_broadcasts_status_scheduled.
     */
    public static final String DUE = "Broadcast.due";
    /** The claim: parameters id, boot (app_instances.boot_id), now; one row updated means this instance won. */
    public static final String CLAIM = "Broadcast.claim";
    /** Ids of the repeating templates whose next occurrence has come (parameter now). */
    public static final String DUE_TEMPLATES = "Broadcast.dueTemplates";
    /**
     * Takes one occurrence of a template: moves its next occurrence from {@code occurrence} to {@code next};
     * one row updated means this caller makes the occurrence's broadcast (parameters id, occurrence, next, now).
     */
    public static final String TAKE_OCCURRENCE = "Broadcast.takeOccurrence";
    public static final int SUBJECT_MAX = 255;
    public static final int FROM_NAME_MAX = 100;

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

    @Lob
    @Column(name = "body_html")
    private String bodyHtml;

    @Column(name = "mail_charset", nullable = false, length = 16)
    private String mailCharset = MailCharset.UTF_8.mimeName();

    @Column(name = "from_name", length = FROM_NAME_MAX)
    private String fromName;

    @Column(name = "reply_to", length = 254)
    private String replyTo;

    @Column(nullable = false)
    private boolean urgent;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "posted_by_member")
    private Member postedByMember;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "target_group_id")
    private TargetGroup targetGroup;

    @Column(name = "target_filter")
    private String targetFilter;

    @Column(name = "repeat_rule", length = 64)
    private String repeatRule;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "repeat_of", updatable = false)
    private Broadcast repeatOf;

    @Column(name = "claimed_by", length = 36)
    private String claimedBy;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Column(name = "job_execution_id")
    private Long jobExecutionId;

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

    @Column(name = "answer_kind", nullable = false, length = 16)
    private String answerKind = AnswerKind.NONE.name();

    @Column(name = "answer_choices")
    private String answerChoices;

    @Column(name = "answer_deadline")
    private Instant answerDeadline;

    @Column(name = "answer_questions")
    private String answerQuestions;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "resend_of", updatable = false)
    private Broadcast resendOf;

    @Column(name = "resend_delays", length = 32)
    private String resendDelays;

    @Column(name = "resends_done", nullable = false, insertable = false, updatable = false)
    private int resendsDone;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Broadcast() {
        // for JPA
    }

    public Broadcast(Network network, Admin createdBy, String subject, String bodyText, Instant now) {
        this.network = Objects.requireNonNull(network, "network");
        this.createdBy = createdBy;
        edit(subject, bodyText);
        this.status = Status.DRAFT.name();
        this.createdAt = Objects.requireNonNull(now, "now");
        this.updatedAt = now;
    }

    /**
     * The broadcast of one occurrence of the repeating {@code template}: the same text, sender, charset, urgency
     * and target, scheduled at {@code occurrence} (attachments are copied by the caller).
     */
    public static Broadcast occurrenceOf(Broadcast template, Instant occurrence, Instant now) {
        if (template.repeatRule == null) {
            throw new IllegalArgumentException("Broadcast " + template.id + " does not repeat");
        }
        Broadcast b = copyOf(template, template.subject, now);
        b.targetGroup = template.targetGroup;
        b.targetFilter = template.targetFilter;
        b.repeatOf = template;
        b.answerKind = template.answerKind; // a deadline is of one date: occurrences take answers without one
        b.answerChoices = template.answerChoices;
        b.answerQuestions = template.answerQuestions;
        b.archived = template.archived;
        b.scheduledAt = Objects.requireNonNull(occurrence, "occurrence");
        b.status = Status.SCHEDULED.name();
        return b;
    }

    /**
     * Public in the members' archive (バックナンバー) or not; may change in any state (only SENT ones are shown).
     * Returns true when it changed.
     */
    public boolean publish(boolean isPublic, Instant now) {
        if (archived == isPublic) {
            return false;
        }
        this.archived = isPublic;
        touch(now);
        return true;
    }

    /**
     * A re-send (再送) of {@code original} to its members who have not answered: the same text, HTML, sender,
     * charset, urgency and attachments (copied by the caller), the subject after {@code subjectPrefix}; it asks
     * nothing itself (its mail carries the original's answer links, see {@link #asking()}), has no target of its
     * own (the caller inserts its deliveries) and is SCHEDULED now, so the delivery sweep sends it if the caller
     * does not start it at once.
     */
    public static Broadcast resendOf(Broadcast original, String subjectPrefix, Instant now) {
        if (original.resendOf != null || !original.answerKind().asks()) {
            throw new IllegalArgumentException("Broadcast " + original.id + " takes no re-send");
        }
        String subject = subjectPrefix + original.subject;
        Broadcast b = copyOf(original, subject.length() > SUBJECT_MAX ? subject.substring(0, SUBJECT_MAX) : subject,
                now);
        b.resendOf = original;
        b.scheduledAt = now;
        b.status = Status.SCHEDULED.name();
        return b;
    }

    /** A new draft with {@code from}'s network, author, text, HTML, charset, sender and urgency, under {@code subject}. */
    private static Broadcast copyOf(Broadcast from, String subject, Instant now) {
        Broadcast b = new Broadcast(from.network, from.createdBy, subject, from.bodyText, now);
        b.bodyHtml = from.bodyHtml;
        b.mailCharset = from.mailCharset;
        b.fromName = from.fromName;
        b.replyTo = from.replyTo;
        b.urgent = from.urgent;
        return b;
    }

    /**
     * Automatic re-sends: minutes after this broadcast finished sending (checked by the caller with
     * {@code ResendDelays}); null or empty for none.
     */
    public void resendAfter(String storedDelays, Instant now) {
        requireDraft();
        this.resendDelays = storedDelays == null || storedDelays.isBlank() ? null : storedDelays;
        touch(now);
    }

    /** A broadcast a delegated member (代理配信者) posted by mail. */
    public void postedBy(Member member, Instant now) {
        requireDraft();
        this.postedByMember = member;
        touch(now);
    }

    /** Stops a repeating template: no further occurrence is made (those already made are not touched). */
    public void stopRepeating(Instant now) {
        if (repeatRule == null || status() != Status.SCHEDULED) {
            throw new IllegalStateException("Only a scheduled repeating broadcast can be stopped; " + id + " is "
                    + status + (repeatRule == null ? " without repeat" : ""));
        }
        this.status = Status.CANCELLED.name();
        touch(now);
    }

    /** Changes the text; only a draft can still be edited. */
    public void edit(String newSubject, String newBody) {
        requireDraft();
        if (newSubject == null || newSubject.isBlank() || newSubject.length() > SUBJECT_MAX) {
            throw new IllegalArgumentException("A broadcast needs a subject of 1-255 characters");
        }
        if (newBody == null || newBody.isBlank()) {
            throw new IllegalArgumentException("A broadcast needs a body");
        }
        this.subject = newSubject.strip();
        this.bodyText = newBody;
    }

    /**
     * The optional HTML part, already sanitised by the caller (HtmlBodies.sanitize); null or blank
     * removes it.
     */
    public void useHtml(String sanitizedHtml, Instant now) {
        requireDraft();
        this.bodyHtml = sanitizedHtml == null || sanitizedHtml.isBlank() ? null : sanitizedHtml;
        touch(now);
    }

    /** From display name (the address is the service's) and Reply-To; either may be null. */
    public void sender(String newFromName, String newReplyTo, Instant now) {
        requireDraft();
        String name = Member.cleanName(newFromName); // no CR/LF or other controls in a header
        if (name.length() > FROM_NAME_MAX) {
            throw new IllegalArgumentException("A From name has at most " + FROM_NAME_MAX + " characters");
        }
        this.fromName = name.isEmpty() ? null : name;
        this.replyTo = newReplyTo == null || newReplyTo.isBlank() ? null : newReplyTo.strip();
        touch(now);
    }

    public void charset(MailCharset charset, Instant now) {
        requireDraft();
        this.mailCharset = Objects.requireNonNull(charset, "charset").mimeName();
        touch(now);
    }

    public void urgent(boolean newUrgent, Instant now) {
        requireDraft();
        this.urgent = newUrgent;
        touch(now);
    }

    /** The recipients: a filter as JSON (null = all active members), taken from a saved group or not. */
    public void target(TargetGroup group, String filterJson, Instant now) {
        requireDraft();
        this.targetGroup = group;
        this.targetFilter = filterJson;
        touch(now);
    }

    /**
     * What members are asked (answers): nothing, a read confirmation, or one of {@code choices}
     * (checked by the caller with {@link AnswerChoices#problem}), taken until {@code deadline} (null: none).
     */
    public void ask(AnswerKind kind, List<String> choices, Instant deadline, Instant now) {
        ask(kind, choices, List.of(), deadline, now);
    }

    /**
     * {@link #ask(AnswerKind, List, Instant, Instant)} with the {@code questions} of a survey (checked by the caller
     * with {@link Survey#problem}).
     */
    public void ask(AnswerKind kind, List<String> choices, List<Survey.Question> questions, Instant deadline,
                    Instant now) {
        requireDraft();
        Objects.requireNonNull(kind, "kind");
        if (kind == AnswerKind.SURVEY && Survey.problem(questions) != null) {
            throw new IllegalArgumentException("Unusable survey: " + Survey.problem(questions));
        }
        if (kind == AnswerKind.CHOICE && AnswerChoices.problem(choices) != null) {
            throw new IllegalArgumentException("Unusable choices: " + AnswerChoices.problem(choices));
        }
        this.answerKind = kind.name();
        this.answerChoices = kind == AnswerKind.CHOICE ? AnswerChoices.toJson(choices) : null;
        this.answerQuestions = kind == AnswerKind.SURVEY ? Survey.questionsToJson(questions) : null;
        this.answerDeadline = kind.asks() ? deadline : null;
        touch(now);
    }

    /** Send at {@code at} (now for "send now"), once or repeating; the scheduler claims it when due. */
    public void schedule(Instant at, RepeatRule repeat, Instant now) {
        requireDraft();
        this.scheduledAt = Objects.requireNonNull(at, "at");
        this.repeatRule = repeat == null ? null : repeat.format();
        this.status = Status.SCHEDULED.name();
        touch(now);
    }

    /** Records the batch job execution that sends it (a restart continues from that execution's checkpoint). */
    public void sendingBy(long executionId, Instant now) {
        if (status() != Status.SENDING) {
            throw new IllegalStateException("Only a broadcast being sent has a job; this one is " + status);
        }
        this.jobExecutionId = executionId;
        touch(now);
    }

    /**
     * Delivery starts (from a draft, a scheduled or an already claimed broadcast): SENDING, claimed by the boot
     * {@code bootId}, with job execution 0 — "being started" — until {@link #sendingBy} records the real one.
     */
    public void startSending(String bootId, Instant now) {
        Status s = status();
        if (s != Status.DRAFT && s != Status.SCHEDULED && s != Status.SENDING) {
            throw new IllegalStateException("A broadcast that is " + status + " cannot be started");
        }
        this.status = Status.SENDING.name();
        this.claimedBy = bootId;
        this.claimedAt = now;
        if (startedAt == null) {
            this.startedAt = now;
        }
        this.jobExecutionId = 0L;
        touch(now);
    }

    /** Every delivery reached its end (sent, failed, skipped): the broadcast is done. */
    public void finished(Instant now) {
        if (status() != Status.SENDING) {
            throw new IllegalStateException("Only a broadcast being sent can finish; this one is " + status);
        }
        this.status = Status.SENT.name();
        this.finishedAt = now;
        touch(now);
    }

    public Optional<Instant> finishedAt() { return Optional.ofNullable(finishedAt); }

    /** The admin pauses sending: SENDING → PAUSED (the job is stopped by the caller; the sweep leaves it alone). */
    public void pause(Instant now) {
        if (status() != Status.SENDING) {
            throw new IllegalStateException("Only a broadcast being sent can be paused; this one is " + status);
        }
        this.status = Status.PAUSED.name();
        touch(now);
    }

    /**
     * PAUSED → SENDING, claimed by the boot {@code bootId}; the recorded execution stays, so the caller (or the
     * sweep) restarts it from its checkpoint. A start that was still in progress when it was paused (0) is
     * forgotten: the next start makes a new execution, which continues from the deliveries.
     */
    public void resume(String bootId, Instant now) {
        if (status() != Status.PAUSED) {
            throw new IllegalStateException("Only a paused broadcast can be resumed; this one is " + status);
        }
        this.status = Status.SENDING.name();
        this.claimedBy = bootId;
        this.claimedAt = now;
        if (jobExecutionId != null && jobExecutionId == 0L) {
            this.jobExecutionId = null;
        }
        touch(now);
    }

    /** True when the admin may still cancel it: scheduled, being sent or paused. */
    public boolean cancellable() {
        Status s = status();
        return s == Status.SCHEDULED || s == Status.SENDING || s == Status.PAUSED;
    }

    /** Cancelled by the admin: nothing more is sent (the caller marks the remaining deliveries). */
    public void cancel(Instant now) {
        if (!cancellable()) {
            throw new IllegalStateException("A broadcast that is " + status + " cannot be cancelled");
        }
        this.status = Status.CANCELLED.name();
        this.finishedAt = now;
        touch(now);
    }

    private void requireDraft() {
        if (status != null && status() != Status.DRAFT) {
            throw new IllegalStateException("Only a draft can be edited; this broadcast is " + status);
        }
    }

    private void touch(Instant now) {
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public Network network() { return network; }
    public String subject() { return subject; }
    public String bodyText() { return bodyText; }
    public Status status() { return Status.valueOf(status); }
    public boolean archived() { return archived; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Optional<String> bodyHtml() { return Optional.ofNullable(bodyHtml); }
    public MailCharset charset() { return MailCharset.ofMimeName(mailCharset); }
    public Optional<String> fromName() { return Optional.ofNullable(fromName); }
    public Optional<String> replyTo() { return Optional.ofNullable(replyTo); }
    public boolean urgent() { return urgent; }
    public Optional<TargetGroup> targetGroup() { return Optional.ofNullable(targetGroup); }
    public Optional<String> targetFilter() { return Optional.ofNullable(targetFilter); }
    public Optional<Instant> scheduledAt() { return Optional.ofNullable(scheduledAt); }
    public Optional<RepeatRule> repeatRule() { return Optional.ofNullable(repeatRule).map(RepeatRule::parse); }
    public Optional<Broadcast> repeatOf() { return Optional.ofNullable(repeatOf); }
    public Optional<Member> postedByMember() { return Optional.ofNullable(postedByMember); }
    public Optional<String> claimedBy() { return Optional.ofNullable(claimedBy); }
    public Optional<Instant> claimedAt() { return Optional.ofNullable(claimedAt); }
    public Optional<Instant> startedAt() { return Optional.ofNullable(startedAt); }
    public Optional<Long> jobExecutionId() { return Optional.ofNullable(jobExecutionId); }
    public AnswerKind answerKind() { return AnswerKind.valueOf(answerKind); }
    /** The choices of a CHOICE broadcast in order (an answer's choice is 1-based); empty otherwise. */
    public List<String> answerChoices() { return AnswerChoices.fromJson(answerChoices); }
    /** The questions of a SURVEY broadcast in order; empty otherwise. */
    public List<Survey.Question> answerQuestions() { return Survey.questionsFromJson(answerQuestions); }
    public Optional<Instant> answerDeadline() { return Optional.ofNullable(answerDeadline); }
    /** The broadcast this one re-sends to the members who have not answered it; empty for any other. */
    public Optional<Broadcast> resendOf() { return Optional.ofNullable(resendOf); }
    /** The broadcast whose answers this one's mail asks for: the original of a re-send, else itself. */
    public Broadcast asking() { return resendOf == null ? this : resendOf; }
    /** The stored automatic re-send delays ({@code "15,30,60"}), or null for none. */
    public String resendDelays() { return resendDelays; }
    /** The re-sends made so far (written by one conditional UPDATE, never through the entity). */
    public int resendsDone() { return resendsDone; }
}
