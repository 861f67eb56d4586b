package org.renraku.web.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.web.security.ConsoleSession;
import org.renraku.web.security.OwnPasswordForm;

/**
 * {@code /console/password.xhtml}: the signed-in admin changes their own password (current + new + again).
 * The admin's other sessions end; this one stays valid because it takes the new change time over, which
 * {@link org.renraku.web.security.ConsoleGuard} compares on every request.
 */
@Named
@ViewScoped
public class PasswordView extends OwnPasswordForm {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Credentials credentials;

    @Override
    protected Instant changeOwn(String current, String next, String client) {
        return credentials.changeOwn(console.getAdminId(), console.getLeaseToken(), current, next, client);
    }

    @Override
    protected void passwordChanged(Instant changedAt) {
        console.passwordChanged(changedAt);
    }

    @Override
    protected String changedMessage() {
        return "password.changed";
    }
}
