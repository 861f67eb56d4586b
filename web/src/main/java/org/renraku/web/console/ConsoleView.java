package org.renraku.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;
import org.renraku.web.security.LoginNotice;

/** Actions of the console template: logout frees the network's console at once. */
@Named
@RequestScoped
public class ConsoleView {

    @Inject
    ConsoleSession console;

    @Inject
    AdminSessions adminSessions;

    @Inject
    Clock clock;

    public void logout() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        adminSessions.release(console.getLeaseToken(), ClientAddress.of(request));
        console.end();
        LoginNotice.endSessionWith(request, new LoginNotice(ReleaseReason.LOGOUT, null, clock.instant()));
        external.redirect(request.getContextPath() + "/");
        FacesContext.getCurrentInstance().responseComplete();
    }
}
