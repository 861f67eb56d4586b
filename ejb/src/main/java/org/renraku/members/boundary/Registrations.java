package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * Members joining. MINIMAL stand-in for the join-by-mail reader (issue #4): the members engineer's version of
 * this class replaces it, keeping the signature of {@link #startByMail}.
 */
@Stateless
public class Registrations {

    @PersistenceContext
    EntityManager em;

    @Inject
    Tokens tokens;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    @ConfigProperty(name = "renraku.base-url")
    String baseUrl;

    /**
     * A blank mail arrived at the network's join address from {@code from}: mail a one-time registration link,
     * unless the sender is already an active member or joining is closed.
     */
    public RegistrationOutcome startByMail(long networkId, @NotNull EmailAddress from) {
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            throw new IllegalArgumentException("No network " + networkId);
        }
        if (!network.joiningOpen()) {
            return RegistrationOutcome.JOINING_CLOSED;
        }
        boolean member = em.createNamedQuery(Member.BY_NETWORK_AND_EMAIL, Member.class)
                .setParameter("network", network).setParameter("email", from.value()).getResultStream()
                .anyMatch(m -> m.status() == Member.Status.ACTIVE);
        if (member) {
            return RegistrationOutcome.ALREADY_MEMBER;
        }
        String token = tokens.issue(TokenPurpose.MEMBER_REGISTRATION, networkId, from.value());
        String link = baseUrl + "/member/register.xhtml?token=" + token;
        mail.fire(new OutgoingMail(from, InboundTexts.text("registration.subject", network.name()),
                InboundTexts.text("registration.body", network.name(), link,
                        TokenPurpose.MEMBER_REGISTRATION.validity().toHours()), "registration link"));
        return RegistrationOutcome.LINK_SENT;
    }
}
