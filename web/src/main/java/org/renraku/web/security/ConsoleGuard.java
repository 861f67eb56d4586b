package org.renraku.web.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;

/**
 * On every admin console request: does this session still hold its network's console? A session that was
 * displaced (「現在使用中を無視」), expired, or whose password changed lands on the login page, which says why.
 */
@WebFilter(urlPatterns = "/console/*", asyncSupported = true)
public class ConsoleGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    AdminSessions adminSessions;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getSession(false) == null || !console.isActive()) {
            Redirects.toLogin(request, response);
            return;
        }
        LeaseState state = adminSessions.check(console.getLeaseToken());
        if (state instanceof LeaseState.Ended ended) {
            console.end();
            LoginNotice.endSessionWith(request, new LoginNotice(ended.reason(), ended.byName(), ended.at()));
            Redirects.toLogin(request, response);
            return;
        }
        LeaseState.Active active = (LeaseState.Active) state;
        if (!Objects.equals(active.passwordChangedAt(), console.getPasswordChangedAt())) {
            adminSessions.release(console.getLeaseToken(), ClientAddress.of(request));
            console.end();
            LoginNotice.endSessionWith(request,
                    new LoginNotice(ReleaseReason.PASSWORD_CHANGED, null, active.passwordChangedAt()));
            Redirects.toLogin(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
