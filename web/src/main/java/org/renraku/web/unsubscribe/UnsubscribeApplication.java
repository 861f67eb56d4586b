package org.renraku.web.unsubscribe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * JAX-RS of the web module, below {@code /unsubscribe}: the RFC 8058 one-click unsubscribe
 * ({@link UnsubscribeResource}), the URL the sending job writes into {@code List-Unsubscribe}. Outside
 * {@code /console} and {@code /operator}, so public; no session is made.
 */
@ApplicationPath("/unsubscribe")
public class UnsubscribeApplication extends Application {

    /**
     * Jersey (Payara's JAX-RS) answers a 4xx with {@code sendError} unless told otherwise, and the container would
     * then show web.xml's error page instead of the endpoint's own page saying the link is not valid.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.response.setStatusOverSendError", true);
    }
}
