package org.renraku.web.member;

import org.renraku.web.security.Redirects;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.OptionalLong;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.networks.boundary.NetworkGate;
import org.renraku.platform.control.Secrets;

/**
 * The member pages of a network the operator suspended are closed: whoever opens a personal link
 * ({@code m=}), a one-time link ({@code token=}) or an answer link ({@code t=}) of it lands on
 * {@code /member/suspended.xhtml}, which says that the network is suspended and to ask its admins. The network a
 * page was opened for is kept in the session, so a form sent after the suspension (a postback carries no link
 * parameters) is refused the same way. Nothing is read or changed for a suspended network's member.
 */
@WebFilter(urlPatterns = "/member/*", asyncSupported = true)
public class MemberPagesGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Session attribute: the network of the member page last opened in this session. */
    static final String NETWORK = MemberPagesGuard.class.getName() + ".network";
    /** Request/session attribute: the suspended network's name, for the closed page. */
    static final String SUSPENDED_NAME = MemberPagesGuard.class.getName() + ".suspendedName";
    static final String CLOSED_PAGE = "/member/suspended.xhtml";

    @Inject
    NetworkGate gate;

    @Inject
    Secrets secrets;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (CLOSED_PAGE.equals(request.getServletPath())) {
            chain.doFilter(request, response);
            return;
        }
        OptionalLong network = networkOfLink(request);
        if (network.isPresent()) {
            // the page's view state lives in the session anyway (server-side state saving)
            request.getSession(true).setAttribute(NETWORK, network.getAsLong());
        } else if ("POST".equals(request.getMethod())) {
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(NETWORK) instanceof Long kept) {
                network = OptionalLong.of(kept);
            }
        }
        String suspended = network.isPresent() ? gate.suspendedName(network.getAsLong()).orElse(null) : null;
        if (suspended == null) {
            chain.doFilter(request, response);
            return;
        }
        request.getSession(true).setAttribute(SUSPENDED_NAME, suspended);
        Redirects.to(request, response, CLOSED_PAGE);
    }

    /** The network named by the request's link parameters, when they name a member or token that exists. */
    private OptionalLong networkOfLink(HttpServletRequest request) {
        Long member = number(request.getParameter("m"));
        if (member != null) {
            return gate.networkOfMember(member);
        }
        String token = request.getParameter("token");
        if (token != null) {
            return gate.networkOfToken(token);
        }
        String answer = request.getParameter("t");
        if (answer != null) {
            return DeliveryToken.parse(answer, secrets.key(DeliveryToken.SECRET_PROPERTY, DeliveryToken.SECRET_NAME),
                            DeliveryToken.Purpose.ANSWER)
                    .map(t -> gate.networkOfMember(t.memberId())).orElse(OptionalLong.empty());
        }
        return OptionalLong.empty();
    }

    private static Long number(String text) {
        if (text == null || text.isBlank() || text.length() > 19) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
