package org.renraku.members.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.mail.control.MailTexts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The mails to members: registration link, 「already a member」, welcome, left, address confirmation and change,
 * the notice of a change to the former address (with its undo link), the restored address, the 退会 confirmation,
 * 代行登録. Texts come from {@code org/renraku/members/member_mails_ja.properties} and {@code _en} (the same keys),
 * in the member's own language ({@link Member#language()}); a registration link to an address that is not a member
 * yet is Japanese, unless a former member had chosen another language. Every mail to a member carries their
 * personal link (except the ones to an address that is not a member yet).
 */
@ApplicationScoped
public class MemberMails {

    static final String BUNDLE = "org.renraku.members.member_mails";

    @Inject
    MemberLinks links;

    @Inject
    @ConfigProperty(name = "renraku.mail.from", defaultValue = "noreply@localhost")
    String mailFrom;

    /** The text of {@code key} in the recipient's language ({@code locale}; Japanese when we have none). */
    public static String text(Locale locale, String key, Object... arguments) {
        return MailTexts.format(BUNDLE, MemberMails.class.getClassLoader(), locale, key, arguments);
    }

    /** The domain phones must allow (指定受信): the one of our From address. */
    public String sendingDomain() {
        int at = mailFrom.lastIndexOf('@');
        return at < 0 ? mailFrom.strip() : mailFrom.substring(at + 1).strip().replace(">", "");
    }

    /** The registration link to an address that is not an active member, in {@code language}. */
    public OutgoingMail registration(EmailAddress to, Language language, String networkName, String token,
                                     Instant expiresAt) {
        Locale l = language.locale();
        return new OutgoingMail(to, text(l, "registration.subject", networkName),
                text(l, "registration.body", networkName, tokenLink("/member/register.xhtml", token),
                        TokenPurpose.MEMBER_REGISTRATION.validity().toHours(), MailTexts.time(l, expiresAt),
                        sendingDomain()),
                "member registration");
    }

    public OutgoingMail proxyRegistration(Member member, String networkName, String token, Instant expiresAt) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "proxy.subject", networkName),
                text(l, "proxy.body", member.name(), networkName, tokenLink("/member/register.xhtml", token),
                        TokenPurpose.MEMBER_REGISTRATION.validity().toHours(), MailTexts.time(l, expiresAt),
                        sendingDomain()),
                "member proxy registration");
    }

    public OutgoingMail alreadyMember(Member member) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "already.subject", member.network().name()),
                text(l, "already.body", member.name(), member.network().name(), links.link(member)),
                "member already registered");
    }

    public OutgoingMail welcome(Member member) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "welcome.subject", member.network().name()),
                text(l, "welcome.body", member.name(), member.network().name(), links.link(member), sendingDomain()),
                "member welcome");
    }

    public OutgoingMail left(Member member) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "left.subject", member.network().name()),
                text(l, "left.body", member.name(), member.network().name()), "member left");
    }

    public OutgoingMail addressConfirmation(Member member, EmailAddress newAddress, String token, Instant expiresAt) {
        Locale l = member.language().locale();
        return new OutgoingMail(newAddress, text(l, "address.confirm.subject", member.network().name()),
                text(l, "address.confirm.body", member.name(), member.network().name(),
                        tokenLink("/member/confirm-address.xhtml", token),
                        TokenPurpose.ADDRESS_CHANGE.validity().toHours(), MailTexts.time(l, expiresAt),
                        sendingDomain()),
                "member address confirmation");
    }

    public OutgoingMail addressChanged(Member member, EmailAddress to) {
        Locale l = member.language().locale();
        return new OutgoingMail(to, text(l, "address.changed.subject", member.network().name()),
                text(l, "address.changed.body", member.name(), member.network().name(), member.email().value(),
                        links.link(member)),
                "member address changed");
    }

    /**
     * To the FORMER address after an address change: what changed, and the link that undoes it — for
     * the member whose personal link was used by someone else. No personal link: the old ones are revoked.
     */
    public OutgoingMail addressChangedNotice(Member member, EmailAddress oldAddress, String undoToken,
                                             Instant expiresAt) {
        Locale l = member.language().locale();
        return new OutgoingMail(oldAddress, text(l, "address.notice.subject", member.network().name()),
                text(l, "address.notice.body", member.name(), member.network().name(), member.email().value(),
                        tokenLink("/member/undo-address.xhtml", undoToken),
                        TokenPurpose.ADDRESS_UNDO.validity().toDays(), MailTexts.time(l, expiresAt)),
                "member address change notice");
    }

    /** To the restored address after an undone address change: the new personal link. */
    public OutgoingMail addressRestored(Member member) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "address.restored.subject", member.network().name()),
                text(l, "address.restored.body", member.name(), member.network().name(), member.email().value(),
                        links.link(member)),
                "member address restored");
    }

    /**
     * 「退会」 by mail: to the member's own address, the link whose button leaves. Mailing 「退会」 alone
     * changes nothing, so a forged From cannot make anyone leave.
     */
    public OutgoingMail leaveConfirmation(Member member, String token, Instant expiresAt) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "leave.confirm.subject", member.network().name()),
                text(l, "leave.confirm.body", member.name(), member.network().name(),
                        tokenLink("/member/leave.xhtml", token), TokenPurpose.LEAVE_CONFIRMATION.validity().toDays(),
                        MailTexts.time(l, expiresAt)),
                "member leave confirmation");
    }

    /**
     * An admin lifted the member's complaint or unsubscription: mail resumes only if the member opens this link
     * and presses its button.
     */
    public OutgoingMail liftConfirmation(Member member, String token, Instant expiresAt) {
        Locale l = member.language().locale();
        return new OutgoingMail(member.email(), text(l, "lift.confirm.subject", member.network().name()),
                text(l, "lift.confirm.body", member.name(), member.network().name(),
                        tokenLink("/member/confirm-lift.xhtml", token),
                        TokenPurpose.SUPPRESSION_LIFT.validity().toDays(), MailTexts.time(l, expiresAt),
                        sendingDomain()),
                "member suppression lift confirmation");
    }

    private String tokenLink(String page, String token) {
        return links.base() + page + "?token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
    }
}
