package org.renraku.inbound.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.members.control.MemberMails;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * How members join a network, as the console's join page and the printed instructions show it: the join
 * address {@code <slug>@<renraku.join-domain>} (the one the inbound reader watches), whether joining is open
 * (and the network active), the join password, and the sending domain of the registration reply.
 */
@Stateless
public class Joining {

    @PersistenceContext
    EntityManager em;

    @Inject
    MemberMails mails;

    @Inject
    @ConfigProperty(name = "renraku.join-domain")
    String joinDomain;

    /** The join details of the network; null when there is no such network. */
    public JoinInfo info(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT slug, name, joining_open, status, join_password FROM networks"
                + " WHERE id = ?").setParameter(1, networkId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        String password = (String) r[4];
        boolean open = Inquiries.truthy(r[2]) && "ACTIVE".equals(r[3]);
        return new JoinInfo((String) r[1], JoinAddresses.address((String) r[0], joinDomain), open,
                password == null || password.isBlank() ? null : password.strip(), mails.sendingDomain(),
                TokenPurpose.MEMBER_REGISTRATION.validity().toHours());
    }
}
