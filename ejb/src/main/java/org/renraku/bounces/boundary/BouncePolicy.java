package org.renraku.bounces.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.bounces.control.BounceDecision;
import org.renraku.bounces.control.SoftBounceWindow;
import org.renraku.bounces.entity.BounceEvent;
import org.renraku.bounces.entity.Suppression;
import org.renraku.delivery.boundary.RefusedAtSend;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;

/**
 * The bounce policy: every classified bounce — a 5xx at send time ({@code Deliveries}), a DSN or an ARF complaint
 * read later — is recorded here as one {@code bounce_events} row, and the network's policy is applied in the
 * caller's transaction (rules in {@link BounceDecision}, soft-bounce counting and decay in
 * {@link SoftBounceWindow}):
 * <ul>
 * <li>suspended: member SUSPENDED, address suppressed (HARD_BOUNCE), audited {@link AuditKind#MEMBER_SUSPENDED_BY_BOUNCE}
 * with actor {@value #ACTOR}; the admins learn it from the digest ({@link BounceDigest}), not one mail each;</li>
 * <li>complaint: address suppressed (COMPLAINT) and member LEFT, like the RFC 8058 one-click path
 * ({@code Unsubscribes}), audited {@link AuditKind#MEMBER_LEFT_BY_COMPLAINT};</li>
 * <li>filtered by a Japanese carrier: {@code members.needs_allow_domain} set; the member page shows the
 * 指定受信 guidance until the member says it is done;</li>
 * <li>deleted: a hard bounce of the monthly test mail in a network whose {@code test_mail_on_bounce} is DELETE
 * suspends nothing but deletes the member ({@code MemberAdministration.delete}, audited MEMBER_DELETED); the
 * address stays suppressed (HARD_BOUNCE);</li>
 * <li>NONE (auto-reply): nothing is written.</li>
 * </ul>
 * The member's row is locked first, so two bounces of one member are decided one after the other.
 */
@Stateless
public class BouncePolicy {

    /** The actor of audit entries written by the policy. */
    public static final String ACTOR = "system";

    private static final Logger LOG = Logger.getLogger(BouncePolicy.class.getName());

    /**
     * One classified bounce. Name the member by {@code deliveryId} (the VERP token's delivery), by
     * {@code memberId}, or only by {@code email}; the first one given wins.
     *
     * @param reason     Sisimai's reason (userunknown, mailboxfull, filtered, …), null when unknown
     * @param statusCode the enhanced status (5.1.1), null when none
     * @param smtpCode   the SMTP reply code (550), null when none
     */
    public record Bounce(long networkId, Long deliveryId, Long memberId, EmailAddress email, BounceEvent.Kind kind,
                         String reason, String statusCode, Integer smtpCode, BounceEvent.Source source,
                         String diagnostic) {
        public Bounce {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
            if (deliveryId == null && memberId == null && email == null) {
                throw new IllegalArgumentException("A bounce names a delivery, a member or an address");
            }
        }
    }

    /** What the policy did: the event's id (null for NONE, which is not recorded) and its outcome. */
    public record Recorded(Long eventId, Long memberId, BounceEvent.Outcome outcome) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Suppressions suppressions;

    @Inject
    AuditLog auditLog;

    @Inject
    MemberAdministration administration;

    /**
     * A delivery refused permanently at send time counts like a bounce: recorded and judged by the policy, in the
     * sending job's transaction (a synchronous observer).
     */
    public void refusedAtSend(@Observes RefusedAtSend refused) {
        record(new Bounce(refused.networkId(), refused.deliveryId(), refused.memberId(), refused.email(),
                BounceEvent.Kind.valueOf(refused.kind().name()), refused.reason(), refused.statusCode(),
                refused.smtpCode(), BounceEvent.Source.SMTP, refused.diagnostic()));
    }

