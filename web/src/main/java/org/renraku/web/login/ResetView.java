package org.renraku.web.login;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.tokens.entity.TokenPurpose;

/** {@code /reset.xhtml?token=…}, the link of the reset mail: shows whose password is set and the policy, and sets it. */
@Named
@ViewScoped
public class ResetView extends PasswordLinkView {

    private static final long serialVersionUID = 1L;

    @Inject
    Credentials credentials;

    @Override
    Optional<AccountLink> peek(String token) {
        return credentials.peekReset(token);
    }

    @Override
    String spend(String token, String password, String clientAddress) {
        return credentials.resetWithToken(token, password, clientAddress);
    }

    @Override
    String formId() {
        return "reset";
    }

    @Override
    String invalidLinkKey() {
        return AccountException.RESET_INVALID;
    }

    public long getValidityMinutes() {
        return TokenPurpose.PASSWORD_RESET.validity().toMinutes();
    }
}
