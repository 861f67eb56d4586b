package org.renraku.bounces.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.bounces.control.TestMailCalendar;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.mail.control.MailTexts;

/**
 * The monthly test mail (配信テスト), the database side: settings, the claim of a month, the test mail's
 * broadcast, its report to the admins and its result for the hygiene page. {@link TestMailStarter} starts what is
 * claimed here through the normal broadcast path, so pacing, VERP and the bounce policy all apply.
 * <p>
 * A test mail is an ordinary broadcast to every active member, made by the system ({@code created_by} NULL) and
 * marked {@code broadcasts.test_mail}; a hard bounce of it suspends the member, or deletes them when the network
 * says so ({@link BouncePolicy}). One mail per network and month: {@link #claim} moves
 * {@code networks.test_mail_month} forward by a conditional UPDATE, and only the caller whose UPDATE changed the
 * row makes the broadcast.
 */
@Stateless
public class TestMails {

    /** The actor of the audit entries of a scheduled test mail. */
    public static final String ACTOR = "system";

    /** What {@link #claim} made: the broadcast (null: no active member, nothing to send) and its recipients. */
    public record Claimed(long networkId, Long broadcastId, long recipients) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Broadcasts broadcasts;

    @Inject
    AuditLog auditLog;

    @Inject
    BounceDigest digest;

    // --- settings

