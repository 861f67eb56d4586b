package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

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

    /**
     * One group's limits.
     *
     * @param quietMinutes minutes after each full hour (Asia/Tokyo) in which normal mail does not start
     */
    public record Limits(CarrierGroup group, int connections, int messagesPerConnection, double perSecond,
            double urgentPerSecond, int quietMinutes) {

        public static Limits defaults(CarrierGroup group) {
            Pacing.Group d = Pacing.Group.defaults(group);
            return new Limits(group, d.connections(), d.messagesPerConnection(), d.perSecond(), d.urgentPerSecond(),
                    Pacing.QUIET_MINUTES);
        }
    }

    @PersistenceContext
    EntityManager em;

    /** Every group's limits, in the order of {@link CarrierGroup}. */
    public Map<CarrierGroup, Limits> all() {
        Map<CarrierGroup, Limits> all = new EnumMap<>(CarrierGroup.class);
        for (CarrierGroup g : CarrierGroup.values()) {
            all.put(g, Limits.defaults(g));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT carrier_group, connections, messages_per_connection,"
                + " per_second, urgent_per_second, quiet_minutes FROM carrier_group_limits").getResultList();
        for (Object[] r : rows) {
            CarrierGroup g;
            try {
                g = CarrierGroup.valueOf(r[0].toString());
            } catch (IllegalArgumentException e) {
                continue; // a group this version does not know
            }
            all.put(g, new Limits(g, ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                    ((Number) r[3]).doubleValue(), ((Number) r[4]).doubleValue(), ((Number) r[5]).intValue()));
        }
        Optional<Integer> cap = ConfigProvider.getConfig().getOptionalValue("renraku.delivery.avoid-first-minutes",
                Integer.class);
        cap.ifPresent(c -> all.replaceAll((g, l) -> l.quietMinutes() <= c ? l : new Limits(g, l.connections(),
                l.messagesPerConnection(), l.perSecond(), l.urgentPerSecond(), Math.max(0, c))));
        return all;
    }

    public Limits of(CarrierGroup group) {
        return all().get(group);
    }

    /** The lanes' part of the limits, for the sending job's plan. */
    public static Map<CarrierGroup, Pacing.Group> lanes(Map<CarrierGroup, Limits> all) {
        Map<CarrierGroup, Pacing.Group> groups = new EnumMap<>(CarrierGroup.class);
        all.forEach((g, l) -> groups.put(g, new Pacing.Group(l.perSecond(), l.urgentPerSecond(),
                l.messagesPerConnection(), l.connections())));
        return groups;
    }
}
