package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.control.AttributeValues;
import org.renraku.members.control.MemberLinks;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * A member's life after the blank mail: registration through the mailed link, their own page (reached by the
 * signed personal link: profile, address change with confirmation, 退会), leaving by mail, and 代行登録 by an
 * admin (PENDING until the member confirms through the same registration page).
 * <p>
 * Methods of the personal page take the member id and the link's signature and check it every time; a wrong
 * or revoked signature is {@link MemberException#LINK_INVALID}. Refusals carry a web bundle key; the
 * transaction rolls back (a spent token is unspent again).
 */
@Stateless
public class Members {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Tokens tokens;

    @Inject
    MemberLinks links;

    @Inject
    MemberMails mails;

    @Inject
    MemberAttributes attributes;

    @Inject
    AttributeIndex attributeIndex;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    AuditLog auditLog;

    // --- registration

    /** The registration form of a link that still works, without spending it; empty for a bad link. */
    public Optional<RegistrationForm> peekRegistration(String token) {
        return tokens.peek(TokenPurpose.MEMBER_REGISTRATION, token).flatMap(t -> {
            Network network = t.networkId() == null ? null : em.find(Network.class, t.networkId());
            if (network == null) {
                return Optional.empty();
            }
            EmailAddress address = EmailAddress.of(t.subject());
            Optional<Member> existing = findByAddress(em, network.id(), address);
            String name = existing.filter(m -> m.status() == Member.Status.PENDING).map(Member::name).orElse(null);
            Map<Long, List<String>> values = existing.filter(m -> m.status() == Member.Status.PENDING)
                    .map(m -> AttributeJson.read(m.attributesJson())).orElse(Map.of());
            return Optional.of(new RegistrationForm(network.id(), network.name(), address.value(), name, values,
                    t.expiresAt()));
        });
    }

    /**
     * Registers the member of a registration link: name, the attributes a member fills in, consent. Sends the
     * welcome mail with the personal link. A former member (LEFT, SUSPENDED) or a 代行登録 (PENDING) with that
     * address becomes active again; an active member is refused ({@link MemberException#ALREADY_MEMBER}).
     */
    public MemberProfile register(String token, String name, Map<Long, List<String>> values, boolean consent) {
        String cleanName = checkedName(name);
        OneTimeToken t = tokens.redeem(TokenPurpose.MEMBER_REGISTRATION, token)
                .orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        Network network = t.networkId() == null ? null : em.find(Network.class, t.networkId());
        if (network == null) {
            throw new MemberException(MemberException.LINK_INVALID);
        }
        EmailAddress address = EmailAddress.of(t.subject());
        Instant now = clock.instant();
        List<MemberAttribute> definitions = attributes.list(network.id());
        Member member = findByAddress(em, network.id(), address).orElse(null);
        Map<Long, List<String>> stored = member == null ? Map.of() : AttributeJson.read(member.attributesJson());
        Map<Long, List<String>> clean = AttributeValues.clean(definitions, values, stored, true);
        if (!consent) {
            throw new MemberException(MemberException.CONSENT_MISSING);
        }
        if (member == null) {
            member = new Member(network, address, cleanName, now);
            em.persist(member);
        } else if (member.isActive()) {
            throw new MemberException(MemberException.ALREADY_MEMBER);
        } else {
            member.rename(cleanName, now);
            member.activate(now);
            member.revokeLinks(now);
        }
        member.replaceAttributesJson(AttributeJson.write(clean, definitions), now);
        em.flush();
        attributeIndex.reindex(member);
        mail.fire(mails.welcome(member));
        return profile(member);
    }

    // --- the personal page

    /** The member of a personal link, or empty when the link is wrong, revoked, or the member has left. */
    public Optional<MemberProfile> byLink(long memberId, String signature) {
        return verified(memberId, signature).filter(m -> m.status() != Member.Status.LEFT).map(this::profile);
    }

    public MemberProfile updateProfile(long memberId, String signature, String name, Map<Long, List<String>> values) {
        Member member = active(memberId, signature);
        String cleanName = checkedName(name);
        Instant now = clock.instant();
        List<MemberAttribute> definitions = attributes.list(member.network().id());
        Map<Long, List<String>> clean = AttributeValues.clean(definitions, values,
                AttributeJson.read(member.attributesJson()), true);
        member.rename(cleanName, now);
        member.replaceAttributesJson(AttributeJson.write(clean, definitions), now);
        attributeIndex.reindex(member);
        return profile(member);
    }

    /**
     * Asks for a new address: a confirmation link goes to the new address, and nothing changes until it is
     * opened. Refused when the address is not valid, is the current one, or belongs to another member of
     * the network.
     */
    public void requestAddressChange(long memberId, String signature, String newAddress) {
        Member member = active(memberId, signature);
        EmailAddress address;
        try {
            address = EmailAddress.of(newAddress);
        } catch (IllegalArgumentException e) {
            throw new MemberException(MemberException.EMAIL_INVALID);
        }
        if (address.equals(member.email())) {
            throw new MemberException(MemberException.EMAIL_SAME);
        }
        if (findByAddress(em, member.network().id(), address).isPresent()) {
            throw new MemberException(MemberException.EMAIL_TAKEN);
        }
        String subject = member.id() + ":" + address.value();
        if (subject.length() > 254) {
            throw new MemberException(MemberException.EMAIL_INVALID);
        }
        tokens.spendAll(TokenPurpose.ADDRESS_CHANGE, subject);
        String token = tokens.issue(TokenPurpose.ADDRESS_CHANGE, member.network().id(), subject);
        mail.fire(mails.addressConfirmation(member, address, token,
                clock.instant().plus(TokenPurpose.ADDRESS_CHANGE.validity())));
    }

    /** The new address of a confirmation link that still works, without spending it. */
    public Optional<String> peekAddressChange(String token) {
        return tokens.peek(TokenPurpose.ADDRESS_CHANGE, token).map(t -> t.subject().substring(t.subject().indexOf(':') + 1));
    }

    /**
     * Confirms a new address from the link mailed to it: the switch happens now, old personal links stop
     * working and the new link is mailed to the new address.
     */
    public MemberProfile confirmAddressChange(String token) {
        OneTimeToken t = tokens.redeem(TokenPurpose.ADDRESS_CHANGE, token)
                .orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        String subject = t.subject();
        int colon = subject.indexOf(':');
        Member member = em.find(Member.class, Long.parseLong(subject.substring(0, colon)));
        if (member == null || !member.isActive()) {
            throw new MemberException(MemberException.LINK_INVALID);
        }
        EmailAddress address = EmailAddress.of(subject.substring(colon + 1));
        Optional<Member> holder = findByAddress(em, member.network().id(), address);
        if (holder.isPresent() && !holder.get().id().equals(member.id())) {
            throw new MemberException(MemberException.EMAIL_TAKEN);
        }
        Instant now = clock.instant();
        member.changeEmail(address, now);
        member.revokeLinks(now);
        em.flush();
        mail.fire(mails.addressChanged(member, address));
        return profile(member);
    }

    /** 退会 from the personal page; a confirmation mail follows. False for a bad link or a member already gone. */
    public boolean leaveByLink(long memberId, String signature) {
        Optional<Member> member = verified(memberId, signature).filter(m -> m.status() != Member.Status.LEFT);
        member.ifPresent(this::leave);
        return member.isPresent();
    }

    /** 退会 by mailing 「退会」 to the join address; false when no active member has that address. */
    public boolean leaveByMail(long networkId, @NotNull EmailAddress from) {
        Optional<Member> member = findByAddress(em, networkId, from).filter(Member::isActive);
        member.ifPresent(this::leave);
        return member.isPresent();
    }

    private void leave(Member member) {
        member.leave(clock.instant());
        mail.fire(mails.left(member));
    }

    // --- admins

    /**
     * 代行登録: an admin registers someone. The member is PENDING (no broadcasts) and gets a registration link to
     * confirm; values are checked as an admin's (admin-only attributes included). Audited.
     *
     * @param byAdmin the admin's user ID, for the audit log
     * @param client the admin's client address, for the audit log
     */
    public MemberProfile proxyRegister(long networkId, String email, String name, Map<Long, List<String>> values,
                                       String byAdmin, String client) {
        Network network = em.find(Network.class, networkId);
        if (network == null) {
            throw new MemberException(MemberException.NETWORK_UNKNOWN);
        }
        EmailAddress address;
        try {
            address = EmailAddress.of(email);
        } catch (IllegalArgumentException e) {
            throw new MemberException(MemberException.EMAIL_INVALID);
        }
        if (findByAddress(em, networkId, address).isPresent()) {
            throw new MemberException(MemberException.EMAIL_TAKEN);
        }
        Instant now = clock.instant();
        List<MemberAttribute> definitions = attributes.list(networkId);
        Map<Long, List<String>> clean = AttributeValues.clean(definitions, values, Map.of(), false);
        Member member = Member.pending(network, address, checkedName(name), Member.JoinedVia.PROXY, now);
        member.replaceAttributesJson(AttributeJson.write(clean, definitions), now);
        em.persist(member);
        em.flush();
        attributeIndex.reindex(member);
        String token = tokens.issue(TokenPurpose.MEMBER_REGISTRATION, networkId, address.value());
        mail.fire(mails.proxyRegistration(member, network.name(), token,
                now.plus(TokenPurpose.MEMBER_REGISTRATION.validity())));
        auditLog.recordWithin(AuditKind.MEMBER_PROXY_REGISTERED, networkId, byAdmin,
                member.name() + " (#" + member.id() + ")", null, client);
        return profile(member);
    }

    /** Revokes every personal link of the member (e.g. one was forwarded); returns the new link. */
    public String revokeLinks(long networkId, long memberId) {
        Member member = em.find(Member.class, memberId);
        if (member == null || !member.network().id().equals(networkId)) {
            throw new MemberException(MemberException.LINK_INVALID);
        }
        member.revokeLinks(clock.instant());
        return links.link(member);
    }

    /** The member's current personal link (for mails written elsewhere, e.g. broadcasts). */
    public Optional<String> personalLink(long memberId) {
        return Optional.ofNullable(em.find(Member.class, memberId)).map(links::link);
    }

    // --- helpers

    static Optional<Member> findByAddress(EntityManager em, long networkId, EmailAddress address) {
        return em.createNamedQuery(Member.BY_NETWORK_AND_EMAIL_ID, Member.class)
                .setParameter("networkId", networkId).setParameter("email", address.value())
                .getResultStream().findFirst();
    }

    private Optional<Member> verified(long memberId, String signature) {
        Member member = em.find(Member.class, memberId);
        if (member == null || !links.verify(member, signature)) {
            return Optional.empty();
        }
        return Optional.of(member);
    }

    private Member active(long memberId, String signature) {
        return verified(memberId, signature).filter(Member::isActive)
                .orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
    }

    /** The name as it will be stored, or a refusal: empty, too long, or looking like markup. */
    static String checkedName(String raw) {
        String clean = Member.cleanName(raw);
        if (clean.isEmpty()) {
            throw new MemberException(MemberException.NAME_INVALID);
        }
        if (clean.length() > Member.NAME_MAX) {
            throw new MemberException(MemberException.NAME_TOO_LONG, String.valueOf(Member.NAME_MAX));
        }
        if (clean.indexOf('<') >= 0 || clean.indexOf('>') >= 0) {
            throw new MemberException(MemberException.NAME_MARKUP);
        }
        return clean;
    }

    private MemberProfile profile(Member member) {
        String link = links.link(member);
        String signature = link.substring(link.indexOf("&s=") + 3);
        return new MemberProfile(member.id(), member.network().id(), member.network().name(), member.name(),
                member.email().value(), member.status(), Map.copyOf(AttributeJson.read(member.attributesJson())),
                link, signature);
    }
}
