package org.renraku.web.operator;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.LoginNotice;
import org.renraku.web.security.OperatorSession;

/** Actions of the operator template ({@code WEB-INF/templates/operator.xhtml}): logout. */
@Named
@RequestScoped
public class OperatorConsoleView {

    @Inject
    OperatorSession operator;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** Ends the session and the login; the login page then says 「ログアウトしました。」. */
    public void logout() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        if (operator.isActive()) {
            audit.record(AuditKind.OPERATOR_LOGOUT, null, operator.getUserId(), null, null, ClientAddress.of(request));
        }
        operator.end();
        LoginNotice.endSessionWith(request, new LoginNotice(ReleaseReason.LOGOUT, null, clock.instant()));
        external.redirect(request.getContextPath() + "/");
        FacesContext.getCurrentInstance().responseComplete();
    }
}
