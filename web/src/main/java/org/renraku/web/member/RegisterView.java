package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.renraku.web.i18n.LocaleView;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.members.boundary.RegistrationForm;

/**
 * {@code /member/register.xhtml?token=…}, the link of the registration mail: name, the network's attributes
 * that members fill in, consent → the welcome page with the personal link (also mailed). The form appears
 * only for a link that still works (checked without spending it); a bad link gets a clear page. The token
 * stays in this view, on the server.
 */
@Named
@ViewScoped
public class RegisterView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    @Inject
    MemberAttributes attributes;

    @Inject
    LocaleView localeView;

    private String token;
    private RegistrationForm form;
    private List<AttributeField> fields = List.of();
    private String name;
    private boolean consent;
    private MemberProfile done;

    /** f:viewAction of the first request. */
    public void load() {
        form = members.peekRegistration(token).orElse(null);
        if (form != null) {
            // a member an admin registered (代行登録) or a former member: the language they have
            members.languageOfLink(TokenPurpose.MEMBER_REGISTRATION, token)
                    .ifPresent(l -> localeView.followMember(l.locale()));
            name = form.name();
            fields = AttributeField.of(attributes.forMembers(form.networkId()), form.attributes());
        }
    }

    public String submit() {
        if (form == null) {
            return null;
        }
        try {
            done = members.register(token, name, AttributeField.values(fields), consent);
            token = null;
            form = null;
        } catch (MemberException refused) {
            if (MemberException.LINK_INVALID.equals(refused.key()) || MemberException.ALREADY_MEMBER.equals(refused.key())) {
                form = null;
                token = null;
            }
            MemberErrors.show(refused);
        }
        return null;
    }

    /** {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (done != null) {
            return "done";
        }
        return form != null ? "form" : "invalid";
    }

    public String getToken() { return token; }

    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }

    public String getNetworkName() {
        return form != null ? form.networkName() : done != null ? done.networkName() : null;
    }

    public String getEmail() { return form == null ? null : form.email(); }
    public Instant getExpiresAt() { return form == null ? null : form.expiresAt(); }
    public List<AttributeField> getFields() { return fields; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isConsent() { return consent; }
    public void setConsent(boolean consent) { this.consent = consent; }
    public String getDoneName() { return done == null ? null : done.name(); }
    public String getPersonalLink() { return done == null ? null : done.link(); }
    public Map<Long, List<String>> getValues() { return AttributeField.values(fields); }
}
