package org.renraku.web.member;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The member's personal link remembered by the browser that opened it: the member page sets it, so that a
 * link without one — an entry of the archive's Atom feed, {@code /member/archive-entry.xhtml?b=…} — opens that
 * member's archive entry. The value is what the link itself carries ({@code <member id>.<signature>}): HttpOnly,
 * SameSite=Lax, Secure over https, below {@code /member/} only; revoked with the link (a raised link version).
 */
public final class PersonalLinkCookie {

    public static final String NAME = "rk_member";
    static final Duration KEPT = Duration.ofDays(180);

    /** The member id and signature the browser remembers. */
    public record Remembered(long memberId, String signature) {
    }

    private PersonalLinkCookie() {
    }

    /** Remembers the member's link in the browser. */
    public static void remember(HttpServletRequest request, HttpServletResponse response, long memberId,
            String signature) {
        if (signature == null || !signature.matches("[A-Za-z0-9_-]{1,100}")) {
            return;
        }
        Cookie c = new Cookie(NAME, memberId + "." + signature);
        c.setPath(request.getContextPath() + "/member/");
        c.setHttpOnly(true);
        c.setSecure(request.isSecure());
        c.setMaxAge((int) KEPT.toSeconds());
        c.setAttribute("SameSite", "Lax");
        response.addCookie(c);
    }

    /** The link the browser remembers, or empty. */
    public static Optional<Remembered> recall(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                return parse(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@code <id>.<signature>}, or empty for anything else. */
    static Optional<Remembered> parse(String value) {
        if (value == null || !value.matches("[0-9]{1,18}\\.[A-Za-z0-9_-]{1,100}")) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        return Optional.of(new Remembered(Long.parseLong(value.substring(0, dot)), value.substring(dot + 1)));
    }
}
