package org.renraku.web.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, for throttling and the audit log. Behind the reverse proxy that
 * terminates HTTPS, Payara is configured (docker/payara/post-boot-commands.asadmin) to take the client's
 * address from the proxy's headers, so {@code getRemoteAddr()} is the real client.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null ? "unknown" : address;
    }
}
