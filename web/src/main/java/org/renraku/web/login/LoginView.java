package org.renraku.web.login;

import java.io.Serializable;
import java.util.List;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

import org.renraku.web.i18n.Messages;

/**
 * The admin login page, {@code /index.xhtml} (shown at {@code /}).
 *
 * <p>An admin of a network enters a user ID and password. One admin at a time may use a
 * network's console; {@link #isTakeover() takeover} ("現在使用中を無視") asks to log in anyway
 * and displace the admin currently working. Operator notices ("お知らせ") are listed beside the
 * form.
 *
 * <p>Authentication, the one-admin rule and operator notices belong to later issues: for now
 * {@link #login()} tells the visitor that logging in is not available yet, and
 * {@link #getNotices()} has nothing to list.
 */
@Named
@ViewScoped
public class LoginView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Longest user ID the form accepts (the input's maxlength). */
    public static final int USER_ID_MAX_LENGTH = 64;

    /** Longest password the form accepts (the input's maxlength). */
    public static final int PASSWORD_MAX_LENGTH = 128;

    private String userId;

    /** Never serialized with the view state, and cleared as soon as it has been used. */
    private transient String password;

    private boolean takeover;

    /**
     * Handles the login form. Authentication arrives with the next release; until then the
     * page says so and stays where it is.
     *
     * @return {@code null}: stay on the login page
     */
    public String login() {
        password = null;
        Messages.addGlobal(FacesMessage.SEVERITY_WARN, "login.notYetAvailable");
        return null;
    }

    /**
     * Operator notices for the login page, newest first (for example "Gmail is delaying our
     * mail"). The operator console that posts them is not built yet, so there are none.
     */
    public List<String> getNotices() {
        return List.of();
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isTakeover() {
        return takeover;
    }

    public void setTakeover(boolean takeover) {
        this.takeover = takeover;
    }

    public int getUserIdMaxLength() {
        return USER_ID_MAX_LENGTH;
    }

    public int getPasswordMaxLength() {
        return PASSWORD_MAX_LENGTH;
    }
}
