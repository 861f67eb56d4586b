package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.renraku.delivery.control.GroupPace;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.mail.control.MailTexts;
import org.renraku.mail.control.OperatorAlerts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.platform.control.EpochSeconds;

/**
 * Shaping per carrier group for the whole service: what every lane of every broadcast, re-send and test mail on
 * every instance asks before it talks to a carrier. Everything is in the database, so two instances see one
 * limit; every decision about a group is taken under the lock of its {@code carrier_group_state} row, in a short
 * transaction of its own.
 * <ul>
 *   <li><b>Connection slots</b> ({@code carrier_slots}): a lane leases one before it opens a connection and gives
 *       it back when the connection closes; at most {@code connections} are leased. A lease lasts
 *       {@link #LEASE} and is renewed by {@link #keep} after every chunk; a killed instance's leases expire. A lane
 *       that finds no slot leaves a want ({@code carrier_slot_wants}) so the holders know someone waits.</li>
 *   <li><b>Urgent first</b>: while an urgent lane wants a slot of the group, no normal lane takes one, and normal
 *       holders give theirs back after their current chunk.</li>
 *   <li><b>Fair</b>: among normal lanes each network's share is the group's connections divided by the networks
 *       holding or wanting a slot; a network at its share does not take another slot from a network below its
 *       share that waits, and a network above its share gives one back after its chunk. So a 30-member school's
 *       notice waits at most a chunk behind a 100 000-member broadcast, not the whole broadcast.</li>
 *   <li><b>Rate</b> ({@link GroupPace}): slices of the group's rate reserved in turn, the quiet minutes after the
 *       full hour for normal mail, halving and pausing after throttling replies from any lane, and recovery.</li>
 * </ul>
 * Why the database and not a dispatcher per group holding a lease: the per-broadcast batch job, its checkpoints
 * and its restart after a crash stay as they are, the state survives a crash of any instance, and the cost — one
 * short transaction per connection, per chunk and per rate slice — is small against the SMTP round trips.
 */
@Stateless
public class CarrierShaping {

    private static final Logger LOG = Logger.getLogger(CarrierShaping.class.getName());

    /** How long a slot stays leased without {@link #keep}. */
    public static final Duration LEASE = Duration.ofSeconds(120);
    /** How long a want counts without being repeated. */
    public static final Duration WANT = Duration.ofSeconds(15);
    /** Refusals older than this are dropped from the operator's list. */
    static final Duration REFUSALS_KEPT = Duration.ofDays(7);
    static final int REFUSALS_PER_REPORT = 5;

