package org.renraku.home.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.entity.RepeatRule;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.members.entity.Carrier;
import org.renraku.networks.control.Volumes;
import org.renraku.platform.control.EpochSeconds;

/**
 * The console's home (ホーム): what needs the admin now, counted by the database in one call — a few
 * grouped or indexed counts, never a row per member or per message — and the getting-started checklist of a new
 * network, ticked from the data. Every statement is limited to the admin's network.
 */
@Stateless
public class Home {

    /** How many of the last broadcasts the home lists. */
    public static final int RECENT = 5;
    /** How many scheduled and repeating broadcasts the home lists, the next first. */
    public static final int UPCOMING = 10;
    /** The period of "suppressions added this week". */
    public static final Duration WEEK = Duration.ofDays(7);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /** Everything the home shows for the network. */
    public HomeFigures figures(long networkId) {
        Instant now = clock.instant();
        HomeFigures.Members members = members(networkId);
        return new HomeFigures(members, recent(networkId), alerts(networkId, members, now), upcoming(networkId),
                checklist(networkId));
    }

    /**
     * The admin printed the join sheet (入会案内) — or opened the browser's print of the join page: recorded once per
     * network (JOIN_SHEET_PRINTED, the checklist's item); later prints change nothing. True when this call recorded it.
     */
    public boolean joinSheetPrinted(long networkId, String actor, String clientAddress) {
        if (exists("SELECT EXISTS (SELECT 1 FROM audit_events WHERE network_id = ? AND kind = ?)", networkId,
                AuditKind.JOIN_SHEET_PRINTED.name())) {
            return false;
        }
        audit.recordWithin(AuditKind.JOIN_SHEET_PRINTED, networkId, actor, null, null, clientAddress);
        return true;
    }

    HomeFigures.Members members(long networkId) {
        long active = 0;
        long pending = 0;
        long suspended = 0;
        long left = 0;
        // ix_members_network_status_id holds both columns: counted from the index alone
        for (Object[] r : rows(em.createNativeQuery("SELECT status, COUNT(*) FROM members WHERE network_id = ?"
                + " GROUP BY status").setParameter(1, networkId))) {
            long n = num(r[1]);
            switch (String.valueOf(r[0])) {
                case "ACTIVE" -> active = n;
                case "PENDING" -> pending = n;
                case "SUSPENDED" -> suspended = n;
                case "LEFT" -> left = n;
                default -> {
                    // a status this page does not know yet: shown nowhere rather than under a wrong label
                }
            }
        }
        List<HomeFigures.CarrierCount> carriers = new ArrayList<>();
        for (Object[] r : rows(em.createNativeQuery("SELECT carrier, COUNT(*) FROM members WHERE network_id = ?"
                + " AND status = 'ACTIVE' GROUP BY carrier").setParameter(1, networkId))) {
            carriers.add(new HomeFigures.CarrierCount(carrierName(String.valueOf(r[0])), num(r[1])));
        }
        carriers.sort(Comparator.comparingLong(HomeFigures.CarrierCount::count).reversed()
                .thenComparing(c -> Carrier.valueOf(c.carrier()).ordinal()));
        return new HomeFigures.Members(active, pending, suspended, left, List.copyOf(carriers));
    }

