package org.renraku.web.login;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * {@code /invitation.xhtml?token=…}, the link of the invitation mail: the invited admin sees the network,
 * their name and user ID, and sets their first password under the policy.
 */
@Named
@ViewScoped
public class InvitationView extends PasswordLinkView {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminAccounts adminAccounts;

    @Override
    Optional<AccountLink> peek(String token) {
        return adminAccounts.peekInvitation(token);
    }

    @Override
    String spend(String token, String password, String clientAddress) {
        return adminAccounts.acceptInvitation(token, password, clientAddress);
    }

    @Override
    String formId() {
        return "invitation";
    }

    @Override
    String invalidLinkKey() {
        return AccountException.INVITATION_INVALID;
    }

    public long getValidityDays() {
        return TokenPurpose.ADMIN_INVITATION.validity().toDays();
    }
}
