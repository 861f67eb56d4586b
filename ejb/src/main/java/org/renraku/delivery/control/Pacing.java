package org.renraku.delivery.control;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * How a broadcast's job is laid out and how the shared pace reacts: per carrier group its connections and messages
 * per connection (the operator's limits), whether it is paced at all, and the rules with which throttling replies
 * slow a group down ({@link GroupPace}).
 * <p>
 * {@link #plan} turns it into one {@link Lane} per connection: the sending job runs a partition per lane. The rate,
 * the quiet minutes and the number of connections open at once are not a lane's: every lane reserves them from
 * its group's shared state ({@code CarrierShaping}), so they hold for all broadcasts and instances together.
 *
 * @param groups              each carrier group's lanes (missing groups take {@link Group#defaults})
 * @param paced               false sends as fast as the connections go (no rate, no quiet minutes) — for
 *                            benchmarks and tests; the connection limits stay
 * @param zone                the zone whose hours count for the quiet minutes (Asia/Tokyo)
 * @param throttleStreak      throttling replies in a row that halve a group's rate
 * @param halvingsBeforePause halvings after which the next streak pauses the group instead
 * @param pause               how long a paused group waits before it resumes by itself (doubling each time, at most 4 h)
 * @param recoverAfter        accepted messages in a row after which a halved rate doubles again
 */
public record Pacing(Map<CarrierGroup, Group> groups, boolean paced, ZoneId zone, int throttleStreak,
        int halvingsBeforePause, Duration pause, int recoverAfter) implements Serializable {

    /** Docomo, au and SoftBank refuse more than this many messages on one connection. */
    public static final int MOBILE_MAX_PER_CONNECTION = 100;
    public static final Duration MAX_PAUSE = Duration.ofHours(4);
    /** Minutes after each full hour in which normal mail does not start, unless the operator says otherwise. */
    public static final int QUIET_MINUTES = 5;

    /**
     * One carrier group's limits.
     *
     * @param perSecond             normal rate over all its connections, all broadcasts together
     * @param urgentPerSecond       rate while urgent mail goes to the group
     * @param messagesPerConnection messages before the connection is closed and a new one opened
     * @param connections           connections open at once, all broadcasts and instances together
     */
    public record Group(double perSecond, double urgentPerSecond, int messagesPerConnection, int connections)
            implements Serializable {

        public Group {
            if (!(perSecond > 0) || !(urgentPerSecond > 0) || messagesPerConnection < 1 || connections < 1) {
                throw new IllegalArgumentException("Pacing needs positive rates, messages per connection and connections");
            }
        }

        /**
         * The starting values (V19 seeds the same): Japanese mobile carriers 5/s (urgent 20/s) on 2 connections of
         * at most 100 messages; Gmail 10/s (urgent 50/s) on 3; others 10/s (urgent 30/s) on 2.
         */
        public static Group defaults(CarrierGroup group) {
            if (group.japaneseMobile()) {
                return new Group(5, 20, MOBILE_MAX_PER_CONNECTION, 2);
            }
            if (group == CarrierGroup.GMAIL) {
                return new Group(10, 50, 100, 3);
            }
            return new Group(10, 30, 100, 2);
        }
    }

    /**
     * One connection's share of a broadcast: the partition of the sending job. {@code index} counts the lanes of
     * a group from 0; {@code of} is how many it has (the job splits the group's deliveries by id modulo).
     */
    public record Lane(CarrierGroup group, int index, int of, int messagesPerConnection) implements Serializable {
    }

    public Pacing {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(pause, "pause");
        EnumMap<CarrierGroup, Group> all = new EnumMap<>(CarrierGroup.class);
        for (CarrierGroup g : CarrierGroup.values()) {
            Group given = groups == null ? null : groups.get(g);
            Group settings = given == null ? Group.defaults(g) : given;
            if (g.japaneseMobile() && settings.messagesPerConnection() > MOBILE_MAX_PER_CONNECTION) {
                settings = new Group(settings.perSecond(), settings.urgentPerSecond(), MOBILE_MAX_PER_CONNECTION,
                        settings.connections());
            }
            all.put(g, settings);
        }
        groups = Map.copyOf(all);
        if (throttleStreak < 1 || halvingsBeforePause < 0 || pause.isNegative() || recoverAfter < 1) {
            throw new IllegalArgumentException("Bad pacing settings");
        }
    }

    /**
     * The defaults: paced, 3 throttling replies in a row halve a group's rate, the next 3 pause it for 30
     * minutes, 500 accepted messages restore a halving.
     */
    public static Pacing defaults() {
        return new Pacing(Map.of(), true, ZoneId.of("Asia/Tokyo"), 3, 1, Duration.ofMinutes(30), 500);
    }

    /** The same rules with other groups' limits. */
    public Pacing withGroups(Map<CarrierGroup, Group> newGroups, boolean newPaced) {
        return new Pacing(newGroups, newPaced, zone, throttleStreak, halvingsBeforePause, pause, recoverAfter);
    }

    public Group group(CarrierGroup group) {
        return groups.get(group);
    }

    /** The lanes for a broadcast to {@code present} carrier groups (those with deliveries): one per connection. */
    public List<Lane> plan(List<CarrierGroup> present) {
        List<Lane> lanes = new ArrayList<>();
        for (CarrierGroup g : CarrierGroup.values()) {
            if (present.contains(g)) {
                Group s = groups.get(g);
                for (int i = 0; i < s.connections(); i++) {
                    lanes.add(new Lane(g, i, s.connections(), s.messagesPerConnection()));
                }
            }
        }
        return lanes;
    }
}
