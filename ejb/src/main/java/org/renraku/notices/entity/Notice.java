package org.renraku.notices.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A notice the operator posts on the login page (the seed's 「Gmail正常化しました」): shown from a moment,
 * optionally until another, newest first.
 */
@Entity
@Table(name = "notices")
@NamedQuery(name = Notice.SHOWN_AT, query = "SELECT n FROM Notice n WHERE n.shownFrom <= :now"
        + " AND (n.shownUntil IS NULL OR n.shownUntil > :now) ORDER BY n.shownFrom DESC, n.id DESC")
@NamedQuery(name = Notice.ALL, query = "SELECT n FROM Notice n ORDER BY n.shownFrom DESC, n.id DESC")
public class Notice implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String SHOWN_AT = "Notice.shownAt";
    public static final String ALL = "Notice.all";

    public enum Severity { INFO, WARNING, CRITICAL }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(nullable = false)
    private String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Severity severity;

    @Column(name = "shown_from", nullable = false)
    private Instant shownFrom;

    @Column(name = "shown_until")
    private Instant shownUntil;

    @Column(name = "created_by")
    private Long createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Notice() {
        // for JPA
    }

    public Notice(String title, String body, Severity severity, Instant shownFrom, Instant shownUntil,
                  Long createdBy, Instant now) {
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("A notice needs a title of 1-200 characters");
        }
        if (body == null || body.isBlank() || body.length() > 20_000) {
            throw new IllegalArgumentException("A notice needs a body of at most 20 000 characters");
        }
        if (shownFrom != null && shownUntil != null && !shownUntil.isAfter(shownFrom)) {
            throw new IllegalArgumentException("A notice must end after it starts");
        }
        this.title = title.strip();
        this.body = body.strip();
        this.severity = Objects.requireNonNull(severity, "severity");
        this.shownFrom = shownFrom == null ? now : shownFrom;
        this.shownUntil = shownUntil;
        this.createdBy = createdBy;
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    /** Stops showing the notice from now on. */
    public void withdraw(Instant now) {
        if (shownUntil == null || shownUntil.isAfter(now)) {
            shownUntil = now;
        }
    }

    public Long id() { return id; }
    public String title() { return title; }
    public String body() { return body; }
    public Severity severity() { return severity; }
    public Instant shownFrom() { return shownFrom; }
    public Instant shownUntil() { return shownUntil; }
    public Instant createdAt() { return createdAt; }

    // bean-style read access for pages
    public Long getId() { return id; }
    public String getTitle() { return title; }
    public String getBody() { return body; }
    public Severity getSeverity() { return severity; }
    public Instant getShownFrom() { return shownFrom; }
    public Instant getShownUntil() { return shownUntil; }
}
