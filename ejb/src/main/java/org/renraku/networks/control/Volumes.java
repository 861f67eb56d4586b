package org.renraku.networks.control;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a network sent and what came back: messages accepted in the last 7 and 30 days, and the bounce
 * and complaint rates of the last 30 days — for every network at once (the operator's list) or for one (the
 * console's home). Grouped queries, never a row per message:
 * <ul>
 * <li>messages: the deliveries of broadcasts started in the last 31 days (a delivery is sent within 24 h of its
 * broadcast's start, so none of the period is missed), through {@code ix_deliveries_partition}; the
 * deliveries table has no index by time, and a scan of it would grow with the service's whole history;</li>
 * <li>bounces (hard, soft, blocked) and complaints: {@code bounce_events} by {@code ix_bounce_events_network_time}.</li>
 * </ul>
 * The rates are those of the 配信エラー page ({@code bounces.boundary.CarrierRate}): a share of the messages attempted
 * (accepted or refused for good), never of fewer messages than the events counted.
 */
public final class Volumes {

    /** The period of the rates, as on the 配信エラー page. */
    public static final Duration PERIOD = Duration.ofDays(30);
    public static final Duration WEEK = Duration.ofDays(7);
    /**
     * Bounce rate (percent) above which the console's home raises an alert: well-kept lists stay under 2 %; above
     * 5 % the large mailbox providers start to slow down or refuse a sender.
     */
    public static final double BOUNCE_ALERT_PERCENT = 5.0;
    /**
     * Complaint rate (percent) above which the home raises an alert: Gmail's and Yahoo's sender rules (2024) ask
     * for a spam rate below 0.1 % and act at 0.3 %; the alert comes at the first line.
     */
    public static final double COMPLAINT_ALERT_PERCENT = 0.1;

    private Volumes() {
    }

    /** One network's figures. */
    public record Volume(long sentWeek, long sentMonth, long messages, long bounces, long complaints) {

        public static final Volume NONE = new Volume(0, 0, 0, 0, 0);

        /** Bounces per message attempted in the period, in percent with two decimals. */
        public double bounceRate() {
            return percent(bounces);
        }

        /** Complaints per message attempted in the period, in percent with two decimals. */
        public double complaintRate() {
            return percent(complaints);
        }

        public boolean bounceAlert() {
            return bounceRate() > BOUNCE_ALERT_PERCENT;
        }

        public boolean complaintAlert() {
            return complaintRate() > COMPLAINT_ALERT_PERCENT;
        }

        private double percent(long n) {
            long base = Math.max(messages, bounces + complaints);
            return base == 0 ? 0 : Math.round(n * 10000.0 / base) / 100.0;
        }
    }

    /** Every network's figures that sent or got anything back in the period, by network id. */
    public static Map<Long, Volume> all(EntityManager em, Instant now) {
        return query(em, now, null);
    }

    /** One network's figures. */
    public static Volume of(EntityManager em, Instant now, long networkId) {
        return query(em, now, networkId).getOrDefault(networkId, Volume.NONE);
    }

    private static Map<Long, Volume> query(EntityManager em, Instant now, Long networkId) {
        Timestamp week = Timestamp.from(now.minus(WEEK));
        Timestamp month = Timestamp.from(now.minus(PERIOD));
        Timestamp started = Timestamp.from(now.minus(PERIOD).minus(Duration.ofDays(1)));
        String one = networkId == null ? "" : " AND b.network_id = ?";
        Query messages = em.createNativeQuery("SELECT b.network_id,"
                + " COALESCE(SUM(d.status = 'SENT' AND d.sent_at > ?), 0),"
                + " COALESCE(SUM(d.status = 'SENT' AND d.sent_at > ?), 0),"
                + " COALESCE(SUM(COALESCE(d.sent_at, d.last_attempt_at) > ?), 0)"
                + " FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id"
                + " WHERE b.started_at > ? AND d.status IN ('SENT', 'FAILED')" + one + " GROUP BY b.network_id")
                .setParameter(1, week).setParameter(2, month).setParameter(3, month).setParameter(4, started);
        if (networkId != null) {
            messages.setParameter(5, networkId);
        }
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] r : rows(messages)) {
            long[] c = counts.computeIfAbsent(((Number) r[0]).longValue(), k -> new long[5]);
            c[0] = num(r[1]);
            c[1] = num(r[2]);
            c[2] = num(r[3]);
        }
        Query events = em.createNativeQuery("SELECT b.network_id,"
                + " COALESCE(SUM(b.kind IN ('HARD', 'SOFT', 'BLOCKED')), 0), COALESCE(SUM(b.kind = 'COMPLAINT'), 0)"
                + " FROM bounce_events b WHERE b.occurred_at > ?" + one + " GROUP BY b.network_id")
                .setParameter(1, month);
        if (networkId != null) {
            events.setParameter(2, networkId);
        }
        for (Object[] r : rows(events)) {
            long[] c = counts.computeIfAbsent(((Number) r[0]).longValue(), k -> new long[5]);
            c[3] = num(r[1]);
            c[4] = num(r[2]);
        }
        Map<Long, Volume> out = new HashMap<>();
        counts.forEach((id, c) -> out.put(id, new Volume(c[0], c[1], c[2], c[3], c[4])));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query q) {
        return q.getResultList();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
