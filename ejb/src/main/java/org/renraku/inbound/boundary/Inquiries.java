package org.renraku.inbound.boundary;

import jakarta.ejb.Stateless;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.inbound.entity.Inquiry;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.AddressMask;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;

/**
 * Mail to a join address that is neither a join nor 「退会」, kept for the admins of the network; when the
 * network asks for it (networks.notify_inquiries) every active admin gets a short notice — without the text,
 * which is read in the console ({@code /console/inquiries.xhtml}: newest first, paged by the database, the
 * sender masked like the member table's addresses, marked handled by an admin).
 */
@Stateless
public class Inquiries {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    @ConfigProperty(name = "renraku.base-url")
    String baseUrl;

    @Inject
    MemberDirectory directory;

    @Inject
    AuditLog auditLog;

    static final int MAX_PAGE = 100;

    static final Duration WINDOW = Duration.ofHours(1);

    /** Inquiries kept from one sender in a network, an hour; more are not stored. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.inquiry.per-address", defaultValue = "5")
    int perAddress;

    /** Inquiries kept in a network an hour. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.inquiry.per-network", defaultValue = "200")
    int perNetwork;

    /** Inquiries from one sender that mail a notice to the admins, an hour. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.inquiry-notice.per-address", defaultValue = "2")
    int noticesPerAddress;

    /** Inquiries of a network that mail a notice to the admins, an hour. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.inquiry-notice.per-network", defaultValue = "20")
    int noticesPerNetwork;

    /**
     * Keeps a mail's text as an inquiry, within the limits: at most {@code renraku.inbound.inquiry.per-address}
     * inquiries from one sender and {@code renraku.inbound.inquiry.per-network} in the network an hour; the notice
     * to the admins (when the network asks for it) at most {@code renraku.inbound.inquiry-notice.per-address} and
     * {@code …per-network} an hour. The sender is whatever the mail's From said: unverified.
     *
     * @return the inquiry, or null when the limits kept it out (see {@link #keep} for why)
     */
    public Inquiry record(long networkId, @NotNull EmailAddress from, String subject, String text) {
        return overLimit(networkId, from) != null ? null : store(networkId, from, subject, text);
    }

    /** {@link #record}, telling why the text was not kept (the limit reached), or null when it was. */
    public String keep(long networkId, @NotNull EmailAddress from, String subject, String text) {
        String limited = overLimit(networkId, from);
        if (limited == null) {
            store(networkId, from, subject, text);
        }
        return limited;
    }

