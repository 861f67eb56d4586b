package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * What the operator allows per carrier group ({@code carrier_group_limits}, V19): the limits that hold for the whole
 * service — every broadcast, re-send, test mail and instance together. A group without a row takes
 * {@link Pacing.Group#defaults} and 5 quiet minutes.
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
                    Pacing.defaults().avoidFirstMinutes());
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
        return all;
    }

    public Limits of(CarrierGroup group) {
        return all().get(group);
    }
}
