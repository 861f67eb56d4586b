package org.renraku.home.boundary;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the console's home (ホーム) shows: "what needs me now". Every figure is counted by the database
 * ({@link Home#figures}); the lists are short by construction (the last few broadcasts, what is scheduled).
 * <p>
 * Records: Jakarta EL 5 reads no record components as properties, so the page calls the accessors.
 */
public record HomeFigures(Members members, List<RecentBroadcast> recent, Alerts alerts, List<Upcoming> upcoming,
                          Checklist checklist) implements Serializable {

    /** Members by status (all four, zero included) and the active ones by carrier (largest first, none at zero). */
    public record Members(long active, long pending, long suspended, long left, List<CarrierCount> activeByCarrier)
            implements Serializable {

        /** Everyone who receives mail or soon may: active, pending and suspended (not those who left). */
        public long current() {
            return active + pending + suspended;
        }
    }

    /** Active members of one carrier ({@code members.entity.Carrier} name). */
    public record CarrierCount(String carrier, long count) implements Serializable {
    }

    /**
     * One of the last broadcasts: recipients (its deliveries), accepted (SENT: the receiving server took it), and —
     * when it asks for answers ({@code answerKind} not NONE) — how many members answered.
     */
    public record RecentBroadcast(long id, String subject, String status, Instant startedAt, long recipients,
                                  long accepted, String answerKind, long answered) implements Serializable {

        /** Accepted ÷ recipients, in whole percent (rounded down: 99 % until every message is accepted). */
        public int deliveryPercent() {
            return recipients == 0 ? 0 : (int) (accepted * 100 / recipients);
        }

        public boolean asksAnswers() {
            return !"NONE".equals(answerKind);
        }

        /** Answered ÷ recipients, in whole percent (rounded down). */
        public int answerPercent() {
            return recipients == 0 ? 0 : (int) (Math.min(answered, recipients) * 100 / recipients);
        }
    }

    /**
     * What needs the admin: carrier groups paused for refusing our mail (for the carriers the network has active
     * members at), the bounce and complaint rates of the last 30 days when
     * over their thresholds, members asked to allow our domain (指定受信), open inquiries, and suppressions added in
     * the last 7 days.
     */
    public record Alerts(List<PausedGroup> paused, double bounceRate, boolean bounceOver, double complaintRate,
                         boolean complaintOver, long allowDomainWaiting, long unreadInquiries,
                         long suppressionsThisWeek) implements Serializable {

        public boolean any() {
            return !paused.isEmpty() || bounceOver || complaintOver || allowDomainWaiting > 0 || unreadInquiries > 0
                    || suppressionsThisWeek > 0;
        }
    }

    /**
     * A carrier group ({@code delivery.entity.CarrierGroup} name) that refused our mail: nothing is sent to it, by any
     * broadcast of any network, until {@code until} (the shaping layer's pause, {@code carrier_group_state}).
     */
    public record PausedGroup(String group, Instant until) implements Serializable {
    }

    /**
     * A broadcast still to go: a scheduled one at {@code at}, or a monthly repeating one whose next occurrence is
     * {@code at} ({@code repeatDay}: 1-28, or 31 for 末日; {@code repeatTime} HH:MM, Asia/Tokyo).
     */
    public record Upcoming(long id, String subject, Instant at, boolean repeating, Integer repeatDay,
                           String repeatTime) implements Serializable {

        public boolean lastDay() {
            return repeatDay != null && repeatDay == 31;
        }
    }

    /**
     * The getting-started checklist of a new network, each item ticked from the data: member attributes defined,
     * the join sheet printed (JOIN_SHEET_PRINTED in the audit log), a first active member, a test send to the
     * admin's own address (BROADCAST_TEST_SENT), a first broadcast sent or scheduled.
     */
    public record Checklist(boolean attributes, boolean joinSheet, boolean members, boolean testSend,
                            boolean broadcast) implements Serializable {

        public int done() {
            return (attributes ? 1 : 0) + (joinSheet ? 1 : 0) + (members ? 1 : 0) + (testSend ? 1 : 0)
                    + (broadcast ? 1 : 0);
        }

        public int total() {
            return 5;
        }

        public boolean complete() {
            return done() == total();
        }
    }
}
