package org.renraku.delivery.boundary;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.platform.control.EpochSeconds;

/**
 * What the operator allows per carrier group ({@code carrier_group_limits}, V19): the limits that hold for the whole
 * service — every broadcast, re-send, test mail and instance together. A group without a row takes
 * {@link Pacing.Group#defaults} and 5 quiet minutes.
 * <p>
 * {@code renraku.delivery.avoid-first-minutes}, when set, caps every group's quiet minutes: the integration tests
 * set 0 so that a test run at the top of the hour does not wait; an installation leaves it unset.
 */
@Stateless
public class CarrierLimits {

    /** The most connections a group may have at once (the slots V19 created per group). */
    public static final int MAX_CONNECTIONS = 64;
    /** The most messages per connection for docomo, au, SoftBank and Rakuten ({@link CarrierGroup#japaneseMobile}). */
    public static final int MAX_MESSAGES_PER_CONNECTION_MOBILE = 100;
    /** The most messages per connection for the other groups. */
    public static final int MAX_MESSAGES_PER_CONNECTION = 1000;
    /** The highest rate (messages per second, normal or urgent) the operator may set. */
    public static final double MAX_PER_SECOND = 10_000;
    /** The most quiet minutes after each full hour. */
    public static final int MAX_QUIET_MINUTES = 30;

    /** Fields of {@link Limits}, as {@link Problem#field} names them. */
    public static final String CONNECTIONS = "connections";
    public static final String MESSAGES_PER_CONNECTION = "messagesPerConnection";
    public static final String PER_SECOND = "perSecond";
    public static final String URGENT_PER_SECOND = "urgentPerSecond";
    public static final String QUIET_MINUTES = "quietMinutes";

    /**
     * What is wrong with one field of a group's limits: a key of the web module's bundle
     * ({@code operator.carriers.error.*}) and its arguments (the allowed bounds).
     */
    public record Problem(String field, String key, String... arguments) {
    }

    /** Limits the rules refuse; nothing was changed (the transaction rolls back). */
    @ApplicationException(rollback = true)
    public static class RefusedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient List<Problem> problems;