    /** Records the bounce and applies the network's policy; empty when the delivery or member named is unknown. */
    public Optional<Recorded> record(@NotNull Bounce bounce) {
        if (bounce.kind() == BounceEvent.Kind.NONE) {
            return Optional.of(new Recorded(null, bounce.memberId(), BounceEvent.Outcome.IGNORED));
        }
        Optional<Target> found = target(bounce);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Target target = found.get();
        Instant now = clock.instant();
        BounceSettings settings = settings(bounce.networkId());
        BounceEvent event = new BounceEvent(bounce.networkId(), target.memberId(), bounce.deliveryId(), target.email(),
                bounce.kind(), bounce.reason(), bounce.source(), bounce.smtpCode(), bounce.statusCode(),
                bounce.diagnostic(), now);
        boolean softReached = bounce.kind() == BounceEvent.Kind.SOFT
                && softThresholdReached(bounce.networkId(), target, settings.window(), now);
        BounceEvent.Outcome outcome = BounceDecision.decide(bounce.kind(), bounce.reason(), target.carrier(),
                target.status(), settings.hardSuspends(), softReached);
        if (outcome == BounceEvent.Outcome.SUSPENDED && bounce.kind() == BounceEvent.Kind.HARD
                && target.memberId() != null && deletesOnTestMailBounce(bounce.deliveryId())) {
            outcome = BounceEvent.Outcome.DELETED;
        }
        event.decided(outcome);
        em.persist(event);
        em.flush(); // the event's id (IDENTITY) is known only once inserted, and callers count on it
        apply(outcome, bounce, target, event, now);
        return Optional.of(new Recorded(event.id(), target.memberId(), outcome));
    }

