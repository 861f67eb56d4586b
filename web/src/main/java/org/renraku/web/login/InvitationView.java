package org.renraku.web.login;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.PasswordPolicyText;

/**
 * {@code /invitation.xhtml?token=…}, the link of the invitation mail: the invited admin sees the network,
 * their name and user ID, and sets their first password under the policy. An unknown, expired or used link
 * gets a clear message and the way to the password reset.
 */
@Named
@ViewScoped
public class InvitationView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminAccounts adminAccounts;

    private String token;
    private AccountLink link;
    private String doneUserId;
    private transient String password;
    private transient String confirmation;

    /** f:viewAction of the first request. */
    public void load() {
        link = adminAccounts.peekInvitation(token).orElse(null);
    }

    public String submit() {
        String secret = password;
        String again = confirmation;
        password = null;
        confirmation = null;
        if (link == null) {
            return null;
        }
        if (!Objects.equals(secret, again)) {
            Messages.add("invitation:confirmation", FacesMessage.SEVERITY_ERROR, "password.error.mismatch");
            return null;
        }
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            doneUserId = adminAccounts.acceptInvitation(token, secret, ClientAddress.of(request));
            token = null;
            link = null;
        } catch (AccountException refused) {
            if (AccountException.INVITATION_INVALID.equals(refused.key())) {
                link = null;
                token = null;
            } else {
                PasswordPolicyText.show("invitation:password", refused);
            }
        }
        return null;
    }

    /** Which page state to show: {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (doneUserId != null) {
            return "done";
        }
        return link != null ? "form" : "invalid";
    }

    public String getToken() {
        return token;
    }

    /** Set from the query string on the first request; a postback without it keeps the one we have. */
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }

    public String getUserId() { return link == null ? null : link.userId(); }
    public String getDisplayName() { return link == null ? null : link.displayName(); }
    public String getNetworkName() { return link == null ? null : link.networkName(); }
    public Instant getExpiresAt() { return link == null ? null : link.expiresAt(); }
    public String getDoneUserId() { return doneUserId; }
    public long getValidityDays() { return TokenPurpose.ADMIN_INVITATION.validity().toDays(); }
    public int getPasswordMaxLength() { return PasswordPolicy.MAX_LENGTH; }

    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String confirmation) { this.confirmation = confirmation; }
}