        public RefusedException(List<Problem> problems) {
            super(problems.toString());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * One group's limits.
     *
     * @param quietMinutes minutes after each full hour (Asia/Tokyo) in which normal mail does not start
     */
    public record Limits(CarrierGroup group, int connections, int messagesPerConnection, double perSecond,
            double urgentPerSecond, int quietMinutes) implements java.io.Serializable {

        public static Limits defaults(CarrierGroup group) {
            Pacing.Group d = Pacing.Group.defaults(group);
            return new Limits(group, d.connections(), d.messagesPerConnection(), d.perSecond(), d.urgentPerSecond(),
                    Pacing.QUIET_MINUTES);
        }
    }

    /**
     * What is wrong with {@code limits}, field by field (empty: they may be saved): connections 1 to
     * {@link #MAX_CONNECTIONS}; messages per connection 1 to 100 for the Japanese mobile carriers (their limit per
     * SMTP connection) and 1 to 1000 otherwise; both rates above 0 and at most {@link #MAX_PER_SECOND}, the urgent
     * rate at least the normal one (an urgent broadcast is never slower); quiet minutes 0 to 30.
     */
    public static List<Problem> problems(Limits limits) {
        List<Problem> problems = new ArrayList<>();
        if (limits.connections() < 1 || limits.connections() > MAX_CONNECTIONS) {
            problems.add(new Problem(CONNECTIONS, "operator.carriers.error.connections", "1",
                    String.valueOf(MAX_CONNECTIONS)));
        }
        int maxMessages = maxMessagesPerConnection(limits.group());
        if (limits.messagesPerConnection() < 1 || limits.messagesPerConnection() > maxMessages) {
            problems.add(new Problem(MESSAGES_PER_CONNECTION, limits.group().japaneseMobile()
                    ? "operator.carriers.error.messagesPerConnectionMobile"
                    : "operator.carriers.error.messagesPerConnection", "1", String.valueOf(maxMessages)));
        }
        boolean rateOk = rateAllowed(limits.perSecond());
        if (!rateOk) {
            problems.add(new Problem(PER_SECOND, "operator.carriers.error.rate", rate(MAX_PER_SECOND)));
        }
        if (!rateAllowed(limits.urgentPerSecond())) {
            problems.add(new Problem(URGENT_PER_SECOND, "operator.carriers.error.rate", rate(MAX_PER_SECOND)));
        } else if (rateOk && limits.urgentPerSecond() < limits.perSecond()) {
            problems.add(new Problem(URGENT_PER_SECOND, "operator.carriers.error.urgentBelowNormal",
                    rate(limits.perSecond())));
        }
        if (limits.quietMinutes() < 0 || limits.quietMinutes() > MAX_QUIET_MINUTES) {
            problems.add(new Problem(QUIET_MINUTES, "operator.carriers.error.quietMinutes", "0",
                    String.valueOf(MAX_QUIET_MINUTES)));
        }
        return problems;
    }

    /** 100 for docomo, au, SoftBank and Rakuten, 1000 for the others. */
    public static int maxMessagesPerConnection(CarrierGroup group) {
        return group.japaneseMobile() ? MAX_MESSAGES_PER_CONNECTION_MOBILE : MAX_MESSAGES_PER_CONNECTION;
    }

    private static boolean rateAllowed(double perSecond) {
        return Double.isFinite(perSecond) && perSecond > 0 && perSecond <= MAX_PER_SECOND;
    }

    /** A rate as the messages and the audit show it: no trailing ".0". */
    static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) && Math.abs(perSecond) < 1e15
                ? String.valueOf((long) perSecond) : String.format(Locale.ROOT, "%s", perSecond);
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /**
     * Every group's limits as the operator set them (defaults for a group without a row), in the order of
     * {@link CarrierGroup}: what the operator page shows and edits. The sending uses {@link #all()}.
     */
    public Map<CarrierGroup, Limits> stored() {
        Map<CarrierGroup, Limits> all = new EnumMap<>(CarrierGroup.class);
        for (CarrierGroup g : CarrierGroup.values()) {
            all.put(g, Limits.defaults(g));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SELECT).getResultList();
        for (Object[] r : rows) {
            CarrierGroup g;
            try {
                g = CarrierGroup.valueOf(r[0].toString());
            } catch (IllegalArgumentException e) {
                continue; // a group this version does not know
            }
            all.put(g, limits(g, r));
        }
        return all;
    }

    private static final String SELECT = "SELECT carrier_group, connections, messages_per_connection, per_second,"
            + " urgent_per_second, quiet_minutes FROM carrier_group_limits";

    private static Limits limits(CarrierGroup g, Object[] r) {
        return new Limits(g, ((Number) r[1]).intValue(), ((Number) r[2]).intValue(), ((Number) r[3]).doubleValue(),
                ((Number) r[4]).doubleValue(), ((Number) r[5]).intValue());
    }

    /** Every group's limits in force, in the order of {@link CarrierGroup}: {@link #stored()}, quiet minutes capped. */
    public Map<CarrierGroup, Limits> all() {
        Map<CarrierGroup, Limits> all = stored();
        all.replaceAll((g, l) -> inForce(l));
        return all;
    }

    /**
     * One group's limits in force (its row only: the shaping asks for them per connection, chunk and rate slice).
     */
    public Limits of(CarrierGroup group) {
        List<?> rows = em.createNativeQuery(SELECT + " WHERE carrier_group = ?").setParameter(1, group.name())
                .getResultList();
        return inForce(rows.isEmpty() ? Limits.defaults(group) : limits(group, (Object[]) rows.get(0)));
    }

    /** The limits with the quiet minutes capped by {@code renraku.delivery.avoid-first-minutes} when it is set. */
    private static Limits inForce(Limits l) {
        Optional<Integer> cap = ConfigProvider.getConfig().getOptionalValue("renraku.delivery.avoid-first-minutes",
                Integer.class);
        return cap.isEmpty() || l.quietMinutes() <= cap.get() ? l : new Limits(l.group(), l.connections(),
                l.messagesPerConnection(), l.perSecond(), l.urgentPerSecond(), Math.max(0, cap.get()));
    }