    /** A leased connection slot of a group. */
    public record Lease(CarrierGroup group, int slot, String holder, long networkId, boolean urgent)
            implements Serializable {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CarrierLimits limits;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    OperatorAlerts alerts;

    /**
     * Leases a free connection slot of the group for a lane, unless urgent mail or fairness asks the lane to wait:
     * then records that it wants one and returns empty.
     *
     * @param holder unique per lane (instance boot id, broadcast, group, lane index)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Lease> acquire(CarrierGroup group, String holder, long broadcastId, long networkId, boolean urgent) {
        lockGroup(group);
        Instant now = clock.instant();
        int connections = limits.of(group).connections();
        Slots slots = slots(group, holder, connections, now);
        if (!urgent && (slots.urgentWanting || !mayTake(slots, networkId, connections))) {
            want(group, holder, networkId, urgent, now);
            return Optional.empty();
        }
        List<?> free = em.createNativeQuery("SELECT slot FROM carrier_slots WHERE carrier_group = ? AND slot < ?"
                        + " AND (holder IS NULL OR lease_until <= ?) ORDER BY slot LIMIT 1")
                .setParameter(1, group.name()).setParameter(2, connections).setParameter(3, Timestamp.from(now))
                .getResultList();
        if (free.isEmpty()) {
            want(group, holder, networkId, urgent, now);
            return Optional.empty();
        }
        int slot = ((Number) free.get(0)).intValue();
        em.createNativeQuery("UPDATE carrier_slots SET holder = ?, broadcast_id = ?, network_id = ?, urgent = ?,"
                        + " lease_until = ? WHERE carrier_group = ? AND slot = ?")
                .setParameter(1, holder).setParameter(2, broadcastId).setParameter(3, networkId)
                .setParameter(4, urgent).setParameter(5, Timestamp.from(now.plus(LEASE)))
                .setParameter(6, group.name()).setParameter(7, slot).executeUpdate();
        em.createNativeQuery("DELETE FROM carrier_slot_wants WHERE carrier_group = ? AND holder = ?")
                .setParameter(1, group.name()).setParameter(2, holder).executeUpdate();
        return Optional.of(new Lease(group, slot, holder, networkId, urgent));
    }

    /**
     * After a chunk: renews the lease, or returns false when the lane should give its slot back now (an urgent
     * lane waits for the group, its network holds more than its share while another waits below it, the
     * operator lowered the connections, or the lease was lost).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean keep(Lease lease) {
        Instant now = clock.instant();
        int connections = limits.of(lease.group()).connections();
        if (lease.slot() >= connections) {
            return false;
        }
        if (!lease.urgent()) {
            Slots slots = slots(lease.group(), lease.holder(), connections, now);
            if (slots.urgentWanting || mustYield(slots, lease.networkId(), connections)) {
                return false;
            }
        }
        return em.createNativeQuery("UPDATE carrier_slots SET lease_until = ? WHERE carrier_group = ? AND slot = ?"
                        + " AND holder = ?")
                .setParameter(1, Timestamp.from(now.plus(LEASE))).setParameter(2, lease.group().name())
                .setParameter(3, lease.slot()).setParameter(4, lease.holder()).executeUpdate() == 1;
    }

    /** Gives a slot back (the lane closed its connection). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release(Lease lease) {
        em.createNativeQuery("UPDATE carrier_slots SET holder = NULL, broadcast_id = NULL, network_id = NULL,"
                        + " urgent = FALSE, lease_until = NULL WHERE carrier_group = ? AND slot = ? AND holder = ?")
                .setParameter(1, lease.group().name()).setParameter(2, lease.slot()).setParameter(3, lease.holder())
                .executeUpdate();
    }

    /** The lane stopped waiting for a slot (it ends; its deliveries stay queued). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void withdraw(CarrierGroup group, String holder) {
        em.createNativeQuery("DELETE FROM carrier_slot_wants WHERE carrier_group = ? AND holder = ?")
                .setParameter(1, group.name()).setParameter(2, holder).executeUpdate();
    }

    /**
     * Reserves {@code n} messages of the group's rate (the urgent rate for an urgent lane): the slice to send, or
     * the end of the group's pause (nothing reserved).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Reservation reserve(CarrierGroup group, int n, boolean urgent) {
        GroupPace pace = lockGroup(group);
        Instant now = clock.instant();
        if (pace.paused(now)) {
            return new Reservation(null, pace.pausedUntil());
        }
        CarrierLimits.Limits l = limits.of(group);
        GroupPace.Reserved r = pace.reserve(n, urgent ? l.urgentPerSecond() : l.perSecond(), urgent,
                l.quietMinutes(), Pacing.defaults().zone(), now);
        store(group, r.after());
        return new Reservation(r.slice(), null);
    }

    /** A reserved slice, or the end of the group's pause. */
    public record Reservation(GroupPace.Slice slice, Instant pausedUntil) implements Serializable {
    }

    /**
     * Counts a chunk's replies for the group (all broadcasts and instances together): throttling replies slow it
     * down and then pause it, accepted ones bring it back. A change is logged, told to the operators (and, for a
     * pause, to the admins of the broadcasts waiting for the group) after the commit. Returns the group's pace
     * after the report (its pause, if any, holds for the reporting lane at once).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public GroupPace report(CarrierGroup group, int accepted, List<String> throttlingReplies, long broadcastId) {
        GroupPace pace = lockGroup(group);
        if (accepted == 0 && throttlingReplies.isEmpty()) {
            return pace;
        }
        Instant now = clock.instant();
        for (String reply : throttlingReplies.subList(0, Math.min(REFUSALS_PER_REPORT, throttlingReplies.size()))) {
            em.createNativeQuery("INSERT INTO carrier_refusals (carrier_group, occurred_at, reply, broadcast_id)"
                            + " VALUES (?, ?, ?, ?)").setParameter(1, group.name()).setParameter(2, Timestamp.from(now))
                    .setParameter(3, reply.length() > 512 ? reply.substring(0, 512) : reply)
                    .setParameter(4, broadcastId).executeUpdate();
        }
        if (!throttlingReplies.isEmpty()) {
            em.createNativeQuery("DELETE FROM carrier_refusals WHERE carrier_group = ? AND occurred_at < ?")
                    .setParameter(1, group.name()).setParameter(2, Timestamp.from(now.minus(REFUSALS_KEPT)))
                    .executeUpdate();
        }
        GroupPace.Reported r = pace.report(accepted, throttlingReplies.size(), Pacing.defaults(), now);
        store(group, r.after());
        if (r.change() != GroupPace.Change.NONE) {
            em.createNativeQuery("UPDATE carrier_group_state SET changed_at = ? WHERE carrier_group = ?")
                    .setParameter(1, Timestamp.from(now)).setParameter(2, group.name()).executeUpdate();
            String last = throttlingReplies.isEmpty() ? "-" : throttlingReplies.get(throttlingReplies.size() - 1);
            alert(group, r.change(), r.after(), last, now);
        }
        return r.after();
    }

    /** The group's shared pace as stored now (no lock). */
    public GroupPace pace(CarrierGroup group) {
        return read(group, false);
    }

    // --- slots

    /** Who holds and who wants the group's slots now (live leases and wants only), seen from {@code me}. */
    private record Slots(Map<Long, Integer> heldByNetwork, Set<Long> wantingNetworks, boolean urgentWanting,
            int urgentHeld) {
    }

    private Slots slots(CarrierGroup group, String me, int connections, Instant now) {
        Timestamp ts = Timestamp.from(now);
        Map<Long, Integer> held = new HashMap<>();
        int urgentHeld = 0;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT network_id, urgent, COUNT(*) FROM carrier_slots"
                        + " WHERE carrier_group = ? AND holder IS NOT NULL AND lease_until > ? GROUP BY network_id, urgent")
                .setParameter(1, group.name()).setParameter(2, ts).getResultList();
        for (Object[] r : rows) {
            int n = ((Number) r[2]).intValue();
            if (truthy(r[1])) {
                urgentHeld += n;
            } else if (r[0] != null) {
                held.merge(((Number) r[0]).longValue(), n, Integer::sum);
            }
        }
        Set<Long> wanting = new HashSet<>();
        boolean urgentWanting = false;
        @SuppressWarnings("unchecked")
        List<Object[]> wants = em.createNativeQuery("SELECT network_id, urgent FROM carrier_slot_wants"
                        + " WHERE carrier_group = ? AND want_until > ? AND holder <> ?")
                .setParameter(1, group.name()).setParameter(2, ts).setParameter(3, me).getResultList();
        for (Object[] w : wants) {
            if (truthy(w[1])) {
                urgentWanting = true;
            } else {
                wanting.add(((Number) w[0]).longValue());
            }
        }
        return new Slots(held, wanting, urgentWanting, urgentHeld);
    }

