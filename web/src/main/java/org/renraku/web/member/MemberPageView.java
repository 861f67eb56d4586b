package org.renraku.web.member;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.inject.Inject;
import org.renraku.broadcasts.boundary.Postings;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.renraku.bounces.boundary.Hygiene;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.members.entity.Language;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;

/**
 * {@code /member/page.xhtml?m=…&s=…}, the member's own page reached by the signed personal link in every mail:
 * edit name, attributes and the language of their mail and pages, change the address (a confirmation link goes to the new one), leave after a
 * confirmation step. Every action is checked again against the signature by the boundary.
 */
@Named
@ViewScoped
public class MemberPageView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    @Inject
    MemberAttributes attributes;

    @Inject
    Hygiene hygiene;

    @Inject
    Postings postings;

    @Inject
    LocaleView localeView;

    private String postingAddress;

    private Long memberId;
    private String signature;
    private MemberProfile profile;
    private List<AttributeField> fields = List.of();
    private String name;
    private String newEmail;
    private String pendingEmail;
    private boolean leaveAsked;
    private boolean left;
    private String allowDomain;
    private String language;

    /** f:viewAction of the first request: the page shows in the member's language. */
    public void load() {
        profile = memberId == null ? null : members.byLink(memberId, signature).orElse(null);
        if (profile != null) {
            localeView.followMember(profile.language().locale());
            language = profile.language().code();
            // this browser now knows the member: a link without one (the archive feed's) opens their archive entry
            ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
            PersonalLinkCookie.remember((HttpServletRequest) context.getRequest(),
                    (HttpServletResponse) context.getResponse(), memberId, signature);
            name = profile.name();
            fields = AttributeField.of(attributes.forMembers(profile.networkId()), profile.attributes());
            postingAddress = postings.memberAddress(profile.networkId(), memberId).orElse(null);
            allowDomain = hygiene.allowDomainRequest(profile.networkId(), memberId).orElse(null);
        }
    }

    /** The member has allowed our domain (指定受信): the request on the page goes away. */
    public String allowDomainDone() {
        if (profile != null && members.byLink(memberId, signature).isPresent()) {
            hygiene.allowDomainDone(profile.networkId(), memberId);
            allowDomain = null;
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "member.allowDomain.thanks");
        }
        return null;
    }

    /** The domain to allow when the member's carrier filtered our mail (指定受信), else null. */
    public String getAllowDomain() { return allowDomain; }

    /** 代理配信者 only: a new posting address (the old one stops working); the link is checked again first. */
    public String regeneratePosting() {
        MemberProfile verified = memberId == null ? null : members.byLink(memberId, signature).orElse(null);
        if (verified == null) {
            profile = null;
            return null;
        }
        postingAddress = postings.regenerateMember(verified.networkId(), memberId, "member #" + memberId, null)
                .orElse(null);
        if (postingAddress != null) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "posting.regenerated");
        }
        return null;
    }

    /** The member's posting address (代理配信用アドレス) when they are a delegated sender, else null. */
    public String getPostingAddress() { return postingAddress; }

    public String save() {
        if (profile == null) {
            return null;
        }
        try {
            profile = members.updateProfile(memberId, signature, name, AttributeField.values(fields));
            name = profile.name();
            if (profile.language() != Language.of(language)) {
                // the member's mail is written in the new language from now on, and this page shows in it
                profile = members.changeLanguage(memberId, signature, language);
                localeView.show(profile.language().locale());
            }
            language = profile.language().code();
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "member.page.saved");
        } catch (MemberException refused) {
            handle(refused);
        }
        return null;
    }

    public String changeAddress() {
        if (profile == null) {
            return null;
        }
        try {
            members.requestAddressChange(memberId, signature, newEmail);
            pendingEmail = newEmail == null ? null : newEmail.strip();
            newEmail = null;
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "member.address.sent", pendingEmail);
        } catch (MemberException refused) {
            handle(refused);
        }
        return null;
    }

    public String askLeave() {
        leaveAsked = true;
        return null;
    }

    public String cancelLeave() {
        leaveAsked = false;
        return null;
    }

    public String leave() {
        if (profile != null && members.leaveByLink(memberId, signature)) {
            left = true;
        }
        profile = null;
        leaveAsked = false;
        return null;
    }

    private void handle(MemberException refused) {
        if (MemberException.LINK_INVALID.equals(refused.key())) {
            profile = null;
        }
        MemberErrors.show(refused);
    }

    /** {@code page}, {@code left} or {@code invalid}. */
    public String getState() {
        if (left) {
            return "left";
        }
        return profile != null ? "page" : "invalid";
    }

    public Long getM() { return memberId; }
    public void setM(Long m) {
        if (m != null) {
            this.memberId = m;
        }
    }
    public String getS() { return signature; }
    public void setS(String s) {
        if (s != null) {
            this.signature = s;
        }
    }

    public String getNetworkName() { return profile == null ? null : profile.networkName(); }
    public String getEmail() { return profile == null ? null : profile.email(); }
    public List<AttributeField> getFields() { return fields; }
    /** The language of the member's mail and pages, {@code ja} or {@code en}. */
    public String getLanguage() { return language; }
    public void setLanguage(String language) { this.language = language; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getNewEmail() { return newEmail; }
    public void setNewEmail(String newEmail) { this.newEmail = newEmail; }
    public String getPendingEmail() { return pendingEmail; }
    public boolean isLeaveAsked() { return leaveAsked; }
}
