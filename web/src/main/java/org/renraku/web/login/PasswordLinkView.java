package org.renraku.web.login;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.PasswordPolicyText;

/**
 * A page reached by a one-time link in a mail where an admin sets a password ({@link ResetView},
 * {@link InvitationView}). The form appears only for a link that still works (checked without spending
 * it); an unknown, expired or used link gets a clear message and a way to ask again. The token stays in
 * the view (on the server); the passwords are never kept beyond the request.
 */
abstract class PasswordLinkView implements Serializable {

    private static final long serialVersionUID = 1L;

    private String token;
    private AccountLink link;
    private String doneUserId;
    private transient String password;
    private transient String confirmation;

    /** What the link is for, if it still works; does not spend it. */
    abstract Optional<AccountLink> peek(String token);

    /** Spends the link and sets the password; returns the user ID. */
    abstract String spend(String token, String password, String clientAddress);

    /** Client id of the page's form: "reset", "invitation". */
    abstract String formId();

    /** The refusal key meaning the link no longer works. */
    abstract String invalidLinkKey();

    /** f:viewAction of the first request. */
    public void load() {
        link = peek(token).orElse(null);
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
            Messages.add(formId() + ":confirmation", FacesMessage.SEVERITY_ERROR, "password.error.mismatch");
            return null;
        }
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            doneUserId = spend(token, secret, ClientAddress.of(request));
            token = null;
            link = null;
        } catch (AccountException refused) {
            if (invalidLinkKey().equals(refused.key())) {
                link = null;
                token = null;
            } else {
                PasswordPolicyText.show(formId() + ":password", refused);
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
    public int getPasswordMaxLength() { return PasswordPolicy.MAX_LENGTH; }

    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String confirmation) { this.confirmation = confirmation; }
}
