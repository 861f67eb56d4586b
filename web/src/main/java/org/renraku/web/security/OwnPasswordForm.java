package org.renraku.web.security;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.control.PasswordPolicy;
import org.renraku.web.i18n.Messages;

/**
 * The form of a signed-in account that changes its own password (current + new + again), for the admin's and the
 * operator's page alike: the secrets are forgotten as soon as they are read, a mismatch is refused next to the
 * field, and a refusal of the policy shows its rule next to the field it is about. The page's form is
 * {@code password} with the fields {@code current}, {@code next} and {@code confirmation}.
 */
public abstract class OwnPasswordForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private transient String current;
    private transient String next;
    private transient String confirmation;

    /** Changes the password of the signed-in account; returns the change time (the session takes it over). */
    protected abstract Instant changeOwn(String current, String next, String client);

    /** The session keeps working with the new change time; its other sessions end. */
    protected abstract void passwordChanged(Instant changedAt);

    /** The bundle key of the message after a change. */
    protected abstract String changedMessage();

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
            passwordChanged(changeOwn(currentSecret, nextSecret, ClientAddress.of(request)));
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, changedMessage());
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
