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
 * How fast a broadcast may go: per carrier group a normal and an urgent rate, messages per SMTP connection and
 * parallel connections; a global rate over all groups; the first minutes of each hour to keep out of (when
 * everyone's scheduled mail hits the Japanese carriers); and how the pacer reacts to refusals.
 * <p>
 * {@link #plan} turns it into one {@link Lane} per connection: the sending job runs a partition per lane, each
 * with its own {@link SendPacer}, so no pace is shared between threads or kept in a singleton.
 *
 * @param groups                 settings of each carrier group (missing groups take {@link Group#defaults})
 * @param globalPerSecond        cap on the sum of all lanes' rates; 0 for none
 * @param avoidFirstMinutes      minutes after each full hour in which nothing starts (0 to 59; ignored when urgent)
 * @param zone                   the zone whose hours count (Asia/Tokyo)
 * @param throttleStreak         throttling replies in a row that halve a lane's rate
 * @param halvingsBeforePause    halvings after which the next streak pauses the lane instead
 * @param pause                  how long a paused lane waits before it resumes by itself (doubling each time, at most 4 h)
 * @param recoverAfter           accepted messages in a row after which a halved rate doubles again
 */
public record Pacing(Map<CarrierGroup, Group> groups, double globalPerSecond, int avoidFirstMinutes, ZoneId zone,
        int throttleStreak, int halvingsBeforePause, Duration pause, int recoverAfter) implements Serializable {

    /** Docomo, au and SoftBank refuse more than this many messages on one connection. */
    public static final int MOBILE_MAX_PER_CONNECTION = 100;
    public static final Duration MAX_PAUSE = Duration.ofHours(4);

    /**
     * One carrier group's limits.
     *
     * @param perSecond             normal rate over all its connections
     * @param urgentPerSecond       rate in urgent mode ("as fast as the limits allow")
     * @param messagesPerConnection messages before the connection is closed and a new one opened
     * @param connections           parallel connections
     */
    public record Group(double perSecond, double urgentPerSecond, int messagesPerConnection, int connections)
            implements Serializable {

        public Group {
            if (!(perSecond > 0) || !(urgentPerSecond > 0) || messagesPerConnection < 1 || connections < 1) {
                throw new IllegalArgumentException("Pacing needs positive rates, messages per connection and connections");
            }
        }

        /**
         * Starting values, to be tuned from the delivery dashboard: Japanese mobile carriers 5/s (urgent 20/s)
         * on 2 connections of at most 100 messages; Gmail 10/s (urgent 50/s) on 3; others 10/s (urgent 30/s) on 2.
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
    public record Lane(CarrierGroup group, int index, int of, double perSecond, int messagesPerConnection)
            implements Serializable {
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
        if (globalPerSecond < 0 || avoidFirstMinutes < 0 || avoidFirstMinutes > 59 || throttleStreak < 1
                || halvingsBeforePause < 0 || pause.isNegative() || recoverAfter < 1) {
            throw new IllegalArgumentException("Bad pacing settings");
        }
    }

    /**
     * The defaults: no global cap, the first 5 minutes of each hour avoided, 3 throttling replies in a row halve
     * a lane's rate, the next 3 pause it for 30 minutes, 500 accepted messages restore a halving.
     */
    public static Pacing defaults() {
        return new Pacing(Map.of(), 0, 5, ZoneId.of("Asia/Tokyo"), 3, 1, Duration.ofMinutes(30), 500);
    }

    public Group group(CarrierGroup group) {
        return groups.get(group);
    }

    /**
     * The lanes for a broadcast to {@code present} carrier groups (those with deliveries). Each group's rate is
     * split evenly over its connections; when the sum exceeds the global cap, every lane is slowed by the same
     * factor. Urgent mode uses the urgent rates; the per-connection limits, the connection counts and the global
     * cap hold in both modes.
     */
    public List<Lane> plan(List<CarrierGroup> present, boolean urgent) {
        List<Lane> lanes = new ArrayList<>();
        double total = 0;
        for (CarrierGroup g : CarrierGroup.values()) {
            if (present.contains(g)) {
                Group s = groups.get(g);
                double rate = (urgent ? s.urgentPerSecond() : s.perSecond()) / s.connections();
                for (int i = 0; i < s.connections(); i++) {
                    lanes.add(new Lane(g, i, s.connections(), rate, s.messagesPerConnection()));
                    total += rate;
                }
            }
        }
        if (globalPerSecond > 0 && total > globalPerSecond) {
            double factor = globalPerSecond / total;
            lanes.replaceAll(l -> new Lane(l.group(), l.index(), l.of(), l.perSecond() * factor,
                    l.messagesPerConnection()));
        }
        return lanes;
    }
}