    /** A normal lane may take a slot unless its network is at its share and another network waits below its share. */
    private static boolean mayTake(Slots s, long network, int connections) {
        int share = share(s, network, connections);
        return s.heldByNetwork.getOrDefault(network, 0) < share || !someoneBelowShareWaits(s, network, share);
    }

    /** A normal holder gives a slot back when its network is above its share and another waits below it. */
    private static boolean mustYield(Slots s, long network, int connections) {
        int share = share(s, network, connections);
        return s.heldByNetwork.getOrDefault(network, 0) > share && someoneBelowShareWaits(s, network, share);
    }

    private static int share(Slots s, long network, int connections) {
        Set<Long> participants = new HashSet<>(s.heldByNetwork.keySet());
        participants.addAll(s.wantingNetworks);
        participants.add(network);
        return Math.max(1, Math.max(0, connections - s.urgentHeld) / participants.size());
    }

    private static boolean someoneBelowShareWaits(Slots s, long network, int share) {
        return s.wantingNetworks.stream().anyMatch(n -> n != network && s.heldByNetwork.getOrDefault(n, 0) < share);
    }

    private void want(CarrierGroup group, String holder, long networkId, boolean urgent, Instant now) {
        em.createNativeQuery("INSERT INTO carrier_slot_wants (carrier_group, holder, network_id, urgent, want_until)"
                        + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE want_until = VALUES(want_until)")
                .setParameter(1, group.name()).setParameter(2, holder).setParameter(3, networkId)
                .setParameter(4, urgent).setParameter(5, Timestamp.from(now.plus(WANT))).executeUpdate();
        em.createNativeQuery("DELETE FROM carrier_slot_wants WHERE carrier_group = ? AND want_until < ?")
                .setParameter(1, group.name()).setParameter(2, Timestamp.from(now.minus(WANT))).executeUpdate();
    }

    // --- the state row

    private GroupPace lockGroup(CarrierGroup group) {
        return read(group, true);
    }

    private GroupPace read(CarrierGroup group, boolean lock) {
        String sql = "SELECT UNIX_TIMESTAMP(next_send_at), halvings, throttled, accepted, UNIX_TIMESTAMP(paused_until),"
                + " pauses FROM carrier_group_state WHERE carrier_group = ?" + (lock ? " FOR UPDATE" : "");
        List<?> rows = em.createNativeQuery(sql).setParameter(1, group.name()).getResultList();
        if (rows.isEmpty()) {
            em.createNativeQuery("INSERT IGNORE INTO carrier_group_state (carrier_group, next_send_at) VALUES (?, ?)")
                    .setParameter(1, group.name()).setParameter(2, Timestamp.from(clock.instant())).executeUpdate();
            rows = em.createNativeQuery(sql).setParameter(1, group.name()).getResultList();
        }
        Object[] r = (Object[]) rows.get(0);
        return new GroupPace(EpochSeconds.instant(r[0]), ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), r[4] == null ? null : EpochSeconds.instant(r[4]),
                ((Number) r[5]).intValue());
    }

