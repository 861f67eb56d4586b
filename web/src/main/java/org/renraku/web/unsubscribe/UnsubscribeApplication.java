package org.renraku.web.unsubscribe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * JAX-RS of the web module, below {@code /unsubscribe}: the RFC 8058 one-click unsubscribe
 * ({@link UnsubscribeResource}), the URL the sending job writes into {@code List-Unsubscribe}. Outside
 * {@code /console} and {@code /operator}, so public; no session is made.
 */
@ApplicationPath("/unsubscribe")
public class UnsubscribeApplication extends Application {
}
