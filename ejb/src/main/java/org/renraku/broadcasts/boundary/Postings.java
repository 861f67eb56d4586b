package org.renraku.broadcasts.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.control.PostingAddresses;
import org.renraku.broadcasts.control.PostingAddresses.Kind;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.platform.control.Secrets;

/**
 * Broadcast by mail (代理配信): admins, and members an admin marked as delegated senders (代理配信者), mail the
 * network's posting address {@code <slug>+post-<secret>@<join domain>} ({@link PostingAddresses}); the mail
 * becomes a broadcast to all active members and is started. The sender must be known twice: the From is the
 * address of an active admin or delegated member of the network, AND the secret in the address is that
 * sender's. The addresses are shown to their owner (member page, console) and can be made anew (audited).
 */
@Stateless
public class Postings {

    /** Why a posting was refused; {@code answered} when the sender is told (a verified or known person). */
    public enum Refusal {
        /** The From is no admin or member of the network: no reply (it may be forged or a stranger). */
        UNKNOWN_SENDER(false),
        /** A member who is not a delegated sender: told so. */
        NOT_DELEGATED(true),
        /** The secret is missing or not the sender's: no reply (a forged From must not make us mail the owner). */
        WRONG_SECRET(false),
        /** No subject or no text: told so. */
        EMPTY(true),
        /** Attachments over the limit: told so. */
        TOO_LARGE(true),
        /** Nobody to send to: told so. */
        NO_RECIPIENTS(true);

        private final boolean answered;

        Refusal(boolean answered) {
            this.answered = answered;
        }

        public boolean answered() {
            return answered;
        }
    }

    /** What became of a posting: accepted (broadcast id, recipients) or refused with the reason. */
    public record Result(Refusal refusal, Long broadcastId, long recipients, String senderLabel)
            implements Serializable {
        public boolean accepted() {
            return refusal == null;
        }
    }

    /** A posting to start after the commit ({@code PostedBroadcasts} observes it). */
    public record Posted(long networkId, long broadcastId) {
    }

    /** A file of the mail. */
    public record File(String fileName, String contentType, byte[] content) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Secrets secrets;

    @Inject
    Broadcasts broadcasts;

    @Inject
    AuditLog audit;

    @Inject
    Event<Posted> posted;

    @Inject
    @ConfigProperty(name = "renraku.join-domain")
    String joinDomain;

    // --- the addresses

    /** The posting address of an active admin of the network. */
    public Optional<String> adminAddress(long networkId, long adminId) {
        return first("SELECT n.slug, a.posting_version FROM admins a JOIN networks n ON n.id = a.network_id"
                + " WHERE a.id = ? AND a.network_id = ? AND a.active", adminId, networkId)
                .map(r -> address((String) r[0], Kind.ADMIN, adminId, ((Number) r[1]).intValue()));
    }

    /** The posting address of a member who is an active delegated sender of the network. */
    public Optional<String> memberAddress(long networkId, long memberId) {
        return first("SELECT n.slug, m.posting_version FROM members m JOIN networks n ON n.id = m.network_id"
                + " WHERE m.id = ? AND m.network_id = ? AND m.delegated_sender AND m.status = 'ACTIVE'", memberId,
                networkId).map(r -> address((String) r[0], Kind.MEMBER, memberId, ((Number) r[1]).intValue()));
    }

    /** True when the member of the network is marked as a delegated sender. */
    public boolean delegated(long networkId, long memberId) {
        return first("SELECT delegated_sender FROM members WHERE id = ? AND network_id = ?", memberId, networkId)
                .map(r -> truthy(r[0])).orElse(false);
    }

    /** Marks a member of the network as a delegated sender or takes the mark away; audited. False when unknown. */
    public boolean delegate(long networkId, long memberId, boolean on, String actor, String client) {
        int changed = em.createNativeQuery("UPDATE members SET delegated_sender = ? WHERE id = ? AND network_id = ?")
                .setParameter(1, on).setParameter(2, memberId).setParameter(3, networkId).executeUpdate();
        if (changed == 1) {
            audit.recordWithin(AuditKind.MEMBER_DELEGATED_SENDER_CHANGED, networkId, actor, "#" + memberId,
                    on ? "on" : "off", client);
        }
        return changed == 1;
    }

    /** Makes the admin's posting address anew (the old one stops working); audited. */
    public Optional<String> regenerateAdmin(long networkId, long adminId, String actor, String client) {
        em.createNativeQuery("UPDATE admins SET posting_version = posting_version + 1 WHERE id = ? AND network_id = ?")
                .setParameter(1, adminId).setParameter(2, networkId).executeUpdate();
        audit.recordWithin(AuditKind.POSTING_ADDRESS_REGENERATED, networkId, actor, "admin #" + adminId, null, client);
        return adminAddress(networkId, adminId);
    }

    /** Makes the delegated member's posting address anew (from their personal page); audited. */
    public Optional<String> regenerateMember(long networkId, long memberId, String actor, String client) {
        em.createNativeQuery("UPDATE members SET posting_version = posting_version + 1 WHERE id = ? AND network_id = ?"
                + " AND delegated_sender").setParameter(1, memberId).setParameter(2, networkId).executeUpdate();
        audit.recordWithin(AuditKind.POSTING_ADDRESS_REGENERATED, networkId, actor, "member #" + memberId, null, client);
        return memberAddress(networkId, memberId);
    }