    private void store(CarrierGroup group, GroupPace p) {
        em.createNativeQuery("UPDATE carrier_group_state SET next_send_at = ?, halvings = ?, throttled = ?, accepted = ?,"
                        + " paused_until = ?, pauses = ? WHERE carrier_group = ?")
                .setParameter(1, Timestamp.from(p.nextSendAt())).setParameter(2, p.halvings())
                .setParameter(3, p.throttled()).setParameter(4, p.accepted())
                .setParameter(5, p.pausedUntil() == null ? null : Timestamp.from(p.pausedUntil()))
                .setParameter(6, p.pauses()).setParameter(7, group.name()).executeUpdate();
    }

    // --- alerts

    private void alert(CarrierGroup group, GroupPace.Change change, GroupPace now, String lastReply, Instant at) {
        CarrierLimits.Limits l = limits.of(group);
        String rate = String.format("%.1f", now.rate(l.perSecond()));
        LOG.warning(() -> "Carrier group " + group + " " + change + " for the whole service: rate " + rate
                + "/s, paused until " + now.pausedUntil() + "; last reply " + lastReply);
        if (change == GroupPace.Change.RECOVERED) {
            return;
        }
        String key = change == GroupPace.Change.PAUSED ? "carrierPaused" : "carrierSlowed";
        Function<Locale, Object[]> args = language -> new Object[] {groupName(language, group), rate,
                now.pausedUntil() == null ? "-" : MailTexts.time(language, now.pausedUntil()), lastReply,
                OperatorAlerts.consoleUrl("operator/carriers.xhtml")};
        alerts.send(key + ".subject", key + ".body", args, args, "carrier group " + change.name().toLowerCase());
        if (change == GroupPace.Change.PAUSED) {
            alertAdmins(group, now.pausedUntil(), lastReply, at);
        }
    }

    /** The admins of every network whose broadcast waits for the paused group, once per broadcast. */
    private void alertAdmins(CarrierGroup group, Instant until, String lastReply, Instant at) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT a.email, a.display_name, n.name, b.subject, a.language"
                        + " FROM broadcasts b"
                        + " JOIN networks n ON n.id = b.network_id JOIN admins a ON a.network_id = b.network_id"
                        + " AND a.active = TRUE WHERE b.status = 'SENDING' AND EXISTS (SELECT 1 FROM deliveries d"
                        + " WHERE d.broadcast_id = b.id AND d.carrier_group = ? AND d.status IN ('PENDING', 'DEFERRED'))"
                        + " ORDER BY b.id, a.id")
                .setParameter(1, group.name()).getResultList();
        String reply = lastReply == null || lastReply.isBlank() ? "-" : lastReply;
        for (Object[] r : rows) {
            String to = (String) r[0];
            if (EmailAddress.isValid(to)) {
                Locale language = Language.of((String) r[4]).locale();
                String groupName = groupName(language, group);
                mail.fire(new OutgoingMail(EmailAddress.of(to),
                        MailTexts.text(language, "lanePaused.subject", r[1], r[2], r[3], groupName),
                        MailTexts.text(language, "lanePaused.body", r[1], r[2], r[3], groupName,
                                MailTexts.time(language, until), reply, OperatorAlerts.consoleUrl("")),
                        "carrier group paused"));
            }
        }
    }

    private static String groupName(Locale language, CarrierGroup group) {
        return MailTexts.text(language, "carrierGroup." + group.name());
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }
}
