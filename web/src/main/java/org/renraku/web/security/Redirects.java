package org.renraku.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sends the browser to the login page, also from a Faces ajax request (which needs a partial response). */
public final class Redirects {

    private Redirects() {
    }

    static void toLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        to(request, response, "/");
    }

    /**
     * Sends the browser to {@code path} of the application: a redirect, or for a Faces ajax request the partial
     * response that makes the page go there.
     */
    public static void to(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String url = request.getContextPath() + path;
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
