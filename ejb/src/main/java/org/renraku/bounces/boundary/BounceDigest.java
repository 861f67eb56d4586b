package org.renraku.bounces.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.mail.control.MailTexts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.control.AddressMask;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;

/**
 * One mail to a network's admins about the members the bounce policy suspended (or a complaint unsubscribed)
 * since the last digest — never one mail per member. {@link BounceDigestSchedule} calls {@link #due} and then
 * {@link #send} for each network every hour; {@code networks.bounce_digest_until} remembers up to where the
 * admins have been told, and the network's row is locked while it is read and moved, so of several instances
 * only one mails each suspension. The mail goes after the commit ({@link OutgoingMail}); addresses are masked as
 * in the console unless the network shows full addresses.
 */
@Stateless
public class BounceDigest {

    /** Suspensions older than this are not looked for by {@link #due} (the hourly digest is long past them). */
    static final Duration LOOK_BACK = Duration.ofDays(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    @ConfigProperty(name = "renraku.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    /** The networks with suspensions by bounce or complaint that their admins have not been told about yet. */
    public List<Long> due() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("SELECT DISTINCT b.network_id FROM bounce_events b"
                        + " JOIN networks n ON n.id = b.network_id WHERE b.outcome IN ('SUSPENDED', 'UNSUBSCRIBED')"
                        + " AND b.occurred_at > ? AND (n.bounce_digest_until IS NULL OR b.occurred_at > n.bounce_digest_until)")
                .setParameter(1, Timestamp.from(clock.instant().minus(LOOK_BACK))).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /**
     * Mails the network's active admins the suspensions since the last digest and moves the mark to now.
     * Returns how many suspensions the mail listed (0: no mail).
     */
    public int send(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT UNIX_TIMESTAMP(bounce_digest_until) FROM networks WHERE id = ? FOR UPDATE")
                .setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Instant since = EpochSeconds.instant(rows.get(0));
        Instant until = clock.instant();
        int listed = digest(networkId, since, until);
        em.createNativeQuery("UPDATE networks SET bounce_digest_until = ? WHERE id = ?")
                .setParameter(1, Timestamp.from(until)).setParameter(2, networkId).executeUpdate();
        return listed;
    }

    /**
     * Fires the digest of the suspensions by bounce or complaint after {@code since} (null: all) up to
     * {@code until} to every active admin of the network; returns how many it lists (0: nothing fired).
     * Changes nothing in the database: {@link #send} moves the mark.
     */
    public int digest(long networkId, Instant since, Instant until) {
        Object[] network = (Object[]) em.createNativeQuery("SELECT name, show_addresses FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult();
        boolean full = BouncePolicy.truthy(network[1]);
        @SuppressWarnings("unchecked")
        List<Object[]> events = em.createNativeQuery("SELECT m.name, b.email, b.reason, b.outcome, UNIX_TIMESTAMP(b.occurred_at)"
                        + " FROM bounce_events b LEFT JOIN members m ON m.id = b.member_id WHERE b.network_id = ?"
                        + " AND b.outcome IN ('SUSPENDED', 'UNSUBSCRIBED') AND b.occurred_at > ? AND b.occurred_at <= ?"
                        + " ORDER BY b.occurred_at, b.id")
                .setParameter(1, networkId)
                .setParameter(2, Timestamp.from(since == null ? Instant.EPOCH : since))
                .setParameter(3, Timestamp.from(until)).getResultList();
        if (events.isEmpty()) {
            return 0;
        }
        mailAdmins(networkId, l -> MailTexts.text(l, "bounceDigest.subject", network[0], events.size()),
                l -> MailTexts.text(l, "bounceDigest.body", network[0], events.size(), lines(l, events, full),
                        baseUrl + "/"),
                "bounce digest");
        return events.size();
    }

    /**
     * The lines of a digest or test-mail report: one {@code bounceDigest.line} per event row (member name or null,
     * address, reason, outcome, occurred_at as UNIX_TIMESTAMP); the address masked unless {@code full}.
     */
    static String lines(Locale language, List<Object[]> events, boolean full) {
        StringBuilder lines = new StringBuilder();
        for (Object[] e : events) {
            String address = (String) e[1];
            lines.append(MailTexts.text(language, "bounceDigest.line",
                    e[0] == null ? MailTexts.text(language, "bounceDigest.noName") : e[0],
                    full ? address : AddressMask.mask(address), reasonText(language, (String) e[2]),
                    MailTexts.text(language, "bounceDigest.outcome." + e[3]),
                    MailTexts.time(language, EpochSeconds.instant(e[4]))));
        }
        return lines.toString();
    }

    /** The console's address, for the links of the mails to admins. */
    public String consoleUrl() {
        return baseUrl + "/";
    }

    /**
     * Fires the mail to every active admin of the network (sent after the commit), each written in the admin's
     * language: {@code subject} and {@code body} give the text in a language.
     */
    public void mailAdmins(long networkId, Function<Locale, String> subject, Function<Locale, String> body,
                           String what) {
        @SuppressWarnings("unchecked")
        List<Object[]> admins = em.createNativeQuery(
                        "SELECT email, language FROM admins WHERE network_id = ? AND active = TRUE")
                .setParameter(1, networkId).getResultList();
        for (Object[] admin : admins) {
            String address = (String) admin[0];
            if (EmailAddress.isValid(address)) {
                Locale language = Language.of((String) admin[1]).locale();
                mail.fire(new OutgoingMail(EmailAddress.of(address), subject.apply(language), body.apply(language),
                        what));
            }
        }
    }

    /** The text of a Sisimai reason (bounceReason.* of the mail texts) in {@code language}, or the general one. */
    public static String reasonText(Locale language, String reason) {
        if (reason != null) {
            try {
                return MailTexts.text(language, "bounceReason." + reason);
            } catch (MissingResourceException unknown) {
                // fall through
            }
        }
        return MailTexts.text(language, "bounceReason.other");
    }
}
