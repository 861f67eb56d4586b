package org.renraku.networks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A network (連絡網): one tenant — an organisation's member list, its admins and its settings.
 * <p>
 * The slug is the network's stable short name. It becomes the local part of the join address and of
 * the VERP return path, so it is restricted to lower-case ASCII letters, digits and hyphens and never
 * changes once created; the display name is free text (Japanese as a rule).
 * <p>
 * The operator may suspend a network: its console, member pages, mail intake and sending stop, and
 * every row stays as it was, so reopening it brings everything back.
 */
@Entity
@Table(name = "networks")
@NamedQuery(name = Network.BY_SLUG, query = "SELECT n FROM Network n WHERE n.slug = :slug")
public class Network {

    public static final String BY_SLUG = "Network.bySlug";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    public enum Status { ACTIVE, SUSPENDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false, length = 40)
    private String slug;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "joining_open", nullable = false)
    private boolean joiningOpen;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** Whether each broadcast ends with the member's personal-page link (on unless turned off). */
    @Column(name = "broadcast_footer", nullable = false)
    private boolean broadcastFooter = true;

    protected Network() {
        // for JPA
    }

    public Network(String slug, String name, Instant createdAt) {
        if (!isValidSlug(slug)) {
            throw new IllegalArgumentException("A network slug is 1-40 lower-case letters, digits or hyphens: " + slug);
        }
        this.slug = slug;
        rename(name);
        this.status = Status.ACTIVE.name();
        this.joiningOpen = true;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True when the candidate can be a slug: 1-40 lower-case ASCII letters, digits or inner hyphens. */
    public static boolean isValidSlug(String candidate) {
        return candidate != null && SLUG.matcher(candidate).matches();
    }

    public void rename(String newName) {
        if (newName == null || newName.isBlank() || newName.length() > 200) {
            throw new IllegalArgumentException("A network needs a name of 1-200 characters");
        }
        this.name = newName.strip();
    }

    /** The operator stops the network: false when it was suspended already. */
    public boolean suspend() {
        if (status() == Status.SUSPENDED) {
            return false;
        }
        this.status = Status.SUSPENDED.name();
        return true;
    }

    /** The operator opens a suspended network again: false when it was active already. */
    public boolean reopen() {
        if (status() == Status.ACTIVE) {
            return false;
        }
        this.status = Status.ACTIVE.name();
        return true;
    }

    public boolean suspended() {
        return status() == Status.SUSPENDED;
    }

    public Long id() { return id; }
    public String slug() { return slug; }
    public String name() { return name; }
    public Status status() { return Status.valueOf(status); }
    public boolean joiningOpen() { return joiningOpen; }
    public Instant createdAt() { return createdAt; }
    public boolean broadcastFooter() { return broadcastFooter; }

    /** Turns the footer of the network's broadcasts on or off; true when that changed it. */
    public boolean footer(boolean on) {
        boolean changed = broadcastFooter != on;
        broadcastFooter = on;
        return changed;
    }
}
