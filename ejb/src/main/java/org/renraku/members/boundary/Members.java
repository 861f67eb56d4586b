package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.control.AttributeValues;
import org.renraku.members.control.MemberLinks;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * A member's life after the blank mail: registration through the mailed link, their own page (reached by the
 * signed personal link: profile, address change with confirmation, 退会), leaving by mail (confirmed from the
 * member's own mailbox), and 代行登録 by an admin (PENDING until the member confirms through the same
 * registration page).
 * <p>
 * A leaked personal link is containable: an address change is confirmed by the new address AND
 * notified to the former one with a link that undoes it; either revokes every personal secret (links, posting
 * address); an admin can revoke them too ({@link #revokeLinks}).
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

    /** Address changes a member may ask for in an hour (each mails a confirmation). */
    @Inject
    @ConfigProperty(name = "renraku.members.address-change.limit.per-member", defaultValue = "3")
    int addressChangesPerMember;

    /** Address changes asked for in a network in an hour. */
    @Inject
    @ConfigProperty(name = "renraku.members.address-change.limit.per-network", defaultValue = "100")
    int addressChangesPerNetwork;

    /** 退会 confirmations mailed to one member's address in an hour, however many 「退会」 mails name it. */
    @Inject
    @ConfigProperty(name = "renraku.members.leave-confirmation.limit.per-address", defaultValue = "2")
    int leaveConfirmationsPerAddress;

    /** How a 「退会」 mail ended ({@link #requestLeaveByMail}). */
    public enum LeaveRequest {
        /** The confirmation link went to the member's own address. */
        CONFIRMATION_SENT,
        /** No active member of the network has that address: nothing is mailed. */
        NOT_A_MEMBER,
        /** The member's address got its confirmations for this hour already: nothing is mailed. */
        LIMITED
    }

    /** What the page of a 退会 confirmation link shows before the button. */
    public record LeaveForm(String networkName, String memberName) {
    }

    /** What the page of an undo link shows before the button: the address that comes back and the current one. */
    public record UndoForm(String networkName, String memberName, String formerEmail, String currentEmail) {
    }

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
     * welcome mail with the personal link. A former member (LEFT) or a 代行登録 (PENDING) with that address becomes
     * active again; an active member is refused ({@link MemberException#ALREADY_MEMBER}), and so is a suspended one
     * ({@link MemberException#SUSPENDED}): an admin's suspension sticks, even against a link issued before it.
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
        } else if (member.status() == Member.Status.SUSPENDED) {
            throw new MemberException(MemberException.SUSPENDED);
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

    /**
     * The language of the member a one-time link mailed to them names (registration of an address that is or was
     * a member, address change, its undo, 退会 confirmation), without spending it: the page it opens shows in it.
     * Empty for a bad link or an address that is no member yet (the page keeps the visitor's language).
     */
    public Optional<Language> languageOfLink(TokenPurpose purpose, String token) {
        return tokens.peek(purpose, token).flatMap(t -> {
            String subject = t.subject();
            return switch (purpose) {
                case MEMBER_REGISTRATION -> t.networkId() == null || !EmailAddress.isValid(subject) ? Optional.empty()
                        : findByAddress(em, t.networkId(), EmailAddress.of(subject)).map(Member::language);
                case ADDRESS_CHANGE, ADDRESS_UNDO, LEAVE_CONFIRMATION -> memberOfSubject(subject).map(Member::language);
                default -> Optional.empty();
            };
        });
    }

    /** The member whose id starts a token subject ({@code <id>} or {@code <id>:<address>}). */
    private Optional<Member> memberOfSubject(String subject) {
        int colon = subject.indexOf(':');
        try {
            return Optional.ofNullable(em.find(Member.class, Long.parseLong(colon < 0 ? subject
                    : subject.substring(0, colon))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
     * The member chose the language of their mail and pages on their own page: every mail from now on is written
     * in it. An unknown code reads as Japanese ({@link Language#of(String)}).
     */
    public MemberProfile changeLanguage(long memberId, String signature, String language) {
        Member member = active(memberId, signature);
        member.changeLanguage(Language.of(language), clock.instant());
        return profile(member);
    }

    /**
     * An admin sets the language of a member of their network (for a parent who reads English and joined by blank
     * mail, which gives Japanese). Not audited here: the member editing that calls it records the whole edit.
     * Refused for a member of another network.
     */
    public MemberProfile setLanguage(long networkId, long memberId, Language language) {
        Member member = em.find(Member.class, memberId);
        if (member == null || !member.network().id().equals(networkId)) {
            throw new MemberException(MemberException.LINK_INVALID);
        }
        member.changeLanguage(Objects.requireNonNull(language, "language"), clock.instant());
        return profile(member);
    }

    /**
     * Asks for a new address: a confirmation link goes to the new address, and nothing changes until it is
     * opened. Refused when the address is not valid, is the current one, or belongs to another member of
     * the network, and beyond the hourly limits ({@code renraku.members.address-change.limit.per-member} and
     * {@code .per-network}: a leaked link must not turn us into a mail cannon).
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
        Instant since = clock.instant().minus(LIMIT_WINDOW);
        long network = member.network().id();
        lockNetwork(network); // the counts hold under concurrent requests until the commit
        if (tokens.issuedWithPrefixSince(TokenPurpose.ADDRESS_CHANGE, member.id() + ":", since) >= addressChangesPerMember
                || tokens.issuedInNetworkSince(TokenPurpose.ADDRESS_CHANGE, network, since) >= addressChangesPerNetwork) {
            throw new MemberException(MemberException.ADDRESS_CHANGES_LIMITED);
        }
        tokens.spendAll(TokenPurpose.ADDRESS_CHANGE, subject);
        String token = tokens.issue(TokenPurpose.ADDRESS_CHANGE, network, subject);
        mail.fire(mails.addressConfirmation(member, address, token,
                clock.instant().plus(TokenPurpose.ADDRESS_CHANGE.validity())));
    }

    /** The new address of a confirmation link that still works, without spending it. */
    public Optional<String> peekAddressChange(String token) {
        return tokens.peek(TokenPurpose.ADDRESS_CHANGE, token).map(t -> t.subject().substring(t.subject().indexOf(':') + 1));
    }

    /**
     * Confirms a new address from the link mailed to it: the switch happens now, old personal links stop
     * working (a delegated sender's posting address too), the new link is mailed to the new address, and the
     * FORMER address gets a notice with a link that undoes the change — so whoever used a leaked
     * personal link to take the member over is found out and shut out by one click of the member.
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
        EmailAddress former = member.email();
        member.changeEmail(address, now);
        revokeSecrets(member, now);
        String undoSubject = member.id() + ":" + former.value();
        tokens.spendAll(TokenPurpose.ADDRESS_UNDO, undoSubject);
        String undo = tokens.issue(TokenPurpose.ADDRESS_UNDO, member.network().id(), undoSubject);
        mail.fire(mails.addressChanged(member, address));
        mail.fire(mails.addressChangedNotice(member, former, undo, now.plus(TokenPurpose.ADDRESS_UNDO.validity())));
        return profile(member);
    }

    /** What an undo link (in the notice to a former address) would restore, without spending it. */
    public Optional<UndoForm> peekAddressUndo(String token) {
        return tokens.peek(TokenPurpose.ADDRESS_UNDO, token).flatMap(t -> undoTarget(t.subject()))
                .map(u -> new UndoForm(u.member().network().name(), u.member().name(), u.former().value(),
                        u.member().email().value()));
    }

    /**
     * Undoes an address change from the link in the notice to the former address: the former address is back,
     * every personal link sent before is revoked (a delegated sender's posting address too), address changes
     * still pending and the undo links of later changes are void, and the new personal link goes to the restored
     * address. Audited as the member's
     * act. Refused for a spent or expired link, a member who left, or when the former address now belongs to
     * another member of the network.
     */
    public MemberProfile undoAddressChange(String token, String client) {
        OneTimeToken t = tokens.redeem(TokenPurpose.ADDRESS_UNDO, token)
                .orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        UndoTarget target = undoTarget(t.subject()).orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        Member member = target.member();
        Optional<Member> holder = findByAddress(em, member.network().id(), target.former());
        if (holder.isPresent() && !holder.get().id().equals(member.id())) {
            throw new MemberException(MemberException.EMAIL_TAKEN);
        }
        Instant now = clock.instant();
        String changedTo = member.email().value();
        member.changeEmail(target.former(), now);
        revokeSecrets(member, now);
        tokens.spendAllWithPrefix(TokenPurpose.ADDRESS_CHANGE, member.id() + ":");
        // the undo links of LATER changes go too (whoever made them must not switch back); those of earlier
        // addresses stay, so the member's original address can always undo a chain of changes
        tokens.spendAllWithPrefix(TokenPurpose.ADDRESS_UNDO, member.id() + ":", t.createdAt());
        auditLog.recordWithin(AuditKind.MEMBER_ADDRESS_RESTORED, member.network().id(), "member #" + member.id(),
                member.name() + " (#" + member.id() + ")", "undid the change to another address", client);
        mail.fire(mails.addressRestored(member));
        return profile(member);
    }

    private record UndoTarget(Member member, EmailAddress former) {
    }

    private Optional<UndoTarget> undoTarget(String subject) {
        int colon = subject.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        Member member = em.find(Member.class, Long.parseLong(subject.substring(0, colon)));
        if (member == null || member.status() == Member.Status.LEFT) {
            return Optional.empty();
        }
        return Optional.of(new UndoTarget(member, EmailAddress.of(subject.substring(colon + 1))));
    }

    /** 退会 from the personal page; a confirmation mail follows. False for a bad link or a member already gone. */
    public boolean leaveByLink(long memberId, String signature) {
        Optional<Member> member = verified(memberId, signature).filter(m -> m.status() != Member.Status.LEFT);
        member.ifPresent(this::leave);
        return member.isPresent();
    }

    /**
     * 「退会」 mailed to the join address: the From of a mail proves nothing, so nobody leaves here. The
     * active member of the network with that address, if any, gets a confirmation link at their own address; its
     * button ({@link #confirmLeave}) leaves. At most {@code renraku.members.leave-confirmation.limit.per-address}
     * such mails an hour go to one member, however many 「退会」 mails name them.
     */
    public LeaveRequest requestLeaveByMail(long networkId, @NotNull EmailAddress from) {
        Optional<Member> found = findByAddress(em, networkId, from).filter(Member::isActive);
        if (found.isEmpty()) {
            return LeaveRequest.NOT_A_MEMBER;
        }
        Member member = found.get();
        Instant now = clock.instant();
        String subject = String.valueOf(member.id());
        if (tokens.issuedSince(TokenPurpose.LEAVE_CONFIRMATION, subject, now.minus(LIMIT_WINDOW))
                >= leaveConfirmationsPerAddress) {
            return LeaveRequest.LIMITED;
        }
        String token = tokens.issue(TokenPurpose.LEAVE_CONFIRMATION, networkId, subject);
        mail.fire(mails.leaveConfirmation(member, token, now.plus(TokenPurpose.LEAVE_CONFIRMATION.validity())));
        return LeaveRequest.CONFIRMATION_SENT;
    }

    /** The member a 退会 confirmation link would make leave, without spending it; empty for a bad link. */
    public Optional<LeaveForm> peekLeave(String token) {
        return tokens.peek(TokenPurpose.LEAVE_CONFIRMATION, token).flatMap(t -> leaving(t.subject()))
                .map(m -> new LeaveForm(m.network().name(), m.name()));
    }

    /**
     * The button of a 退会 confirmation link: the member leaves exactly as by the leave button of their page (and
     * is told so). Returns the network's name; refused for a spent or expired link or a member no longer active.
     */
    public String confirmLeave(String token) {
        OneTimeToken t = tokens.redeem(TokenPurpose.LEAVE_CONFIRMATION, token)
                .orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        Member member = leaving(t.subject()).orElseThrow(() -> new MemberException(MemberException.LINK_INVALID));
        tokens.spendAll(TokenPurpose.LEAVE_CONFIRMATION, t.subject());
        leave(member);
        return member.network().name();
    }

    private Optional<Member> leaving(String subject) {
        try {
            return Optional.ofNullable(em.find(Member.class, Long.parseLong(subject))).filter(Member::isActive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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
        return proxyRegister(networkId, email, name, values, Language.DEFAULT, byAdmin, client);
    }

    /** 代行登録 with the member's language: the registration mail and everything after it are in that language. */
    public MemberProfile proxyRegister(long networkId, String email, String name, Map<Long, List<String>> values,
                                       Language language, String byAdmin, String client) {
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
        member.changeLanguage(language == null ? Language.DEFAULT : language, now);
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

    /**
     * Revokes every personal link of a member of the admin's network (e.g. one was forwarded or leaked): links sent
     * before say the link is no longer valid, and a delegated sender's posting address changes too. Audited.
     * Returns the new link; refused for a member of another network.
     */
    public String revokeLinks(long networkId, long memberId, String actor, String client) {
        Member member = em.find(Member.class, memberId);
        if (member == null || !member.network().id().equals(networkId)) {
            throw new MemberException(MemberException.LINK_INVALID);
        }
        revokeSecrets(member, clock.instant());
        auditLog.recordWithin(AuditKind.MEMBER_LINKS_REVOKED, networkId, actor,
                member.name() + " (#" + member.id() + ")", "link version " + member.linkVersion(), client);
        return links.link(member);
    }

    /**
     * The full personal link of a short one ({@code /p/<id>.<short signature>}, the footer of broadcasts), or empty
     * when it is wrong, revoked, or the member has left.
     */
    public Optional<String> fullLinkOfShort(long memberId, String shortSignature) {
        Member member = em.find(Member.class, memberId);
        if (member == null || member.status() == Member.Status.LEFT || !links.verifyShort(member, shortSignature)) {
            return Optional.empty();
        }
        return Optional.of(links.link(member));
    }

    /** The member's current personal link (for mails written elsewhere, e.g. broadcasts). */
    public Optional<String> personalLink(long memberId) {
        return Optional.ofNullable(em.find(Member.class, memberId)).map(links::link);
    }

    // --- helpers

    /** The window of the hourly limits on mails that a request sends. */
    static final Duration LIMIT_WINDOW = Duration.ofHours(1);

    /**
     * Every personal secret of the member changes: the link version (links sent before stop working) and the
     * posting version (a delegated sender's posting address, 代理配信, changes with it).
     */
    private void revokeSecrets(Member member, Instant now) {
        member.revokeLinks(now);
        em.flush();
        em.createNativeQuery("UPDATE members SET posting_version = posting_version + 1 WHERE id = ?")
                .setParameter(1, member.id()).executeUpdate();
    }

    private void lockNetwork(long networkId) {
        em.createNativeQuery("SELECT id FROM networks WHERE id = ? FOR UPDATE").setParameter(1, networkId)
                .getResultList();
    }

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
                link, signature, member.language());
    }
}
