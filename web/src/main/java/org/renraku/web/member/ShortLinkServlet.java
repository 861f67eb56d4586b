package org.renraku.web.member;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.renraku.members.boundary.Members;
import org.renraku.members.control.MemberLinks;

/**
 * {@code /p/<member id>.<short signature>}: the short personal link at the foot of every broadcast. A
 * valid one sends the browser on (303) to the member's page ({@code /member/page.xhtml?m=…&s=…}); a wrong, revoked or
 * left member's one to the same page without a link, which says the link is not valid — nothing about the member.
 */
@WebServlet(urlPatterns = MemberLinks.SHORT_PATH + "*")
public class ShortLinkServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Members members;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        Optional<String> full = MemberLinks.Short.parse(path == null ? null : path.substring(1))
                .flatMap(s -> members.fullLinkOfShort(s.memberId(), s.signature()));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", full.orElse(request.getContextPath() + MemberLinks.PAGE));
    }
}
