package org.renraku.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.members.entity.Language;
import org.renraku.web.i18n.LocaleView;

/**
 * Keeps the language an admin or operator picks with the language switch in their account, so that the mail the
 * service writes to them follows it and their next sign-in opens in it ({@link LocaleView#restore}). A visitor who
 * is not signed in changes only their session.
 */
@RequestScoped
public class AccountLanguage {

    @Inject
    ConsoleSession console;

    @Inject
    OperatorSession operator;

    @Inject
    Accounts accounts;

    void chosen(@Observes LocaleView.LanguageChosen chosen) {
        Language language = Language.of(chosen.locale());
        if (console.isActive()) {
            accounts.changeAdminLanguage(console.getAdminId(), language);
        }
        if (operator.isActive()) {
            accounts.changeOperatorLanguage(operator.getOperatorId(), language);
        }
    }
}
