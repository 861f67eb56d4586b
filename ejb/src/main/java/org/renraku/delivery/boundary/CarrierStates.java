package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.platform.control.EpochSeconds;

/**
 * Where each carrier group stands now, with its limits as the operator set them ({@link CarrierLimits#stored()}), for
 * the operator page (read only: the delivery runtime writes these tables):
 * the rate allowed now ({@code carrier_group_limits.per_second} halved {@code carrier_group_state.halvings} times
 * after throttling replies), the pause ({@code paused_until}, only while it lies ahead), the connections in use
 * (leased {@code carrier_slots} whose lease has not run out) and the last throttling replies
 * ({@code carrier_refusals}, newest {@link #REFUSALS} per group).
 */
@Stateless
public class CarrierStates {

    /** How many of a group's last refusals are shown. */
    public static final int REFUSALS = 5;

    /** A throttling reply of the group's receiving servers, as received. */
    public record Refusal(Instant at, String reply) implements Serializable {
    }

    /**
     * One group now. {@code pausedUntil}: null when the group is not paused (or the pause has passed);
     * {@code refusals}: newest first.
     */
    public record State(CarrierGroup group, CarrierLimits.Limits limits, int halvings, double allowedPerSecond,
            Instant pausedUntil, int connectionsInUse, List<Refusal> refusals) implements Serializable {

        public boolean paused() {
            return pausedUntil != null;
        }

        public boolean throttled() {
            return halvings > 0;
        }
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CarrierLimits carrierLimits;

    /** Every group, in the order of {@link CarrierGroup}. */
    public List<State> all() {
        Instant now = clock.instant();
        Timestamp nowTs = Timestamp.from(now);
        Map<CarrierGroup, CarrierLimits.Limits> limits = carrierLimits.stored();

        Map<CarrierGroup, Integer> halvings = new EnumMap<>(CarrierGroup.class);
        Map<CarrierGroup, Instant> paused = new EnumMap<>(CarrierGroup.class);
        for (Object o : em.createNativeQuery("SELECT carrier_group, halvings, UNIX_TIMESTAMP(paused_until)"
                + " FROM carrier_group_state").getResultList()) {
            Object[] r = (Object[]) o;
            CarrierGroup g = group(r[0]);
            if (g == null) {
                continue;
            }
            halvings.put(g, ((Number) r[1]).intValue());
            Instant until = EpochSeconds.instant(r[2]);
            if (until != null && until.isAfter(now)) {
                paused.put(g, until);
            }
        }

        Map<CarrierGroup, Integer> inUse = new EnumMap<>(CarrierGroup.class);
        for (Object o : em.createNativeQuery("SELECT carrier_group, COUNT(*) FROM carrier_slots"
                        + " WHERE holder IS NOT NULL AND lease_until > ? GROUP BY carrier_group")
                .setParameter(1, nowTs).getResultList()) {
            Object[] r = (Object[]) o;
            CarrierGroup g = group(r[0]);
            if (g != null) {
                inUse.put(g, ((Number) r[1]).intValue());
            }
        }

        List<State> states = new ArrayList<>();
        for (CarrierGroup g : CarrierGroup.values()) {
            CarrierLimits.Limits l = limits.get(g);
            int h = halvings.getOrDefault(g, 0);
            states.add(new State(g, l, h, allowed(l.perSecond(), h), paused.get(g), inUse.getOrDefault(g, 0),
                    List.copyOf(refusals(g))));
        }
        return states;
    }

    /** The rate allowed after {@code halvings} halvings of {@code perSecond} (a negative count counts as none). */
    public static double allowed(double perSecond, int halvings) {
        return perSecond / Math.pow(2, Math.max(0, Math.min(halvings, 1000)));
    }

    /** The group's last refusals, newest first (one short query on the group's index). */
    private List<Refusal> refusals(CarrierGroup group) {
        List<Refusal> out = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT UNIX_TIMESTAMP(occurred_at), reply FROM carrier_refusals"
                        + " WHERE carrier_group = ? ORDER BY occurred_at DESC, id DESC LIMIT " + REFUSALS)
                .setParameter(1, group.name()).getResultList()) {
            Object[] r = (Object[]) o;
            out.add(new Refusal(EpochSeconds.instant(r[0]), (String) r[1]));
        }
        return out;
    }

    private static CarrierGroup group(Object name) {
        try {
            return CarrierGroup.valueOf(name.toString());
        } catch (IllegalArgumentException e) {
            return null; // a group this version does not know: not shown
        }
    }
}
