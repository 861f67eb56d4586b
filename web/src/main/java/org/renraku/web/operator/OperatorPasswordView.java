package org.renraku.web.operator;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.members.entity.EmailAddress;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;
import org.renraku.web.security.OwnPasswordForm;

/**
 * {@code /operator/password.xhtml}: the signed-in operator changes their own password (current + new + again),
 * with the admins' password rules. Their other sessions end at their next request
 * ({@link org.renraku.web.security.OperatorGuard} compares the change time); this one takes the new time over.
 * Also the mail address for 「パスワードをお忘れの方」 (set, change or remove it, with the current password).
 */
@Named
@ViewScoped
public class OperatorPasswordView extends OwnPasswordForm {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorSession operator;

    @Inject
    Credentials credentials;

    @Inject
    Accounts accounts;

    /** The address now set (shown above the form), or null. */
    private String savedEmail;
    private String email;
    private transient String emailCurrent;

    @PostConstruct
    void loadEmail() {
        savedEmail = accounts.operatorEmail(operator.getOperatorId()).map(EmailAddress::value).orElse(null);
        email = savedEmail;
    }

    /** Sets, changes or (left blank) removes the reset address; the former address is told. */
    public String changeEmail() {
        String currentSecret = emailCurrent;
        emailCurrent = null;
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            savedEmail = credentials.changeOperatorEmail(operator.getOperatorId(), currentSecret, email,
                    ClientAddress.of(request)).map(EmailAddress::value).orElse(null);
            email = savedEmail;
            Messages.addGlobal(FacesMessage.SEVERITY_INFO,
                    savedEmail == null ? "operator.email.removed" : "operator.email.saved");
        } catch (AccountException refused) {
            Messages.add(AccountException.CURRENT_PASSWORD_WRONG.equals(refused.key()) ? "email:current" : "email:address",
                    FacesMessage.SEVERITY_ERROR, refused.key());
        }
        return null;
    }

    @Override
    protected Instant changeOwn(String current, String next, String client) {
        return credentials.changeOperatorOwn(operator.getOperatorId(), current, next, client);
    }

    @Override
    protected void passwordChanged(Instant changedAt) {
        operator.passwordChanged(changedAt);
    }

    @Override
    protected String changedMessage() {
        return "operator.password.changed";
    }

    public int getEmailMaxLength() { return 254; }

    public String getSavedEmail() { return savedEmail; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email == null ? null : email.strip(); }
    public String getEmailCurrent() { return emailCurrent; }
    public void setEmailCurrent(String emailCurrent) { this.emailCurrent = emailCurrent; }
}