    List<HomeFigures.RecentBroadcast> recent(long networkId) {
        List<HomeFigures.RecentBroadcast> out = new ArrayList<>();
        // the admin's broadcasts that started (not the monthly test mail, not re-sends: the original carries the
        // answers), newest first; the counts read one broadcast's rows from ix_deliveries_partition (broadcast first) and
        // uk_answers_broadcast_member
        for (Object[] r : rows(em.createNativeQuery("SELECT b.id, b.subject, b.status, UNIX_TIMESTAMP(b.started_at),"
                        + " b.answer_kind,"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = b.id),"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = b.id AND d.status = 'SENT'),"
                        + " (SELECT COUNT(*) FROM answers a WHERE a.broadcast_id = b.id)"
                        + " FROM broadcasts b WHERE b.network_id = ? AND b.started_at IS NOT NULL AND NOT b.test_mail"
                        + " AND b.resend_of IS NULL AND b.repeat_rule IS NULL"
                        + " ORDER BY b.started_at DESC, b.id DESC LIMIT " + RECENT)
                .setParameter(1, networkId))) {
            out.add(new HomeFigures.RecentBroadcast(num(r[0]), (String) r[1], (String) r[2],
                    EpochSeconds.instant(r[3]), num(r[5]), num(r[6]), (String) r[4], num(r[7])));
        }
        return out;
    }

    HomeFigures.Alerts alerts(long networkId, HomeFigures.Members members, Instant now) {
        Timestamp at = Timestamp.from(now);
        Set<CarrierGroup> groups = EnumSet.noneOf(CarrierGroup.class);
        members.activeByCarrier().forEach(c -> groups.add(CarrierGroup.of(Carrier.valueOf(c.carrier()))));
        List<HomeFigures.PausedGroup> paused = new ArrayList<>();
        for (Object[] r : rows(em.createNativeQuery("SELECT carrier_group, UNIX_TIMESTAMP(paused_until)"
                + " FROM carrier_group_state WHERE paused_until > ? ORDER BY carrier_group").setParameter(1, at))) {
            String group = String.valueOf(r[0]);
            if (groups.stream().anyMatch(g -> g.name().equals(group))) {
                paused.add(new HomeFigures.PausedGroup(group, EpochSeconds.instant(r[1])));
            }
        }
        Volumes.Volume volume = Volumes.of(em, now, networkId);
        Object[] counts = (Object[]) em.createNativeQuery("SELECT"
                        // no index by needs_allow_domain: the network's rows, counted in the database
                        + " (SELECT COUNT(*) FROM members WHERE network_id = ? AND needs_allow_domain"
                        + " AND status <> 'LEFT'),"
                        + " (SELECT COUNT(*) FROM inquiries WHERE network_id = ? AND read_at IS NULL),"
                        + " (SELECT COUNT(*) FROM suppressions WHERE network_id = ? AND created_at > ?)")
                .setParameter(1, networkId).setParameter(2, networkId).setParameter(3, networkId)
                .setParameter(4, Timestamp.from(now.minus(WEEK))).getSingleResult();
        return new HomeFigures.Alerts(List.copyOf(paused), volume.bounceRate(), volume.bounceAlert(),
                volume.complaintRate(), volume.complaintAlert(), num(counts[0]), num(counts[1]), num(counts[2]));
    }

    List<HomeFigures.Upcoming> upcoming(long networkId) {
        List<HomeFigures.Upcoming> out = new ArrayList<>();
        // a repeating template stays SCHEDULED with scheduled_at = its next occurrence
        for (Object[] r : rows(em.createNativeQuery("SELECT id, subject, UNIX_TIMESTAMP(scheduled_at), repeat_rule"
                        + " FROM broadcasts WHERE network_id = ? AND status = 'SCHEDULED' AND scheduled_at IS NOT NULL"
                        + " ORDER BY scheduled_at, id LIMIT " + UPCOMING)
                .setParameter(1, networkId))) {
            String rule = (String) r[3];
            RepeatRule repeat = rule == null ? null : RepeatRule.parse(rule);
            out.add(new HomeFigures.Upcoming(num(r[0]), (String) r[1], EpochSeconds.instant(r[2]), repeat != null,
                    repeat == null ? null : repeat.dayOfMonth(),
                    repeat == null ? null : String.format("%d:%02d", repeat.time().getHour(),
                            repeat.time().getMinute())));
        }
        return out;
    }

    HomeFigures.Checklist checklist(long networkId) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT"
                        + " EXISTS (SELECT 1 FROM member_attributes WHERE network_id = ?),"
                        + " EXISTS (SELECT 1 FROM audit_events WHERE network_id = ? AND kind = ?),"
                        + " EXISTS (SELECT 1 FROM members WHERE network_id = ? AND status = 'ACTIVE'),"
                        + " EXISTS (SELECT 1 FROM audit_events WHERE network_id = ? AND kind = ?),"
                        // sent, being sent or scheduled (a repeating one included): the admin has made a broadcast
                        + " EXISTS (SELECT 1 FROM broadcasts WHERE network_id = ? AND NOT test_mail"
                        + " AND status IN ('SCHEDULED', 'SENDING', 'PAUSED', 'SENT'))")
                .setParameter(1, networkId).setParameter(2, networkId)
                .setParameter(3, AuditKind.JOIN_SHEET_PRINTED.name()).setParameter(4, networkId)
                .setParameter(5, networkId).setParameter(6, AuditKind.BROADCAST_TEST_SENT.name())
                .setParameter(7, networkId).getSingleResult();
        return new HomeFigures.Checklist(truthy(r[0]), truthy(r[1]), truthy(r[2]), truthy(r[3]), truthy(r[4]));
    }

    private boolean exists(String sql, long networkId, String kind) {
        return truthy(em.createNativeQuery(sql).setParameter(1, networkId).setParameter(2, kind).getSingleResult());
    }

    /** A stored carrier name as {@link Carrier} knows it; OTHER for anything else. */
    private static String carrierName(String stored) {
        try {
            return Carrier.valueOf(stored).name();
        } catch (IllegalArgumentException unknown) {
            return Carrier.OTHER.name();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }
}
