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
import org.renraku.accounts.boundary.Credentials;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.PasswordPolicyText;

/**
 * {@code /reset.xhtml?token=…}, the link of the reset mail: shows whose password is set and the policy, and
 * sets it. The form appears only for a link that still works (checked without spending it); an unknown,
 * expired or used link gets a clear message and a way to ask again. The token stays in this view (on the
 * server); the passwords are never kept beyond the request.
 */
@Named
@ViewScoped
public class ResetView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Credentials credentials;

    private String token;
    private AccountLink link;
    private String doneUserId;
    private transient String password;
    private transient String confirmation;

    /** f:viewAction of the first request. */
    public void load() {
        link = credentials.peekReset(token).orElse(null);
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
            Messages.add("reset:confirmation", FacesMessage.SEVERITY_ERROR, "password.error.mismatch");
            return null;
        }
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            doneUserId = credentials.resetWithToken(token, secret, ClientAddress.of(request));
            token = null;
            link = null;
        } catch (AccountException refused) {
            if (AccountException.RESET_INVALID.equals(refused.key())) {
                link = null;
                token = null;
            } else {
                PasswordPolicyText.show("reset:password", refused);
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
    public long getValidityMinutes() { return TokenPurpose.PASSWORD_RESET.validity().toMinutes(); }
    public int getPasswordMaxLength() { return PasswordPolicy.MAX_LENGTH; }

    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String confirmation) { this.confirmation = confirmation; }
}
