package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.renraku.web.i18n.LocaleView;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;

/**
 * {@code /member/confirm-address.xhtml?token=…}, the link mailed to a new address. Opening it shows the new
 * address and one button; the switch happens on the button (a POST), so a mail scanner that fetches links
 * does not change anyone's address.
 */
@Named
@ViewScoped
public class ConfirmAddressView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    @Inject
    LocaleView localeView;

    private String token;
    private String newEmail;
    private MemberProfile done;

    public void load() {
        newEmail = members.peekAddressChange(token).orElse(null);
        if (newEmail != null) {
            members.languageOfLink(TokenPurpose.ADDRESS_CHANGE, token)
                    .ifPresent(l -> localeView.followMember(l.locale()));
        }
    }

    public String confirm() {
        if (newEmail == null) {
            return null;
        }
        try {
            done = members.confirmAddressChange(token);
        } catch (MemberException refused) {
            newEmail = null;
            MemberErrors.show(refused);
        }
        token = null;
        return null;
    }

    /** {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (done != null) {
            return "done";
        }
        return newEmail != null ? "form" : "invalid";
    }

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
    public String getNewEmail() { return done != null ? done.email() : newEmail; }
    public String getNetworkName() { return done == null ? null : done.networkName(); }
    public String getPersonalLink() { return done == null ? null : done.link(); }
}
