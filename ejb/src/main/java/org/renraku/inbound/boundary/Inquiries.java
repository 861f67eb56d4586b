package org.renraku.inbound.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.inbound.entity.Inquiry;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;

/**
 * Mail to a join address that is neither a join nor 「退会」, kept for the admins of the network; when the
 * network asks for it (networks.notify_inquiries) every active admin gets a short notice — without the text,
 * which is read in the console.
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

    public Inquiry record(long networkId, @NotNull EmailAddress from, String subject, String text) {
        List<?> ids = em.createNativeQuery("SELECT id FROM members WHERE network_id = ? AND email = ?")
                .setParameter(1, networkId).setParameter(2, from.value()).getResultList();
        Long memberId = ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
        Inquiry inquiry = new Inquiry(networkId, memberId, from.value(), subject, text, clock.instant());
        em.persist(inquiry);
        Object[] network = (Object[]) em.createNativeQuery("SELECT name, notify_inquiries FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult();
        if (truthy(network[1])) {
            @SuppressWarnings("unchecked")
            List<String> admins = em.createNativeQuery("SELECT email FROM admins WHERE network_id = ? AND active = TRUE")
                    .setParameter(1, networkId).getResultList();
            for (String admin : admins) {
                if (EmailAddress.isValid(admin)) {
                    mail.fire(new OutgoingMail(EmailAddress.of(admin),
                            InboundTexts.text("inquiry.subject", network[0]),
                            InboundTexts.text("inquiry.body", network[0], from.value(), baseUrl + "/"),
                            "inquiry notice"));
                }
            }
        }
        return inquiry;
    }

    /** The inquiries of a network, newest first. */
    public List<Inquiry> ofNetwork(long networkId, int first, int max) {
        return em.createNamedQuery(Inquiry.OF_NETWORK, Inquiry.class).setParameter("network", networkId)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
