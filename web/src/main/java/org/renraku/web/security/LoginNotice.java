package org.renraku.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import org.renraku.adminsession.entity.ReleaseReason;

/**
 * Why a console session ended, carried into the fresh session of the login page and shown there once:
 * 「〇〇さんが 6:02 に「現在使用中を無視」でログインしました」, idle expiry, password change, logout.
 */
public record LoginNotice(ReleaseReason reason, String byName, Instant at) implements Serializable {

    private static final String ATTRIBUTE = LoginNotice.class.getName();

    /** Ends the HTTP session (and the Jakarta Security login) and leaves the notice in a new one. */
    public static void endSessionWith(HttpServletRequest request, LoginNotice notice) {
        try {
            request.logout();
        } catch (jakarta.servlet.ServletException e) {
            // the session is invalidated below either way
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        request.getSession(true).setAttribute(ATTRIBUTE, notice);
    }

    /** The notice left for this session, removed so it shows only once. */
    public static LoginNotice take(HttpSession session) {
        if (session == null) {
            return null;
        }
        Object notice = session.getAttribute(ATTRIBUTE);
        session.removeAttribute(ATTRIBUTE);
        return notice instanceof LoginNotice n ? n : null;
    }
}
