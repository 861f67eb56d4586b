package org.renraku.web.unsubscribe;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS resources of the web module, below {@code /api}: so far the RFC 8058 one-click unsubscribe
 * ({@link UnsubscribeResource}). Outside {@code /console} and {@code /operator}, so public; no session is made.
 */
@ApplicationPath("/api")
public class RenrakuApi extends Application {
}
