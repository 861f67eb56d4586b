package org.renraku.web.operator;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.members.entity.EmailAddress;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;
import org.renraku.web.security.PasswordPolicyText;

/**
 * {@code /operator/password.xhtml}: the signed-in operator changes their own password (current + new + again),
 * with the admins' password rules. Their other sessions end at their next request
 * ({@link org.renraku.web.security.OperatorGuard} compares the change time); this one takes the new time over.
 * Also the mail address for 「パスワードをお忘れの方」 (set, change or remove it, with the current password).
 */
@Named
@ViewScoped
public class OperatorPasswordView implements Serializable {

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

    private transient String current;
    private transient String next;
    private transient String confirmation;

    public String change() {
        String currentSecret = current;
        String nextSecret = next;
        String again = confirmation;
        current = null;
        next = null;
        confirmation = null;
        if (!Objects.equals(nextSecret, again)) {
            Messages.add("password:confirmation", FacesMessage.SEVERITY_ERROR, "password.error.mismatch");
            return null;
        }
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        try {
            Instant changedAt = credentials.changeOperatorOwn(operator.getOperatorId(), currentSecret, nextSecret,
                    ClientAddress.of(request));
            operator.passwordChanged(changedAt);
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "operator.password.changed");
        } catch (AccountException refused) {
            PasswordPolicyText.show(fieldOf(refused.key()), refused);
        }
        return null;
    }

    private static String fieldOf(String key) {
        if (AccountException.CURRENT_PASSWORD_WRONG.equals(key)) {
            return "password:current";
        }
        if (key.startsWith("password.")) {
            return "password:next";
        }
        return null;
    }

    public int getPasswordMaxLength() { return PasswordPolicy.MAX_LENGTH; }
    public int getEmailMaxLength() { return 254; }

    public String getSavedEmail() { return savedEmail; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email == null ? null : email.strip(); }
    public String getEmailCurrent() { return emailCurrent; }
    public void setEmailCurrent(String emailCurrent) { this.emailCurrent = emailCurrent; }

    public String getCurrent() { return current; }
    public void setCurrent(String current) { this.current = current; }
    public String getNext() { return next; }
    public void setNext(String next) { this.next = next; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String confirmation) { this.confirmation = confirmation; }
}
