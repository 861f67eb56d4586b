package org.renraku.members.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * An attribute the admins of a network define for its members (学年, クラス, 部署, …): free text, one choice or
 * several choices; required or not; visible to members or for admins only. Values live in
 * {@code members.attributes} as JSON keyed by the attribute's id, so renaming a label keeps the values.
 */
@Entity
@Table(name = "member_attributes")
@NamedQuery(name = MemberAttribute.OF_NETWORK,
        query = "SELECT a FROM MemberAttribute a WHERE a.networkId = :networkId ORDER BY a.position, a.id")
public class MemberAttribute {

    public static final String OF_NETWORK = "MemberAttribute.ofNetwork";
    public static final int LABEL_MAX = 50;
    public static final int CHOICE_MAX = 100;
    public static final int CHOICES_MAX = 100;

    public enum Kind { TEXT, SINGLE, MULTI }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", nullable = false, updatable = false)
    private Long networkId;

    @Column(nullable = false, length = LABEL_MAX)
    private String label;

    @Column(nullable = false, length = 16)
    private String kind;

    @Column(name = "choices")
    private String choices;

    @Column(nullable = false)
    private boolean required;

    @Column(name = "admin_only", nullable = false)
    private boolean adminOnly;

    @Column(nullable = false)
    private int position;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected MemberAttribute() {
        // for JPA
    }

    public MemberAttribute(long networkId, String label, Kind kind, List<String> choices, boolean required,
                           boolean adminOnly, int position, Instant now) {
        this.networkId = networkId;
        this.createdAt = Objects.requireNonNull(now, "now");
        this.position = position;
        redefine(label, kind, choices, required, adminOnly);
    }

    /**
     * Changes the definition. Throws {@link IllegalArgumentException} with a bundle key as message
     * ({@code attributes.error.*}) when the label is empty or too long, or a choice kind has no choices.
     */
    public final void redefine(String label, Kind kind, List<String> choices, boolean required, boolean adminOnly) {
        String clean = Member.cleanName(label);
        if (clean.isEmpty() || clean.length() > LABEL_MAX) {
            throw new IllegalArgumentException("attributes.error.label");
        }
        Objects.requireNonNull(kind, "kind");
        List<String> cleanChoices = cleanChoices(choices);
        if (kind != Kind.TEXT && cleanChoices.isEmpty()) {
            throw new IllegalArgumentException("attributes.error.choicesMissing");
        }
        if (cleanChoices.size() > CHOICES_MAX || cleanChoices.stream().anyMatch(c -> c.length() > CHOICE_MAX)) {
            throw new IllegalArgumentException("attributes.error.choicesTooLong");
        }
        this.label = clean;
        this.kind = kind.name();
        this.choices = kind == Kind.TEXT ? null : String.join("\n", cleanChoices);
        this.required = required;
        this.adminOnly = adminOnly;
    }

    /** One choice per line (or list element), blanks and duplicates dropped, control characters removed. */
    public static List<String> cleanChoices(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String entry : raw) {
            if (entry == null) {
                continue;
            }
            for (String line : entry.split("\\R")) {
                String c = Member.cleanName(line);
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return List.copyOf(out);
    }

    public void moveTo(int newPosition) {
        this.position = newPosition;
    }

    public Long id() { return id; }
    public long networkId() { return networkId; }
    public String label() { return label; }
    public Kind kind() { return Kind.valueOf(kind); }
    public List<String> choices() {
        return choices == null || choices.isEmpty() ? List.of() : Arrays.asList(choices.split("\n"));
    }
    public boolean required() { return required; }
    public boolean adminOnly() { return adminOnly; }
    public int position() { return position; }
    public Instant createdAt() { return createdAt; }
}
