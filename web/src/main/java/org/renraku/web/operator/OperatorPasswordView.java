package org.renraku.web.operator;

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
import org.renraku.accounts.boundary.Credentials;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;
import org.renraku.web.security.PasswordPolicyText;

/**
 * {@code /operator/password.xhtml}: the signed-in operator changes their own password (current + new + again),
 * with the admins' password rules. Their other sessions end at their next request
 * ({@link org.renraku.web.security.OperatorGuard} compares the change time); this one takes the new time over.
 */
@Named
@ViewScoped
public class OperatorPasswordView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorSession operator;

    @Inject
    Credentials credentials;

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

    public String getCurrent() { return current; }
    public void setCurrent(String current) { this.current = current; }
    public String getNext() { return next; }
    public void setNext(String next) { this.next = next; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String confirmation) { this.confirmation = confirmation; }
}
