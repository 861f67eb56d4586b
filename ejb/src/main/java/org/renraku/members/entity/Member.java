package org.renraku.members.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.renraku.members.control.CarrierClassifier;
import org.renraku.networks.entity.Network;

/**
 * A member (会員) of one network: a mail address that receives the network's broadcasts. Members never have
 * a password; they reach their own page through signed links in the mail they receive.
 * <p>
 * Status moves ACTIVE → SUSPENDED (bounces) → ACTIVE (address fixed) or to LEFT (退会). Only ACTIVE members
 * are sent broadcasts.
 */
@Entity
@Table(name = "members")
@NamedQuery(name = Member.BY_NETWORK_AND_EMAIL,
        query = "SELECT m FROM Member m WHERE m.network = :network AND m.email = :email")
@NamedQuery(name = Member.BY_NETWORK_AND_EMAIL_ID,
        query = "SELECT m FROM Member m WHERE m.network.id = :networkId AND m.email = :email")
@NamedQuery(name = Member.COUNT_ACTIVE,
        query = "SELECT COUNT(m) FROM Member m WHERE m.network = :network AND m.status = 'ACTIVE'")
public class Member {

    public static final String BY_NETWORK_AND_EMAIL = "Member.byNetworkAndEmail";
    public static final String BY_NETWORK_AND_EMAIL_ID = "Member.byNetworkIdAndEmail";
    public static final String COUNT_ACTIVE = "Member.countActive";
    public static final int NAME_MAX = 100;
    /** Longest 役員メモ (admin_memo), in characters. */
    public static final int MEMO_MAX = 2000;

    /** PENDING: registered by an admin (代行登録), not yet confirmed by the member; receives nothing else. */
    public enum Status { ACTIVE, SUSPENDED, LEFT, PENDING }

    /** How the member came in: blank mail, 代行登録 by an admin, CSV import. */
    public enum JoinedVia { MAIL, PROXY, IMPORT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "network_id", nullable = false, updatable = false)
    private Network network;

    @Column(nullable = false, length = 254)
    private String email;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 16)
    private String carrier;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "attributes")
    private String attributesJson;

    @Column(name = "joined_via", nullable = false, length = 16)
    private String joinedVia = JoinedVia.MAIL.name();

    /** 役員メモ: the admins' own note on the member; never shown on member pages nor in exports (V26). */
    @Column(name = "admin_memo")
    private String adminMemo;

    @Column(name = "link_version", nullable = false)
    private int linkVersion = 1;

    @Column(nullable = false, length = 8)
    private String language = Language.DEFAULT.code();

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Member() {
        // for JPA
    }

    public Member(Network network, EmailAddress email, String name, Instant now) {
        this.network = Objects.requireNonNull(network, "network");
        this.email = Objects.requireNonNull(email, "email").value();
        rename(name, now);
        this.carrier = CarrierClassifier.classify(email).name();
        this.status = Status.ACTIVE.name();
        this.createdAt = now;
    }

    /** A member registered by an admin (代行登録) or imported: PENDING until they confirm by link. */
    public static Member pending(Network network, EmailAddress email, String name, JoinedVia via, Instant now) {
        Member member = new Member(network, email, name, now);
        member.status = Status.PENDING.name();
        member.joinedVia = Objects.requireNonNull(via, "via").name();
        return member;
    }

    /** The name as stored: control characters (CR, LF, tab, …) removed, surrounding blanks stripped. */
    public static String cleanName(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").strip();
    }

    public void rename(String newName, Instant now) {
        String clean = cleanName(newName);
        if (clean.isEmpty() || clean.length() > NAME_MAX) {
            throw new IllegalArgumentException("A member needs a name of 1-" + NAME_MAX + " characters");
        }
        this.name = clean;
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    /** Becomes (again) an active member: a confirmed 代行登録, or a former member who registered again. */
    public void activate(Instant now) {
        this.status = Status.ACTIVE.name();
        this.updatedAt = now;
    }

    /** 退会. Old personal links stop working too. */
    public void leave(Instant now) {
        this.status = Status.LEFT.name();
        revokeLinks(now);
    }

    /** The confirmed new address; the carrier follows it. */
    public void changeEmail(EmailAddress newEmail, Instant now) {
        this.email = Objects.requireNonNull(newEmail, "newEmail").value();
        this.carrier = CarrierClassifier.classify(newEmail).name();
        this.updatedAt = now;
    }

    /** Raises the link version: every personal link signed before stops working. */
    public void revokeLinks(Instant now) {
        this.linkVersion++;
        this.updatedAt = now;
    }

    /** The language the member's mail is written in and their pages are shown in. */
    public void changeLanguage(Language newLanguage, Instant now) {
        this.language = Objects.requireNonNull(newLanguage, "newLanguage").code();
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    /** The attribute values as JSON ({@code {"<attributeId>": "value" | ["a","b"]}}), or null. */
    public String attributesJson() { return attributesJson; }

    public void replaceAttributesJson(String json, Instant now) {
        this.attributesJson = json;
        this.updatedAt = now;
    }

    /**
     * The memo as stored: line breaks kept (as LF), every other control or format character removed, blanks
     * around the whole text stripped; null when nothing is left.
     */
    public static String cleanMemo(String raw) {
        if (raw == null) {
            return null;
        }
        String clean = raw.replace("\r\n", "\n").replace('\r', '\n')
                .replaceAll("[\\p{Cntrl}\\p{Cf}&&[^\\n]]", "").replaceAll("[\\u2028\\u2029]", "\n").strip();
        return clean.isEmpty() ? null : clean;
    }

    /** Replaces the 役員メモ (already cleaned with {@link #cleanMemo}; null: none). */
    public void writeMemo(String memo, Instant now) {
        if (memo != null && memo.codePointCount(0, memo.length()) > MEMO_MAX) {
            throw new IllegalArgumentException("A memo has at most " + MEMO_MAX + " characters");
        }
        this.adminMemo = memo;
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    /**
     * The carrier an admin set by hand (the address's domain does not tell it, e.g. a forwarding address). It
     * holds until the address changes: a new address is classified again ({@link #changeEmail}).
     */
    public void markCarrier(Carrier carrier, Instant now) {
        this.carrier = Objects.requireNonNull(carrier, "carrier").name();
        this.updatedAt = Objects.requireNonNull(now, "now");
    }

    public String adminMemo() { return adminMemo; }
    public Long id() { return id; }
    public Network network() { return network; }
    public EmailAddress email() { return EmailAddress.of(email); }
    public String name() { return name; }
    public Carrier carrier() { return Carrier.valueOf(carrier); }
    public Status status() { return Status.valueOf(status); }
    public JoinedVia joinedVia() { return JoinedVia.valueOf(joinedVia); }
    public int linkVersion() { return linkVersion; }
    public Language language() { return Language.of(language); }
    public boolean isActive() { return status() == Status.ACTIVE; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
