package org.renraku.web.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.adminsession.entity.ReleaseReason;

/** On every operator console request: a logged-in operator whose password has not changed since login. */
@WebFilter(urlPatterns = "/operator/*", asyncSupported = true)
public class OperatorGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    OperatorSession operator;

    @Inject
    Accounts accounts;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getSession(false) == null || !operator.isActive()) {
            Redirects.toLogin(request, response);
            return;
        }
        Instant changedAt = accounts.operatorPasswordChangedAt(operator.getOperatorId()).orElse(null);
        if (changedAt == null || !Objects.equals(changedAt, operator.getPasswordChangedAt())) {
            operator.end();
            LoginNotice.endSessionWith(request, new LoginNotice(ReleaseReason.PASSWORD_CHANGED, null, changedAt));
            Redirects.toLogin(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