    /** The network's bounce settings (defaults when the network is unknown). */
    public BounceSettings settings(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT bounce_hard_suspends, bounce_soft_threshold,"
                + " bounce_soft_window_days FROM networks WHERE id = ?").setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return BounceSettings.defaults();
        }
        Object[] row = (Object[]) rows.get(0);
        return new BounceSettings(truthy(row[0]), ((Number) row[1]).intValue(), ((Number) row[2]).intValue());
    }

    private void apply(BounceEvent.Outcome outcome, Bounce bounce, Target target, BounceEvent event, Instant now) {
        long network = bounce.networkId();
        Timestamp at = Timestamp.from(now);
        switch (outcome) {
            case SUSPENDED -> {
                suppressions.suppress(network, target.email(), Suppression.Reason.HARD_BOUNCE,
                        Suppression.Source.bounce(event.id()));
                if (target.memberId() != null) {
                    em.createNativeQuery("UPDATE members SET status = 'SUSPENDED', updated_at = ? WHERE id = ?")
                            .setParameter(1, at).setParameter(2, target.memberId()).executeUpdate();
                    auditLog.recordWithin(AuditKind.MEMBER_SUSPENDED_BY_BOUNCE, network, ACTOR,
                            target.name() + " (#" + target.memberId() + ")", detail(bounce), null);
                    LOG.info(() -> "Bounce policy suspended member " + target.memberId() + " of network " + network
                            + " (" + detail(bounce) + ")");
                }
            }
            case DELETED -> {
                // the monthly test mail's bounce in a network that deletes: the suppression stays, so the address
                // is not added again by mistake; deleted as the member table deletes (LEFT: it has deliveries)
                suppressions.suppress(network, target.email(), Suppression.Reason.HARD_BOUNCE,
                        Suppression.Source.bounce(event.id()));
                administration.delete(network, target.memberId(), ACTOR, null);
                LOG.info(() -> "Bounce of the test mail deleted member " + target.memberId() + " of network " + network
                        + " (" + detail(bounce) + ")");
            }
            case UNSUBSCRIBED -> {
                suppressions.suppress(network, target.email(), Suppression.Reason.COMPLAINT,
                        Suppression.Source.bounce(event.id()));
                if (target.memberId() != null && target.status() != Member.Status.LEFT) {
                    // like Unsubscribes: LEFT, and the old personal links stop working
                    em.createNativeQuery("UPDATE members SET status = 'LEFT', link_version = link_version + 1,"
                            + " updated_at = ? WHERE id = ?").setParameter(1, at).setParameter(2, target.memberId())
                            .executeUpdate();
                    auditLog.recordWithin(AuditKind.MEMBER_LEFT_BY_COMPLAINT, network, ACTOR,
                            target.name() + " (#" + target.memberId() + ")", detail(bounce), null);
                }
            }
            case ALLOW_DOMAIN -> {
                if (target.memberId() != null) {
                    em.createNativeQuery("UPDATE members SET needs_allow_domain = TRUE WHERE id = ?")
                            .setParameter(1, target.memberId()).executeUpdate();
                }
            }
            case COUNTED, IGNORED -> {
                // recorded only
            }
        }
    }

    /**
     * Whether a hard bounce of this delivery deletes the member: the delivery is of a monthly test mail
     * ({@code broadcasts.test_mail}) and the network's {@code test_mail_on_bounce} is DELETE.
     */
    private boolean deletesOnTestMailBounce(Long deliveryId) {
        if (deliveryId == null) {
            return false;
        }
        List<?> rows = em.createNativeQuery("SELECT 1 FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id"
                        + " JOIN networks n ON n.id = b.network_id WHERE d.id = ? AND b.test_mail"
                        + " AND n.test_mail_on_bounce = 'DELETE'").setParameter(1, deliveryId).getResultList();
        return !rows.isEmpty();
    }

    private static String detail(Bounce bounce) {
        StringBuilder d = new StringBuilder(bounce.kind().name());
        if (bounce.reason() != null) {
            d.append(' ').append(BounceEvent.normalisedReason(bounce.reason()));
        }
        if (bounce.statusCode() != null) {
            d.append(' ').append(bounce.statusCode());
        }
        return d.append(" (").append(bounce.source().name()).append(')').toString();
    }

    /**
     * Whether the soft bounces that count — the earlier ones still recorded as counted plus this one — reach the
     * threshold. Earlier bounces are the address's in this network; a confirmed delivery to the member after a
     * bounce resets the count (see {@link SoftBounceWindow}).
     */
    private boolean softThresholdReached(long networkId, Target target, SoftBounceWindow window, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> earlier = em.createNativeQuery("SELECT UNIX_TIMESTAMP(occurred_at) FROM bounce_events WHERE network_id = ?"
                        + " AND email = ? AND kind = 'SOFT' AND outcome IN ('COUNTED', 'SUSPENDED') AND occurred_at > ?")
                .setParameter(1, networkId).setParameter(2, target.email().value())
                .setParameter(3, Timestamp.from(window.windowStart(now))).getResultList();
        List<Instant> times = new java.util.ArrayList<>(earlier.stream().map(EpochSeconds::instant).toList());
        times.add(now);
        Instant confirmed = null;
        Instant countFrom = null;
        if (target.memberId() != null) {
            Object last = em.createNativeQuery("SELECT UNIX_TIMESTAMP(MAX(d.sent_at)) FROM deliveries d WHERE d.member_id = ?"
                            + " AND d.status = 'SENT' AND d.sent_at <= ?"
                            + " AND NOT EXISTS (SELECT 1 FROM bounce_events b WHERE b.delivery_id = d.id)")
                    .setParameter(1, target.memberId())
                    .setParameter(2, Timestamp.from(SoftBounceWindow.confirmedBefore(now))).getSingleResult();
            confirmed = EpochSeconds.instant(last);
            countFrom = target.countFrom();
        }
        return window.suspends(times, confirmed, countFrom, now);
    }

    /** The member (locked) or, for an address that is no member, just the address. */
    private record Target(Long memberId, EmailAddress email, String name, Carrier carrier, Member.Status status,
                          Instant countFrom) {
    }

    private Optional<Target> target(Bounce bounce) {
        String where;
        Object key;
        if (bounce.deliveryId() != null) {
            where = "m.id = (SELECT d.member_id FROM deliveries d WHERE d.id = ?)";
            key = bounce.deliveryId();
        } else if (bounce.memberId() != null) {
            where = "m.id = ?";
            key = bounce.memberId();
        } else {
            where = "m.email = ?";
            key = bounce.email().value();
        }
        List<?> rows = em.createNativeQuery("SELECT m.id, m.email, m.name, m.carrier, m.status, UNIX_TIMESTAMP(m.bounces_count_from)"
                        + " FROM members m WHERE m.network_id = ? AND " + where + " FOR UPDATE")
                .setParameter(1, bounce.networkId()).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            // an address that is no member (any more) is still recorded, and a hard bounce or complaint suppresses it
            return bounce.deliveryId() == null && bounce.memberId() == null
                    ? Optional.of(new Target(null, bounce.email(), null, null, null, null)) : Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        // the address the delivery went to, when known: the member may have changed it since
        EmailAddress email = bounce.email() != null ? bounce.email() : EmailAddress.of((String) row[1]);
        return Optional.of(new Target(((Number) row[0]).longValue(), email, (String) row[2],
                Carrier.valueOf((String) row[3]), Member.Status.valueOf((String) row[4]), EpochSeconds.instant(row[5])));
    }


    static boolean truthy(Object v) {
        return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
    }
}