    /**
     * The local parts ({@code slug+post-secret}) of every posting address now valid: the per-network inbound
     * mode (GreenMail, one mailbox per address) watches them; the catch-all mailbox needs none of this.
     */
    @SuppressWarnings("unchecked")
    public List<String> localParts() {
        List<String> parts = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT n.slug, 'ADMIN', a.id, a.posting_version FROM admins a"
                + " JOIN networks n ON n.id = a.network_id WHERE n.status = 'ACTIVE' AND a.active"
                + " AND a.password_hash IS NOT NULL UNION ALL SELECT n.slug, 'MEMBER', m.id, m.posting_version"
                + " FROM members m JOIN networks n ON n.id = m.network_id WHERE n.status = 'ACTIVE'"
                + " AND m.delegated_sender AND m.status = 'ACTIVE'").getResultList()) {
            Object[] r = (Object[]) o;
            parts.add(PostingAddresses.localPart((String) r[0], PostingAddresses.secret(key(),
                    Kind.valueOf((String) r[1]), ((Number) r[2]).longValue(), ((Number) r[3]).intValue())));
        }
        return parts;
    }

    // --- a posting

    /**
     * A mail from {@code from} to the posting address of the network with {@code secret} (null: none given):
     * checks the sender, then makes the broadcast to all active members from the subject and text (and the
     * files, within the attachment limit), schedules it for now and, after the commit, starts it.
     */
    public Result post(long networkId, String secret, EmailAddress from, String subject, String text, List<File> files) {
        List<Object[]> senders = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT 'ADMIN', a.id, a.posting_version, TRUE, a.display_name"
                        + " FROM admins a WHERE a.network_id = ? AND a.email = ? AND a.active"
                        + " UNION ALL SELECT 'MEMBER', m.id, m.posting_version, m.delegated_sender, m.name FROM members m"
                        + " WHERE m.network_id = ? AND m.email = ? AND m.status = 'ACTIVE'")
                .setParameter(1, networkId).setParameter(2, from.value()).setParameter(3, networkId)
                .setParameter(4, from.value()).getResultList()) {
            senders.add((Object[]) o);
        }
        if (senders.isEmpty()) {
            return refused(Refusal.UNKNOWN_SENDER, null);
        }
        List<Object[]> posters = senders.stream().filter(r -> truthy(r[3])).toList();
        if (posters.isEmpty()) {
            return refused(Refusal.NOT_DELEGATED, (String) senders.get(0)[4]);
        }
        Object[] sender = posters.stream().filter(r -> PostingAddresses.matches(PostingAddresses.secret(key(),
                        Kind.valueOf((String) r[0]), ((Number) r[1]).longValue(), ((Number) r[2]).intValue()), secret))
                .findFirst().orElse(null);
        if (sender == null) {
            return refused(Refusal.WRONG_SECRET, (String) posters.get(0)[4]);
        }
        Kind kind = Kind.valueOf((String) sender[0]);
        long senderId = ((Number) sender[1]).longValue();
        String label = (String) sender[4];
        if (subject == null || Member.cleanName(subject).isEmpty() || text == null || text.isBlank()) {
            return refused(Refusal.EMPTY, label);
        }
        // checked here, not by the refusals of Broadcasts: those roll the whole transaction back, and the
        // inbound record of this mail must stay
        List<Broadcasts.Upload> uploads = files.stream().map(Postings::upload).toList();
        try {
            MessageComposer.checkAttachments(uploads.stream().map(u -> new MessageComposer.Attachment(u.fileName(),
                    u.contentType(), u.content())).toList(), broadcasts.attachmentLimit());
        } catch (MessageComposer.AttachmentsTooLarge e) {
            return refused(Refusal.TOO_LARGE, label);
        }
        long recipients = broadcasts.countRecipients(networkId, RecipientFilter.all());
        if (recipients == 0) {
            return refused(Refusal.NO_RECIPIENTS, label);
        }
        String title = Member.cleanName(subject);
        long id = broadcasts.save(networkId, kind == Kind.ADMIN ? senderId : 0, new Broadcasts.Draft(null,
                title.length() > Broadcast.SUBJECT_MAX ? title.substring(0, Broadcast.SUBJECT_MAX) : title,
                text, MailCharset.UTF_8, null, null, RecipientFilter.all(), null, uploads));
        if (kind == Kind.MEMBER) {
            em.find(Broadcast.class, id).postedBy(em.find(Member.class, senderId), java.time.Instant.now());
        }
        broadcasts.schedule(networkId, id, null);
        audit.recordWithin(AuditKind.BROADCAST_POSTED_BY_MAIL, networkId, kind == Kind.ADMIN ? "admin #" + senderId
                : "member #" + senderId, "#" + id + " " + subject, recipients + " recipients", null);
        posted.fire(new Posted(networkId, id));
        return new Result(null, id, recipients, label);
    }

    // --- helpers

    /** A file as a broadcast attachment: a name the attachment table takes, a plain content type. */
    private static Broadcasts.Upload upload(File f) {
        String name = f.fileName() == null ? "" : f.fileName().replaceAll("[\\p{Cntrl}/\\\\]", "").strip();
        name = name.isEmpty() ? "attachment" : name.length() > 255 ? name.substring(name.length() - 255) : name;
        String type = f.contentType() != null && f.contentType().matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+")
                && f.contentType().length() <= 100 ? f.contentType() : "application/octet-stream";
        return new Broadcasts.Upload(name, type, f.content());
    }

    private static Result refused(Refusal refusal, String label) {
        return new Result(refusal, null, 0, label);
    }

    private String address(String slug, Kind kind, long id, int version) {
        return PostingAddresses.address(slug, PostingAddresses.secret(key(), kind, id, version), joinDomain);
    }

    private byte[] key() {
        return secrets.key(PostingAddresses.SECRET_PROPERTY, PostingAddresses.APP_SECRET);
    }

    private Optional<Object[]> first(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.getResultList().stream().findFirst()
                .map(r -> r instanceof Object[] a ? a : new Object[] {r});
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }
}
