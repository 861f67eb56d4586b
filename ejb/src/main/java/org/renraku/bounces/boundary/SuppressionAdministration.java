package org.renraku.bounces.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.bounces.entity.Suppression;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.AddressMask;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;
import org.renraku.platform.control.EpochSeconds;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The console's suppressions page (配信停止リスト): every suppression of a network with its source, and the
 * admin's lift of one, with a mandatory reason (audited {@link AuditKind#SUPPRESSION_LIFTED}).
 * <ul>
 * <li>A hard bounce (or a manual suppression) goes at once; a member the bounce suspended is ACTIVE again and
 * earlier soft bounces no longer count.</li>
 * <li>A complaint or an unsubscription was the member's own wish (and Japanese anti-spam law wants consent):
 * the lift only mails the member a signed, single-use, expiring confirmation link
 * ({@link TokenPurpose#SUPPRESSION_LIFT}); until the member opens it and presses its button the suppression
 * stays, and the page shows that it waits. The member's click removes it and makes them ACTIVE (audited
 * {@link AuditKind#SUPPRESSION_LIFT_CONFIRMED}).</li>
 * </ul>
 * Every statement is limited to the admin's network.
 */
@Stateless
public class SuppressionAdministration {

    private static final Logger LOG = Logger.getLogger(SuppressionAdministration.class.getName());
    /** The longest reason an admin may give (the column's size). */
    public static final int MAX_REASON = 500;
    /** The actor of the member's own confirmation in the audit log. */
    public static final String MEMBER_ACTOR = "member";

    /** What a lift did. */
    public enum Lift {
        /** The suppression is gone (a hard bounce or a manual one). */
        LIFTED,
        /** The member was mailed a confirmation link; the suppression stays until they confirm. */
        CONFIRMATION_SENT,
        /** A complaint or unsubscription of an address no member has: nobody can consent, so it stays. */
        NO_MEMBER,
        /** No reason was given: nothing changed. */
        REASON_MISSING,
        /** No such suppression in this network. */
        NOT_FOUND
    }

    /** The member's view of a confirmation link that still works. */
    /** What the page of a lift link shows: the network, and the member's language for the page. */
    public record Confirmation(String networkName, Language language) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    MemberDirectory directory;

    @Inject
    Tokens tokens;

    @Inject
    MemberMails mails;

    @Inject
    Event<OutgoingMail> mail;

    static boolean needsConsent(String reason) {
        return Suppression.Reason.COMPLAINT.name().equals(reason) || Suppression.Reason.UNSUBSCRIBED.name().equals(reason);
    }

    public long count(long networkId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM suppressions WHERE network_id = ?")
                .setParameter(1, networkId).getSingleResult()).longValue();
    }

    /** A page of the network's suppressions, newest first, with their member and source. */
    public List<SuppressionRow> page(long networkId, int first, int pageSize) {
        boolean full = directory.showsAddresses(networkId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.id, UNIX_TIMESTAMP(s.created_at), s.reason, s.email,"
                        + " m.id, m.name, m.status, s.source, b.source, b.kind, b.status_code, b.reason, b.diagnostic,"
                        + " s.source_broadcast_id, br.subject, s.source_actor, UNIX_TIMESTAMP(s.lift_requested_at),"
                        + " s.lift_requested_by"
                        + " FROM suppressions s"
                        + " LEFT JOIN members m ON m.network_id = s.network_id AND m.email = s.email"
                        + " LEFT JOIN bounce_events b ON b.id = s.source_bounce_event_id"
                        + " LEFT JOIN broadcasts br ON br.id = s.source_broadcast_id AND br.network_id = s.network_id"
                        + " WHERE s.network_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?")
                .setParameter(1, networkId).setParameter(2, Math.max(1, Math.min(pageSize, 200)))
                .setParameter(3, Math.max(0, first)).getResultList();
        return rows.stream().map(r -> {
            String address = (String) r[3];
            String diagnostic = (String) r[12];
            return new SuppressionRow(((Number) r[0]).longValue(), EpochSeconds.instant(r[1]), (String) r[2],
                    full ? address : AddressMask.mask(address), r[4] == null ? null : ((Number) r[4]).longValue(),
                    (String) r[5], (String) r[6], (String) r[7], (String) r[8], (String) r[9], (String) r[10],
                    (String) r[11], diagnostic == null || diagnostic.length() <= 200 ? diagnostic
                    : diagnostic.substring(0, 200) + "…", r[13] == null ? null : ((Number) r[13]).longValue(),
                    (String) r[14], (String) r[15], EpochSeconds.instant(r[16]), (String) r[17]);
        }).toList();
    }

    /**
     * The admin lifts a suppression of their network, giving a reason (audited with it). A hard bounce or a
     * manual suppression goes at once; a complaint or an unsubscription waits for the member's confirmation.
     */
    public Lift lift(long networkId, long suppressionId, String reason, String actor, String client) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            return Lift.REASON_MISSING;
        }
        if (why.length() > MAX_REASON) {
            why = why.substring(0, MAX_REASON);
        }
        List<?> found = em.createNativeQuery("SELECT reason, email FROM suppressions WHERE network_id = ? AND id = ?"
                + " FOR UPDATE").setParameter(1, networkId).setParameter(2, suppressionId).getResultList();
        if (found.isEmpty()) {
            return Lift.NOT_FOUND;
        }
        Object[] s = (Object[]) found.get(0);
        String kind = (String) s[0];
        String email = (String) s[1];
        Optional<Member> member = em.createQuery("SELECT m FROM Member m WHERE m.network.id = :network"
                        + " AND m.email = :email", Member.class)
                .setParameter("network", networkId).setParameter("email", email).getResultStream().findFirst();
        String subject = member.map(m -> m.name() + " (#" + m.id() + ")").orElse(AddressMask.mask(email));
        Instant now = clock.instant();
        if (!needsConsent(kind)) {
            em.createNativeQuery("DELETE FROM suppressions WHERE id = ?").setParameter(1, suppressionId).executeUpdate();
            if (member.isPresent() && Suppression.Reason.HARD_BOUNCE.name().equals(kind)) {
                // the bounce's suspension goes with it; soft bounces count anew, the 指定受信 request is cleared
                em.createNativeQuery("UPDATE members SET status = CASE WHEN status = 'SUSPENDED' THEN 'ACTIVE'"
                                + " ELSE status END, bounces_count_from = ?, needs_allow_domain = FALSE, updated_at = ?"
                                + " WHERE id = ?")
                        .setParameter(1, Timestamp.from(now)).setParameter(2, Timestamp.from(now))
                        .setParameter(3, member.get().id()).executeUpdate();
            }
            auditLog.recordWithin(AuditKind.SUPPRESSION_LIFTED, networkId, actor, subject, kind + ": " + why, client);
            return Lift.LIFTED;
        }
        if (member.isEmpty()) {
            return Lift.NO_MEMBER;
        }
        Member m = member.get();
        em.createNativeQuery("UPDATE suppressions SET lift_requested_at = ?, lift_requested_by = ?, lift_reason = ?"
                        + " WHERE id = ?").setParameter(1, Timestamp.from(now)).setParameter(2, actor)
                .setParameter(3, why).setParameter(4, suppressionId).executeUpdate();
        String tokenSubject = suppressionId + ":" + m.id();
        tokens.spendAll(TokenPurpose.SUPPRESSION_LIFT, tokenSubject); // an earlier link of this lift stops working
        String token = tokens.issue(TokenPurpose.SUPPRESSION_LIFT, networkId, tokenSubject);
        mail.fire(mails.liftConfirmation(m, token, now.plus(TokenPurpose.SUPPRESSION_LIFT.validity())));
        auditLog.recordWithin(AuditKind.SUPPRESSION_LIFTED, networkId, actor, subject,
                kind + ": " + why + " (waiting for the member's confirmation)", client);
        return Lift.CONFIRMATION_SENT;
    }

    /** The confirmation link's network, without spending it; empty when the link does not work (any more). */
    public Optional<Confirmation> peek(String token) {
        return tokens.peek(TokenPurpose.SUPPRESSION_LIFT, token).flatMap(this::pending);
    }

    /**
     * The member's click: the suppression goes and the member is ACTIVE again (audited). Empty when the link is
     * unknown, used, expired, or its lift is no longer pending; nothing changes then.
     */
    public Optional<Confirmation> confirm(String token) {
        Optional<OneTimeToken> t = tokens.redeem(TokenPurpose.SUPPRESSION_LIFT, token);
        Optional<Confirmation> confirmation = t.flatMap(this::pending);
        if (confirmation.isEmpty()) {
            return Optional.empty();
        }
        String[] ids = t.get().subject().split(":");
        long suppressionId = Long.parseLong(ids[0]);
        long memberId = Long.parseLong(ids[1]);
        Member member = em.find(Member.class, memberId);
        Instant now = clock.instant();
        em.createNativeQuery("DELETE FROM suppressions WHERE id = ?").setParameter(1, suppressionId).executeUpdate();
        em.createNativeQuery("UPDATE members SET status = CASE WHEN status IN ('LEFT', 'SUSPENDED') THEN 'ACTIVE'"
                        + " ELSE status END, bounces_count_from = ?, updated_at = ? WHERE id = ?")
                .setParameter(1, Timestamp.from(now)).setParameter(2, Timestamp.from(now)).setParameter(3, memberId)
                .executeUpdate();
        em.refresh(member);
        auditLog.recordWithin(AuditKind.SUPPRESSION_LIFT_CONFIRMED, t.get().networkId(), MEMBER_ACTOR,
                member.name() + " (#" + memberId + ")", "confirmed by the member's link", null);
        LOG.info(() -> "Member " + memberId + " confirmed the lift of suppression " + suppressionId);
        return confirmation;
    }

    /** The lift a token names, when it still waits and the member still has the suppressed address. */
    private Optional<Confirmation> pending(OneTimeToken t) {
        String[] ids = t.subject().split(":");
        if (ids.length != 2 || t.networkId() == null) {
            return Optional.empty();
        }
        List<?> rows;
        try {
            rows = em.createNativeQuery("SELECT n.name, m.language FROM suppressions s JOIN members m ON m.network_id = s.network_id"
                            + " AND m.email = s.email JOIN networks n ON n.id = s.network_id WHERE s.id = ? AND m.id = ?"
                            + " AND s.network_id = ? AND s.lift_requested_at IS NOT NULL")
                    .setParameter(1, Long.parseLong(ids[0])).setParameter(2, Long.parseLong(ids[1]))
                    .setParameter(3, t.networkId()).getResultList();
        } catch (NumberFormatException e) {
            return Optional.empty(); // a subject of ours is always two ids
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Confirmation((String) row[0], Language.of((String) row[1])));
    }
}
