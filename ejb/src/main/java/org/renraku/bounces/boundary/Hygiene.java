package org.renraku.bounces.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.control.BounceReason;
import org.renraku.bounces.entity.BounceEvent;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.AddressMask;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.Carrier;

/**
 * The console's hygiene page (配信エラー) and the member page's 指定受信 request: the members who bounce, the
 * network's bounce settings, reactivation of a member suspended by bounces, and the rates per carrier group.
 * Every statement is limited to the admin's network; changes are audited.
 */
@Stateless
public class Hygiene {

    /** The period the page lists and charts. */
    public static final Duration PERIOD = Duration.ofDays(30);
    static final int MAX_ROWS = 500;

    /** The reasons the page names: the whole bounce vocabulary ({@link BounceReason}); any other is {@code other}. */
    public static final Set<String> REASONS = java.util.Arrays.stream(BounceReason.values()).map(BounceReason::code)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    BouncePolicy policy;

    @Inject
    MemberAdministration administration;

    @Inject
    MemberDirectory directory;

    @Inject
    MemberMails memberMails;

    /**
     * The members (not LEFT) who bounced in the last 30 days, are suspended by a bounce, or are asked to allow our
     * domain; the latest bounce first, at most {@value #MAX_ROWS}.
     */
    public List<HygieneRow> rows(long networkId) {
        boolean full = directory.showsAddresses(networkId);
        Timestamp since = Timestamp.from(clock.instant().minus(PERIOD));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT m.id, m.name, m.email, m.carrier, m.status,"
                        + " m.needs_allow_domain, b.reason, b.kind, b.outcome, UNIX_TIMESTAMP(b.occurred_at),"
                        + " (SELECT COUNT(*) FROM bounce_events c WHERE c.member_id = m.id AND c.occurred_at > ?),"
                        + " EXISTS (SELECT 1 FROM bounce_events s WHERE s.member_id = m.id AND s.outcome = 'SUSPENDED')"
                        + " FROM members m JOIN bounce_events b"
                        + " ON b.id = (SELECT MAX(x.id) FROM bounce_events x WHERE x.member_id = m.id)"
                        + " WHERE m.network_id = ? AND m.status <> 'LEFT'"
                        + " AND (b.occurred_at > ? OR m.status = 'SUSPENDED' OR m.needs_allow_domain)"
                        + " ORDER BY b.occurred_at DESC, b.id DESC LIMIT " + MAX_ROWS)
                .setParameter(1, since).setParameter(2, networkId).setParameter(3, since).getResultList();
        return rows.stream().map(r -> {
            String reason = (String) r[6];
            String address = (String) r[2];
            return new HygieneRow(((Number) r[0]).longValue(), (String) r[1],
                    full ? address : AddressMask.mask(address), (String) r[3], (String) r[4],
                    reason != null && REASONS.contains(reason) ? reason : "other", (String) r[7], (String) r[8],
                    EpochSeconds.instant(r[9]), ((Number) r[10]).longValue(), BouncePolicy.truthy(r[5]),
                    BouncePolicy.truthy(r[11]));
        }).toList();
    }

    /**
     * A member suspended by bounces receives mail again: ACTIVE, the HARD_BOUNCE suppression of the address
     * removed, earlier soft bounces no longer counted, the 指定受信 request cleared; audited as
     * MEMBER_REACTIVATED. False (nothing changed) unless the member is SUSPENDED in this network. A suppression for
     * a complaint or an unsubscribe stays.
     */
    public boolean reactivate(long networkId, long memberId, String actor, String client) {
        List<?> status = em.createNativeQuery("SELECT status FROM members WHERE network_id = ? AND id = ? FOR UPDATE")
                .setParameter(1, networkId).setParameter(2, memberId).getResultList();
        if (status.isEmpty() || !"SUSPENDED".equals(status.get(0))) {
            return false;
        }
        // the member table's reactivation: it also removes the bounce suppression and restarts the count
        return administration.reactivate(networkId, memberId, actor, client);
    }

    /** Deletes the member as the member table does ({@link MemberAdministration#delete}). */
    public MemberAdministration.Deletion delete(long networkId, long memberId, String actor, String client) {
        return administration.delete(networkId, memberId, actor, client);
    }

    public BounceSettings settings(long networkId) {
        return policy.settings(networkId);
    }

    /**
     * Saves the network's bounce settings, audited (BOUNCE_SETTINGS_CHANGED) when they changed.
     *
     * @throws IllegalArgumentException for a threshold or window out of range (nothing saved)
     */
    public void saveSettings(long networkId, BounceSettings settings, String actor, String client) {
        settings.window(); // validates the numbers
        BounceSettings before = settings(networkId);
        if (before.equals(settings)) {
            return;
        }
        em.createNativeQuery("UPDATE networks SET bounce_hard_suspends = ?, bounce_soft_threshold = ?,"
                        + " bounce_soft_window_days = ? WHERE id = ?")
                .setParameter(1, settings.hardSuspends()).setParameter(2, settings.softThreshold())
                .setParameter(3, settings.softWindowDays()).setParameter(4, networkId).executeUpdate();
        auditLog.recordWithin(AuditKind.BOUNCE_SETTINGS_CHANGED, networkId, actor, null,
                before.describe() + " -> " + settings.describe(), client);
    }

    /**
     * Bounce and complaint rates per carrier group over the last 30 days, in the order of {@link CarrierGroup};
     * groups without messages or events are left out.
     */
    public List<CarrierRate> rates(long networkId) {
        Timestamp since = Timestamp.from(clock.instant().minus(PERIOD));
        Map<CarrierGroup, long[]> counts = new EnumMap<>(CarrierGroup.class);
        @SuppressWarnings("unchecked")
        List<Object[]> messages = em.createNativeQuery("SELECT d.carrier_group, COUNT(*) FROM deliveries d"
                        + " JOIN broadcasts br ON br.id = d.broadcast_id WHERE br.network_id = ?"
                        + " AND d.status IN ('SENT', 'FAILED') AND COALESCE(d.sent_at, d.last_attempt_at) > ?"
                        + " GROUP BY d.carrier_group")
                .setParameter(1, networkId).setParameter(2, since).getResultList();
        for (Object[] m : messages) {
            counts.computeIfAbsent(group((String) m[0]), g -> new long[3])[0] += ((Number) m[1]).longValue();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> events = em.createNativeQuery("SELECT COALESCE(d.carrier_group, m.carrier), b.kind, COUNT(*)"
                        + " FROM bounce_events b LEFT JOIN deliveries d ON d.id = b.delivery_id"
                        + " LEFT JOIN members m ON m.id = b.member_id WHERE b.network_id = ? AND b.occurred_at > ?"
                        + " GROUP BY COALESCE(d.carrier_group, m.carrier), b.kind")
                .setParameter(1, networkId).setParameter(2, since).getResultList();
        for (Object[] e : events) {
            long[] c = counts.computeIfAbsent(group((String) e[0]), g -> new long[3]);
            long n = ((Number) e[2]).longValue();
            switch (BounceEvent.Kind.valueOf((String) e[1])) {
                case HARD, SOFT, BLOCKED -> c[1] += n;
                case COMPLAINT -> c[2] += n;
                case NONE -> {
                    // not a bounce
                }
            }
        }
        List<CarrierRate> rates = new ArrayList<>();
        counts.forEach((g, c) -> rates.add(new CarrierRate(g, c[0], c[1], c[2])));
        return rates;
    }

    /** A carrier group's name (deliveries) or a carrier's (members) as its group; OTHER when unknown. */
    static CarrierGroup group(String name) {
        if (name == null) {
            return CarrierGroup.OTHER;
        }
        try {
            return CarrierGroup.of(Carrier.valueOf(name));
        } catch (IllegalArgumentException notACarrier) {
            try {
                return CarrierGroup.valueOf(name);
            } catch (IllegalArgumentException unknown) {
                return CarrierGroup.OTHER;
            }
        }
    }

    /**
     * The domain the member is asked to allow (指定受信) because their carrier filtered our mail; empty when
     * not asked. The caller has checked the member's personal link.
     */
    public Optional<String> allowDomainRequest(long networkId, long memberId) {
        List<?> flag = em.createNativeQuery("SELECT needs_allow_domain FROM members WHERE network_id = ? AND id = ?")
                .setParameter(1, networkId).setParameter(2, memberId).getResultList();
        return !flag.isEmpty() && BouncePolicy.truthy(flag.get(0)) ? Optional.of(memberMails.sendingDomain())
                : Optional.empty();
    }

    /** The member says the domain is allowed now: the request disappears (it comes back with the next filtering). */
    public void allowDomainDone(long networkId, long memberId) {
        em.createNativeQuery("UPDATE members SET needs_allow_domain = FALSE WHERE network_id = ? AND id = ?")
                .setParameter(1, networkId).setParameter(2, memberId).executeUpdate();
    }
}
