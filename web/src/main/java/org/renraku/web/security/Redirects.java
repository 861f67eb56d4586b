package org.renraku.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sends the browser to the login page, also from a Faces ajax request (which needs a partial response). */
final class Redirects {

    private Redirects() {
    }

    static void toLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String url = request.getContextPath() + "/";
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + url + "\"></redirect></partial-response>");
        } else {
            response.sendRedirect(url);
        }
    }
}
