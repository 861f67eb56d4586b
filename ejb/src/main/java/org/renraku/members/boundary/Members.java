package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.networks.entity.Network;

/**
 * The members of a network. MINIMAL stand-in for the join-by-mail reader (issue #4): the members engineer's
 * version of this class replaces it, keeping the signature of {@link #leaveByMail}.
 */
@Stateless
public class Members {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<OutgoingMail> mail;

    /**
     * 「退会」 by mail: the active or suspended member with this address leaves the network and is told so.
     *
     * @return false when the address is no member of the network (nothing happens, nothing is mailed)
     */
    public boolean leaveByMail(long networkId, @NotNull EmailAddress from) {
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            return false;
        }
        int changed = em.createQuery("UPDATE Member m SET m.status = 'LEFT', m.updatedAt = :now"
                        + " WHERE m.network = :network AND m.email = :email AND m.status <> 'LEFT'")
                .setParameter("now", clock.instant()).setParameter("network", network)
                .setParameter("email", from.value()).executeUpdate();
        if (changed == 0) {
            return false;
        }
        mail.fire(new OutgoingMail(from, InboundTexts.text("left.subject", network.name()),
                InboundTexts.text("left.body", network.name()), "leave confirmation"));
        return true;
    }
}