    /**
     * Saves one group's limits on behalf of the operator, audited (CARRIER_LIMITS_CHANGED, the detail: what
     * changed, from and to). Refused with {@link RefusedException} when {@link #problems} finds any. Returns
     * false when nothing changed (nothing is written or audited then).
     */
    public boolean update(Limits limits, String operatorUserId, String clientAddress) {
        Objects.requireNonNull(limits.group(), "group");
        List<Problem> problems = problems(limits);
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        Limits before = stored().get(limits.group());
        String changes = changes(before, limits);
        if (changes.isEmpty()) {
            return false;
        }
        em.createNativeQuery("INSERT INTO carrier_group_limits (carrier_group, connections, messages_per_connection,"
                        + " per_second, urgent_per_second, quiet_minutes, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE connections = VALUES(connections),"
                        + " messages_per_connection = VALUES(messages_per_connection), per_second = VALUES(per_second),"
                        + " urgent_per_second = VALUES(urgent_per_second), quiet_minutes = VALUES(quiet_minutes),"
                        + " updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)")
                .setParameter(1, limits.group().name()).setParameter(2, limits.connections())
                .setParameter(3, limits.messagesPerConnection()).setParameter(4, limits.perSecond())
                .setParameter(5, limits.urgentPerSecond()).setParameter(6, limits.quietMinutes())
                .setParameter(7, Timestamp.from(clock.instant())).setParameter(8, operatorUserId)
                .executeUpdate();
        audit.recordWithin(AuditKind.CARRIER_LIMITS_CHANGED, null, operatorUserId, limits.group().name(), changes,
                clientAddress);
        return true;
    }

    /** What differs between two limits of a group, e.g. "connections 2→4, per_second 5→8"; empty when nothing. */
    static String changes(Limits before, Limits after) {
        List<String> out = new ArrayList<>();
        if (before.connections() != after.connections()) {
            out.add("connections " + before.connections() + "→" + after.connections());
        }
        if (before.messagesPerConnection() != after.messagesPerConnection()) {
            out.add("messages_per_connection " + before.messagesPerConnection() + "→"
                    + after.messagesPerConnection());
        }
        if (Double.compare(before.perSecond(), after.perSecond()) != 0) {
            out.add("per_second " + rate(before.perSecond()) + "→" + rate(after.perSecond()));
        }
        if (Double.compare(before.urgentPerSecond(), after.urgentPerSecond()) != 0) {
            out.add("urgent_per_second " + rate(before.urgentPerSecond()) + "→" + rate(after.urgentPerSecond()));
        }
        if (before.quietMinutes() != after.quietMinutes()) {
            out.add("quiet_minutes " + before.quietMinutes() + "→" + after.quietMinutes());
        }
        return String.join(", ", out);
    }

    /**
     * Ends the pause of a group that its throttling replies caused ({@code carrier_group_state.paused_until}), on
     * behalf of the operator, audited (CARRIER_GROUP_RESUMED, the detail: until when it was paused). Only the pause
     * is cleared; the halvings of the rate and the count of pauses in a row stay the runtime's. Returns false when
     * the group was not paused (any more): nothing is written or audited then.
     */
    public boolean resume(CarrierGroup group, String operatorUserId, String clientAddress) {
        Timestamp now = Timestamp.from(clock.instant());
        Object until = em.createNativeQuery("SELECT UNIX_TIMESTAMP(paused_until) FROM carrier_group_state"
                        + " WHERE carrier_group = ? AND paused_until > ? FOR UPDATE")
                .setParameter(1, group.name()).setParameter(2, now).getResultStream().findFirst().orElse(null);
        if (until == null) {
            return false;
        }
        em.createNativeQuery("UPDATE carrier_group_state SET paused_until = NULL WHERE carrier_group = ?")
                .setParameter(1, group.name()).executeUpdate();
        Instant pausedUntil = EpochSeconds.instant(until);
        audit.recordWithin(AuditKind.CARRIER_GROUP_RESUMED, null, operatorUserId, group.name(),
                "paused until " + pausedUntil, clientAddress);
        return true;
    }

    /** The lanes' part of the limits, for the sending job's plan. */
    public static Map<CarrierGroup, Pacing.Group> lanes(Map<CarrierGroup, Limits> all) {
        Map<CarrierGroup, Pacing.Group> groups = new EnumMap<>(CarrierGroup.class);
        all.forEach((g, l) -> groups.put(g, new Pacing.Group(l.perSecond(), l.urgentPerSecond(),
                l.messagesPerConnection(), l.connections())));
        return groups;
    }
}
