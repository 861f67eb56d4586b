package org.renraku.delivery.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The application's one {@link MxRoutes}, so that every lane of every broadcast shares its DNS cache. Its DNS
 * servers come from {@code renraku.dns.servers} (comma-separated {@code host[:port]}; unset: the system's
 * resolvers).
 */
@ApplicationScoped
public class MxRoutesProducer {

    private static final Logger LOG = Logger.getLogger(MxRoutesProducer.class.getName());
    public static final String SERVERS = "renraku.dns.servers";

    @Produces
    @Singleton
    public MxRoutes mxRoutes() {
        String servers = ConfigProvider.getConfig().getOptionalValue(SERVERS, String.class).orElse("");
        LOG.info(() -> "MX lookups through " + (servers.isBlank() ? "the system's resolvers" : servers));
        return MxRoutes.using(servers);
    }
}
