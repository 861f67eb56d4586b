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
import org.renraku.accounts.entity.Admin;
import org.renraku.networks.entity.Network;

/**
 * A saved target group (「3年生の保護者」): a named recipient filter of one network, reused when composing. The
 * filter is JSON in the shape of {@code broadcasts.target_filter}; its meaning belongs to the recipient query.
 */
@Entity
@Table(name = "target_groups")
public class TargetGroup {

    public static final int NAME_MAX = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "network_id", nullable = false, updatable = false)
    private Network network;

    @Column(nullable = false, length = NAME_MAX)
    private String name;

    @Column(name = "filter", nullable = false)
    private String filterJson;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by", updatable = false)
    private Admin createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TargetGroup() {
        // for JPA
    }

    public TargetGroup(Network network, String name, String filterJson, Admin createdBy, Instant now) {
        this.network = Objects.requireNonNull(network, "network");
        this.createdBy = createdBy;
        this.createdAt = Objects.requireNonNull(now, "now");
        change(name, filterJson, now);
    }

    public void change(String newName, String newFilterJson, Instant now) {
        String clean = newName == null ? "" : newName.strip();
        if (clean.isEmpty() || clean.length() > NAME_MAX) {
            throw new IllegalArgumentException("A target group needs a name of 1-" + NAME_MAX + " characters");
        }
        if (newFilterJson == null || newFilterJson.isBlank()) {
            throw new IllegalArgumentException("A target group needs a filter");
        }
        this.name = clean;
        this.filterJson = newFilterJson;
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public Network network() { return network; }
    public String name() { return name; }
    public String filterJson() { return filterJson; }
    public Instant updatedAt() { return updatedAt; }
}
