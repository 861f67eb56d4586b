package org.renraku.web.login;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Logins;
import org.renraku.accounts.control.ThrottlePolicy.Verdict;
import org.renraku.accounts.entity.Operator;
import org.renraku.accounts.entity.UserId;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.notices.boundary.Notices;
import org.renraku.notices.entity.Notice;
import org.renraku.web.i18n.Formats;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;
import org.renraku.web.security.LoginNotice;
import org.renraku.web.security.OperatorSession;
import org.renraku.web.security.Roles;

/**
 * The login page, {@code /index.xhtml} (shown at {@code /}), the only bookmarkable page of the console.
 * <p>
 * A login goes: throttling (repeated failures for the account or the address slow it down; a correct password
 * always gets in) →
 * Jakarta Security authenticates the user ID and password → an operator goes to the operator console; an
 * admin asks {@link AdminSessions} for the network's console, which is refused with who holds it and since
 * when (「現在、他の管理者が使用中です」) unless {@link #isTakeover() takeover} (「現在使用中を無視」) is
 * checked → a new session id → the console. The password is never kept beyond the request.
 */
@Named
@ViewScoped
public class LoginView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Longest user ID the form accepts (the input's maxlength). */
    public static final int USER_ID_MAX_LENGTH = 64;

    /** Longest password the form accepts (the input's maxlength). */
    public static final int PASSWORD_MAX_LENGTH = 128;

    @Inject
    SecurityContext securityContext;
    @Inject
    Logins logins;
    @Inject
    AdminSessions adminSessions;
    @Inject
    Accounts accounts;
    @Inject
    AuditLog audit;
    @Inject
    Notices notices;
    @Inject
    ConsoleSession consoleSession;
    @Inject
    OperatorSession operatorSession;
    @Inject
    Clock clock;
    @Inject
    LocaleView localeView;

    private String userId;

    /** Never serialized with the view state, and cleared as soon as it has been used. */
    private transient String password;

    private boolean takeover;

    private List<Notice> shownNotices;

    @PostConstruct
    void init() {
        FacesContext faces = FacesContext.getCurrentInstance();
        HttpServletRequest request = (HttpServletRequest) faces.getExternalContext().getRequest();
        LoginNotice notice = LoginNotice.take(request.getSession(false));
        if (notice != null) {
            Locale locale = faces.getViewRoot().getLocale();
            String key = "login.ended." + notice.reason().name().toLowerCase(Locale.ROOT);
            FacesMessage.Severity severity = notice.reason() == org.renraku.adminsession.entity.ReleaseReason.LOGOUT
                    ? FacesMessage.SEVERITY_INFO : FacesMessage.SEVERITY_WARN;
            Messages.addGlobal(severity, key,
                    notice.byName() == null ? "" : notice.byName(), Formats.format(notice.at(), locale));
        }
        shownNotices = notices.current();
    }

    public String login() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        HttpServletResponse response = (HttpServletResponse) external.getResponse();
        String client = ClientAddress.of(request);
        String secret = password;
        password = null;
        if (!UserId.isValid(userId)) {
            logins.failed(userId == null ? "" : userId, client);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "login.failed");
            return null;
        }

        Verdict verdict = logins.assess(userId, client);
        if (verdict instanceof Verdict.Slow slow) {
            pause(slow.delay().toMillis());
        }
        int failuresBefore = logins.recentFailures(userId);

        AuthenticationStatus status = securityContext.authenticate(request, response, AuthenticationParameters
                .withParams().newAuthentication(true).credential(new UsernamePasswordCredential(userId, secret)));
        if (status != AuthenticationStatus.SUCCESS) {
            logins.failed(userId, client);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "login.failed");
            return null;
        }
        String detail = failuresBefore > 0 ? "after " + failuresBefore + " failed attempt(s)" : null;

        if (securityContext.isCallerInRole(Roles.OPERATOR)) {
            Operator operator = accounts.operatorByUserId(userId).orElseThrow();
            request.changeSessionId();
            operatorSession.start(operator.id(), operator.userId(), operator.displayName(), operator.passwordChangedAt());
            localeView.restore(operator.language().locale());
            audit.record(AuditKind.OPERATOR_LOGIN, null, operator.userId(), null, detail, client);
            return "/operator/index.xhtml?faces-redirect=true";
        }

        Acquisition acquisition = adminSessions.acquire(userId, takeover, client, detail);
        if (acquisition instanceof Acquisition.Granted granted) {
            request.changeSessionId();
            consoleSession.start(granted, clock.instant());
            accounts.adminByUserId(granted.userId()).ifPresent(a -> localeView.restore(a.language().locale()));
            return "/console/index.xhtml?faces-redirect=true";
        }
        logout(request);
        if (acquisition instanceof Acquisition.InUse inUse) {
            Messages.addGlobal(FacesMessage.SEVERITY_WARN, "login.inUse", inUse.holderName(),
                    Formats.format(inUse.since(), faces.getViewRoot().getLocale()));
        } else if (acquisition instanceof Acquisition.NetworkSuspended suspended) {
            Messages.addGlobal(FacesMessage.SEVERITY_WARN, "login.networkSuspended", suspended.networkName());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "login.failed");
        }
        return null;
    }

    private static void logout(HttpServletRequest request) {
        try {
            request.logout();
        } catch (ServletException e) {
            // not logged in: nothing to undo
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Operator notices for the login page, newest first (e.g. "Gmail is delaying our mail"). */
    public List<Notice> getNotices() {
        return shownNotices;
    }

    public int getUserIdMaxLength() {
        return USER_ID_MAX_LENGTH;
    }

    public int getPasswordMaxLength() {
        return PASSWORD_MAX_LENGTH;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId == null ? null : userId.strip();
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
}
