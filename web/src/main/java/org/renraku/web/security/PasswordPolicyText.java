package org.renraku.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.inject.Named;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.web.i18n.Messages;

/**
 * The password policy as the pages show it ({@code WEB-INF/includes/password-policy.xhtml} on every page where
 * a password is set): the limits come from {@link PasswordPolicy}, the words from the bundle
 * ({@code password.policy.*}).
 */
@Named("passwordPolicy")
@ApplicationScoped
public class PasswordPolicyText {

    public int getMinLength() {
        return PasswordPolicy.MIN_LENGTH;
    }

    public int getMaxLength() {
        return PasswordPolicy.MAX_LENGTH;
    }

    /**
     * Shows the text of a refusal next to a field (or about the page when {@code clientId} is null). Every
     * text gets the policy's limits as {0} and {1}, which the policy's own texts use.
     */
    public static void show(String clientId, AccountException refusal) {
        Messages.add(clientId, FacesMessage.SEVERITY_ERROR, refusal.key(), PasswordPolicy.MIN_LENGTH,
                PasswordPolicy.MAX_LENGTH);
    }
}