    private Inquiry store(long networkId, EmailAddress from, String subject, String text) {
        List<?> ids = em.createNativeQuery("SELECT id FROM members WHERE network_id = ? AND email = ?")
                .setParameter(1, networkId).setParameter(2, from.value()).getResultList();
        Long memberId = ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
        Inquiry inquiry = new Inquiry(networkId, memberId, from.value(), subject, text, clock.instant());
        em.persist(inquiry);
        Object[] network = (Object[]) em.createNativeQuery("SELECT name, notify_inquiries FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult();
        if (truthy(network[1]) && noticeAllowed(networkId, from)) {
            inquiry.markNotified(clock.instant());
            @SuppressWarnings("unchecked")
            List<Object[]> admins = em.createNativeQuery(
                            "SELECT email, language FROM admins WHERE network_id = ? AND active = TRUE")
                    .setParameter(1, networkId).getResultList();
            // the notice shows the sender as the console does: masked unless the network shows addresses
            String sender = directory.showsAddresses(networkId) ? from.value() : AddressMask.mask(from.value());
            for (Object[] admin : admins) {
                String address = (String) admin[0];
                if (EmailAddress.isValid(address)) {
                    Locale language = Language.of((String) admin[1]).locale();
                    mail.fire(new OutgoingMail(EmailAddress.of(address),
                            InboundTexts.text(language, "inquiry.subject", network[0]),
                            InboundTexts.text(language, "inquiry.body", network[0], sender, baseUrl + "/"),
                            "inquiry notice"));
                }
            }
        }
        return inquiry;
    }

    /**
     * Why no further inquiry from this sender may be kept in the network now, or null. Locks the network's row to
     * the commit, so the mails handled in parallel are counted one after the other.
     */
    private String overLimit(long networkId, EmailAddress from) {
        em.createNativeQuery("SELECT id FROM networks WHERE id = ? FOR UPDATE").setParameter(1, networkId)
                .getResultList();
        Instant since = clock.instant().minus(WINDOW);
        long fromCount = em.createNamedQuery(Inquiry.COUNT_FROM_SINCE, Long.class).setParameter("network", networkId)
                .setParameter("from", from.value()).setParameter("since", since).getSingleResult();
        if (fromCount >= perAddress) {
            return "inquiry limit per sender: " + fromCount + " in the last hour";
        }
        long networkCount = em.createNamedQuery(Inquiry.COUNT_SINCE, Long.class).setParameter("network", networkId)
                .setParameter("since", since).getSingleResult();
        if (networkCount >= perNetwork) {
            return "inquiry limit per network: " + networkCount + " in the last hour";
        }
        return null;
    }

    private boolean noticeAllowed(long networkId, EmailAddress from) {
        Instant since = clock.instant().minus(WINDOW);
        return em.createNamedQuery(Inquiry.COUNT_NOTIFIED_FROM_SINCE, Long.class).setParameter("network", networkId)
                .setParameter("from", from.value()).setParameter("since", since).getSingleResult() < noticesPerAddress
                && em.createNamedQuery(Inquiry.COUNT_NOTIFIED_SINCE, Long.class).setParameter("network", networkId)
                .setParameter("since", since).getSingleResult() < noticesPerNetwork;
    }

    /** The inquiries of a network, newest first. */
    public List<Inquiry> ofNetwork(long networkId, int first, int max) {
        return em.createNamedQuery(Inquiry.OF_NETWORK, Inquiry.class).setParameter("network", networkId)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    // --- the console's inquiries page

    /** How much of a body the console shows (a stored body may be far longer; the rest is cut). */
    public static final int BODY_SHOWN = 20_000;

    /**
     * A page of the network's inquiries, newest first, as the console shows them: the sender masked
     * ({@link AddressMask}) unless the network shows full addresses, the member's name when the sender is one.
     *
     * @param openOnly only those not yet marked handled
     */
    public List<InquiryRow> page(long networkId, boolean openOnly, int first, int max) {
        boolean full = directory.showsAddresses(networkId);
        List<Inquiry> inquiries = em.createNamedQuery(openOnly ? Inquiry.OPEN_OF_NETWORK : Inquiry.OF_NETWORK,
                        Inquiry.class).setParameter("network", networkId)
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.min(Math.max(1, max), MAX_PAGE)).getResultList();
        Map<Long, String> names = new HashMap<>();
        List<Long> memberIds = inquiries.stream().map(Inquiry::memberId).filter(Objects::nonNull).distinct().toList();
        if (!memberIds.isEmpty()) {
            for (Object[] r : em.createQuery("SELECT m.id, m.name FROM Member m WHERE m.network.id = :network"
                            + " AND m.id IN :ids", Object[].class)
                    .setParameter("network", networkId).setParameter("ids", memberIds).getResultList()) {
                names.put((Long) r[0], (String) r[1]);
            }
        }
        return inquiries.stream().map(i -> new InquiryRow(i.id(), full ? i.fromAddress() : AddressMask.mask(i.fromAddress()),
                !full, i.memberId() == null ? null : names.get(i.memberId()), i.subject(), shown(i.bodyText()),
                i.receivedAt(), i.readAt())).toList();
    }

    public long count(long networkId, boolean openOnly) {
        return em.createNamedQuery(openOnly ? Inquiry.COUNT_OPEN_OF_NETWORK : Inquiry.COUNT_OF_NETWORK, Long.class)
                .setParameter("network", networkId).getSingleResult();
    }

    /**
     * Marks an inquiry of the network handled (対応済み), or open again; false when the network has no such
     * inquiry (an id of another network changes nothing).
     */
    public boolean markHandled(long networkId, long inquiryId, boolean handled) {
        Inquiry inquiry = em.find(Inquiry.class, inquiryId);
        if (inquiry == null || inquiry.networkId() != networkId) {
            return false;
        }
        if (handled) {
            inquiry.markRead(clock.instant());
        } else {
            inquiry.reopen();
        }
        return true;
    }

    /** Whether the network's admins get a mail for every new inquiry (networks.notify_inquiries). */
    public boolean notifies(long networkId) {
        List<?> v = em.createNativeQuery("SELECT notify_inquiries FROM networks WHERE id = ?")
                .setParameter(1, networkId).getResultList();
        return !v.isEmpty() && truthy(v.get(0));
    }

    /** Switches the mail to the admins about new inquiries on or off; audited. */
    public void notify(long networkId, boolean on, String actor, String client) {
        int n = em.createNativeQuery("UPDATE networks SET notify_inquiries = ? WHERE id = ?")
                .setParameter(1, on).setParameter(2, networkId).executeUpdate();
        if (n == 1) {
            auditLog.recordWithin(AuditKind.INQUIRY_NOTICE_CHANGED, networkId, actor, null, on ? "on" : "off", client);
        }
    }

    private static String shown(String body) {
        if (body == null || body.length() <= BODY_SHOWN) {
            return body;
        }
        return body.substring(0, BODY_SHOWN) + "…";
    }

    static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
