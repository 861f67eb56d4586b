package org.renraku.web.login;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.web.security.ClientAddress;

/**
 * 「パスワード再発行」, {@code /forgot.xhtml}: the admin enters their user ID or mail address and is told to
 * check their mail. The answer is the same whether or not an account matched, so the page cannot be used
 * to find out which user IDs or addresses exist.
 */
@Named
@ViewScoped
public class ForgotView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Longest input the form accepts: a mail address. */
    public static final int ACCOUNT_MAX_LENGTH = 254;

    @Inject
    Credentials credentials;

    private String account;
    private boolean sent;

    public String submit() {
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        credentials.requestReset(account, ClientAddress.of(request));
        account = null;
        sent = true;
        return null;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account == null ? null : account.strip();
    }

    public boolean isSent() {
        return sent;
    }

    public int getAccountMaxLength() {
        return ACCOUNT_MAX_LENGTH;
    }

    public long getValidityMinutes() {
        return TokenPurpose.PASSWORD_RESET.validity().toMinutes();
    }
}