    public TestMailSettings settings(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT test_mail_enabled, test_mail_day, test_mail_on_bounce FROM networks"
                + " WHERE id = ?").setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return TestMailSettings.defaults();
        }
        Object[] r = (Object[]) rows.get(0);
        return new TestMailSettings(BouncePolicy.truthy(r[0]), ((Number) r[1]).intValue(), "DELETE".equals(r[2]));
    }

    /** Saves the settings, audited (TEST_MAIL_SETTINGS_CHANGED) when they changed. */
    public void saveSettings(long networkId, TestMailSettings settings, String actor, String client) {
        TestMailSettings before = settings(networkId);
        if (before.equals(settings)) {
            return;
        }
        em.createNativeQuery("UPDATE networks SET test_mail_enabled = ?, test_mail_day = ?, test_mail_on_bounce = ?"
                        + " WHERE id = ?").setParameter(1, settings.enabled()).setParameter(2, settings.day())
                .setParameter(3, settings.onBounce()).setParameter(4, networkId).executeUpdate();
        auditLog.recordWithin(AuditKind.TEST_MAIL_SETTINGS_CHANGED, networkId, actor, null,
                before.describe() + " -> " + settings.describe(), client);
    }

    // --- the schedule

    /** The active networks whose test mail is on and whose month {@code now} is due ({@link TestMailCalendar#due}). */
    public List<Long> due(Instant now) {
        List<Long> due = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT id, test_mail_day, test_mail_month, UNIX_TIMESTAMP(created_at)"
                + " FROM networks WHERE test_mail_enabled AND status = 'ACTIVE'").getResultList()) {
            Object[] r = (Object[]) o;
            if (TestMailCalendar.due(now, ((Number) r[1]).intValue(), TestMailCalendar.parse((String) r[2]),
                    EpochSeconds.instant(r[3])).isPresent()) {
                due.add(((Number) r[0]).longValue());
            }
        }
        return due;
    }

    /**
     * Claims the test mail of the network for the month of {@code now} and, when the claim is this caller's, makes
     * its broadcast (SCHEDULED now; {@link TestMailStarter} starts it after the commit, the delivery sweep
     * otherwise). Scheduled ({@code onDemand} false): only when that month is due and not claimed yet — of two
     * callers, one gets it. On demand (the hygiene page): always, and the month counts as claimed, so the day's
     * scheduled test mail of that month is not sent as well. Empty when nothing was claimed.
     */
    public Optional<Claimed> claim(long networkId, Instant now, boolean onDemand, String actor, String client) {
        String month = TestMailCalendar.format(TestMailCalendar.month(now));
        int claimed;
        if (onDemand) {
            claimed = em.createNativeQuery("UPDATE networks SET test_mail_month = CASE WHEN test_mail_month IS NULL"
                            + " OR test_mail_month < ? THEN ? ELSE test_mail_month END WHERE id = ?")
                    .setParameter(1, month).setParameter(2, month).setParameter(3, networkId).executeUpdate();
        } else {
            List<?> rows = em.createNativeQuery("SELECT test_mail_day, test_mail_month, UNIX_TIMESTAMP(created_at)"
                    + " FROM networks WHERE id = ? AND test_mail_enabled AND status = 'ACTIVE'")
                    .setParameter(1, networkId).getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Object[] r = (Object[]) rows.get(0);
            Optional<YearMonth> due = TestMailCalendar.due(now, ((Number) r[0]).intValue(),
                    TestMailCalendar.parse((String) r[1]), EpochSeconds.instant(r[2]));
            if (due.isEmpty()) {
                return Optional.empty();
            }
            claimed = em.createNativeQuery("UPDATE networks SET test_mail_month = ? WHERE id = ? AND test_mail_enabled"
                            + " AND (test_mail_month IS NULL OR test_mail_month < ?)")
                    .setParameter(1, month).setParameter(2, networkId).setParameter(3, month).executeUpdate();
        }
        if (claimed == 0) {
            return Optional.empty();
        }
        long recipients = broadcasts.countRecipients(networkId, RecipientFilter.all());
        if (recipients == 0) {
            return Optional.of(new Claimed(networkId, null, 0));
        }
        String name = (String) em.createNativeQuery("SELECT name FROM networks WHERE id = ?").setParameter(1, networkId)
                .getSingleResult();
        long id = broadcasts.save(networkId, 0, new Broadcasts.Draft(null, MailTexts.text("testMail.subject"),
                MailTexts.text("testMail.body", name), MailCharset.UTF_8, null, null, RecipientFilter.all(), null,
                List.of()));
        broadcasts.schedule(networkId, id, null);
        em.flush();
        em.createNativeQuery("UPDATE broadcasts SET test_mail = TRUE WHERE id = ?").setParameter(1, id).executeUpdate();
        auditLog.recordWithin(AuditKind.TEST_MAIL_SENT, networkId, actor, "#" + id,
                (onDemand ? "on demand, " : "monthly " + month + ", ") + recipients + " recipients", client);
        return Optional.of(new Claimed(networkId, id, recipients));
    }

    // --- the report

    /** The finished test mails whose report is due: sent at least {@link TestMailCalendar#REPORT_AFTER} ago, not reported. */
    public List<Long> reportsDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("SELECT id FROM broadcasts WHERE test_mail AND status = 'SENT'"
                        + " AND test_report_sent_at IS NULL AND finished_at <= ?")
                .setParameter(1, Timestamp.from(now.minus(TestMailCalendar.REPORT_AFTER))).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /**
     * Mails the network's active admins the members the test mail {@code broadcastId} suspended or deleted (none:
     * a mail saying everyone received it), after the commit; addresses masked unless the network shows them.
     * Once: a second call does nothing unless {@code again} (the hygiene page's button). Returns how many members
     * the report names, empty when no report was sent.
     */
    public Optional<Integer> report(long networkId, long broadcastId, boolean again) {
        int marked = em.createNativeQuery("UPDATE broadcasts SET test_report_sent_at = ? WHERE id = ? AND network_id = ?"
                        + " AND test_mail AND status = 'SENT'" + (again ? "" : " AND test_report_sent_at IS NULL"))
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, broadcastId)
                .setParameter(3, networkId).executeUpdate();
        if (marked == 0) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> events = em.createNativeQuery("SELECT m.name, e.email, e.reason, e.outcome,"
                        + " UNIX_TIMESTAMP(e.occurred_at) FROM bounce_events e JOIN deliveries d ON d.id = e.delivery_id"
                        + " LEFT JOIN members m ON m.id = e.member_id WHERE d.broadcast_id = ?"
                        + " AND e.outcome IN ('SUSPENDED', 'DELETED') ORDER BY e.occurred_at, e.id")
                .setParameter(1, broadcastId).getResultList();
        Object[] network = (Object[]) em.createNativeQuery("SELECT name, show_addresses FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult();
        // when it went: its first delivery, or — a network without active members got none — the broadcast itself
        Object[] counts = (Object[]) em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM(d.status = 'SENT'), 0),"
                + " UNIX_TIMESTAMP(COALESCE(MIN(d.created_at), (SELECT b.created_at FROM broadcasts b WHERE b.id = ?)))"
                + " FROM deliveries d WHERE d.broadcast_id = ?")
                .setParameter(1, broadcastId).setParameter(2, broadcastId).getSingleResult();
        long suspended = events.stream().filter(e -> "SUSPENDED".equals(e[3])).count();
        boolean full = BouncePolicy.truthy(network[1]);
        digest.mailAdmins(networkId,
                l -> MailTexts.text(l, "testMailReport.subject", network[0], suspended, events.size() - suspended),
                l -> MailTexts.text(l, "testMailReport.body", network[0],
                        MailTexts.time(l, EpochSeconds.instant(counts[2])),
                        ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(), suspended,
                        events.size() - suspended,
                        events.isEmpty() ? MailTexts.text(l, "testMailReport.none")
                                : BounceDigest.lines(l, events, full),
                        digest.consoleUrl()),
                "test mail report");
        return Optional.of(events.size());
    }

    /** The network of a broadcast. */
    public long networkOf(long broadcastId) {
        return ((Number) em.createNativeQuery("SELECT network_id FROM broadcasts WHERE id = ?")
                .setParameter(1, broadcastId).getSingleResult()).longValue();
    }

    // --- the hygiene page

    /** The network's last test mail with its figures; empty when it never had one. */
    public Optional<TestMailResult> last(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT b.id, b.status, UNIX_TIMESTAMP(b.created_at),"
                        + " UNIX_TIMESTAMP(b.finished_at), UNIX_TIMESTAMP(b.test_report_sent_at),"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = b.id),"
                        + " (SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = b.id AND d.status = 'SENT'),"
                        + " (SELECT COUNT(*) FROM bounce_events e JOIN deliveries d ON d.id = e.delivery_id"
                        + "  WHERE d.broadcast_id = b.id AND e.outcome = 'SUSPENDED'),"
                        + " (SELECT COUNT(*) FROM bounce_events e JOIN deliveries d ON d.id = e.delivery_id"
                        + "  WHERE d.broadcast_id = b.id AND e.outcome = 'DELETED')"
                        + " FROM broadcasts b WHERE b.network_id = ? AND b.test_mail ORDER BY b.created_at DESC, b.id DESC LIMIT 1")
                .setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(new TestMailResult(((Number) r[0]).longValue(), (String) r[1], EpochSeconds.instant(r[2]),
                EpochSeconds.instant(r[3]), ((Number) r[5]).longValue(), ((Number) r[6]).longValue(),
                ((Number) r[7]).longValue(), ((Number) r[8]).longValue(), EpochSeconds.instant(r[4])));
    }

    /** When the network's next scheduled test mail goes (empty when its test mail is off). */
    public Optional<Instant> next(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT test_mail_enabled, test_mail_day, test_mail_month FROM networks"
                + " WHERE id = ?").setParameter(1, networkId).getResultList();
        if (rows.isEmpty() || !BouncePolicy.truthy(((Object[]) rows.get(0))[0])) {
            return Optional.empty();
        }
        Object[] r = (Object[]) rows.get(0);
        return Optional.of(TestMailCalendar.next(clock.instant(), ((Number) r[1]).intValue(),
                TestMailCalendar.parse((String) r[2])));
    }
}
