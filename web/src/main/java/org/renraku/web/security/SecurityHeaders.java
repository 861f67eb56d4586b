package org.renraku.web.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * Headers every response carries, error responses included: HSTS when the request came over HTTPS (so
 * browsers never fall back to plain HTTP for the console), no framing (clickjacking), no MIME sniffing, no
 * referrer leaking tokens in URLs to other sites, a Content-Security-Policy, and {@code no-store} on every
 * page (console, operator and member pages, error pages): after logout, "back" shows nothing, and a member's
 * personal page stays out of shared caches. Only static resources may be cached.
 * <p>
 * The filter runs on every dispatch, the container's error dispatch too: Payara resets the response before it
 * shows an error page, which used to lose every header set here. Faces pages get their CSP from PrimeFaces
 * ({@code primefaces.CSP} in web.xml: the same policy as {@link #POLICY} plus the page's nonce); PrimeFaces
 * adds its header, which here replaces the default one instead of being sent beside it (a browser would
 * enforce both, and the default one has no nonce).
 * <p>
 * An error page answers with its own status even when it is opened directly (PrimeFaces sends an ajax request
 * that failed there by a redirect): {@code error/404.xhtml} 404, {@code error/403.xhtml} 403,
 * {@code error/expired.xhtml} 400, {@code error/500.xhtml} 500. In the error dispatch, the failed request's
 * parameters are hidden from the error page, so Faces renders it as a new page instead of trying to restore the
 * view state (or check the CSP nonce) of the request that failed.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC})
public class SecurityHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String CSP = "Content-Security-Policy";

    /**
     * The policy of every response. Everything comes from the application itself; no plugins, no framing, forms
     * post only here. Inline styles stay allowed (PrimeFaces positions dialogs and overlays with them); scripts
     * do not: on Faces pages PrimeFaces appends the page's nonce to the last directive, script-src (web.xml's
     * {@code primefaces.CSP_POLICY} must stay equal to this text).
     */
    public static final String POLICY = "default-src 'self'; img-src 'self' data:; font-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'; script-src 'self'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(CSP, POLICY + ";");
        String path = request.getServletPath();
        if (!isStaticResource(path)) {
            response.setHeader("Cache-Control", "no-store");
        }
        HttpServletRequest forwarded = request;
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            forwarded = new WithoutParameters(request);
        } else if (request.getDispatcherType() == DispatcherType.REQUEST) {
            int status = ownStatusOfErrorPage(path);
            if (status > 0) {
                response.setStatus(status);
            }
        }
        chain.doFilter(forwarded, new OnePolicy(response));
    }

    /** Stylesheets, scripts, fonts and images: Faces resources and the files under /resources/. */
    static boolean isStaticResource(String servletPath) {
        return servletPath.startsWith("/jakarta.faces.resource/") || servletPath.startsWith("/resources/");
    }

    /** The status an error page answers with when it is requested directly; 0 for every other page. */
    static int ownStatusOfErrorPage(String servletPath) {
        return switch (servletPath) {
            case "/error/404.xhtml" -> HttpServletResponse.SC_NOT_FOUND;
            case "/error/403.xhtml" -> HttpServletResponse.SC_FORBIDDEN;
            case "/error/expired.xhtml" -> HttpServletResponse.SC_BAD_REQUEST;
            case "/error/500.xhtml" -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            default -> 0;
        };
    }

    /** A Content-Security-Policy added later (by PrimeFaces) replaces the default one. */
    static final class OnePolicy extends HttpServletResponseWrapper {

        OnePolicy(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (CSP.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }

    /** The request as the error page sees it: the failed request's form fields and query are not its own. */
    static final class WithoutParameters extends HttpServletRequestWrapper {

        WithoutParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Collections.emptyMap();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        @Override
        public String getQueryString() {
            return null;
        }
    }
}
