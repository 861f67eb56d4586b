package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.Optional;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The start of a join (入会): a blank mail reached the network's join address and the inbound reader (which
 * has already checked the join password and its rate limits) calls {@link #startByMail}. The answer is a mail:
 * a one-time registration link (24 h) with the 指定受信 guidance, or — for an address that is already an active
 * member — their personal page link; a SUSPENDED member gets nothing (the suspension is the admin's to lift). The
 * form behind the link is {@link Members#register}.
 */
@Stateless
public class Registrations {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Tokens tokens;

    @Inject
    MemberMails mails;

    @Inject
    Event<OutgoingMail> mail;

    public RegistrationOutcome startByMail(long networkId, @NotNull EmailAddress from) {
        Network network = em.find(Network.class, networkId);
        if (network == null || !network.joiningOpen() || network.status() != Network.Status.ACTIVE) {
            return RegistrationOutcome.JOINING_CLOSED;
        }
        Optional<Member> existing = Members.findByAddress(em, networkId, from);
        if (existing.isPresent() && existing.get().status() == Member.Status.SUSPENDED) {
            return RegistrationOutcome.SUSPENDED; // an admin's suspension sticks: no link that would reactivate
        }
        if (existing.isPresent() && existing.get().isActive()) {
            mail.fire(mails.alreadyMember(existing.get()));
            return RegistrationOutcome.ALREADY_MEMBER;
        }
        String token = tokens.issue(TokenPurpose.MEMBER_REGISTRATION, networkId, from.value());
        // a former member (or one an admin registered) keeps the language they had; a new address gets Japanese
        Language language = existing.map(Member::language).orElse(Language.DEFAULT);
        mail.fire(mails.registration(from, language, network.name(), token,
                clock.instant().plus(TokenPurpose.MEMBER_REGISTRATION.validity())));
        return RegistrationOutcome.LINK_SENT;
    }
}
