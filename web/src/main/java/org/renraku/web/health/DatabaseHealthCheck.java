package org.renraku.web.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness for MicroProfile Health ({@code /health}, {@code /health/ready}): the application is ready when
 * a connection from its pool answers. A load balancer then stops sending requests to an instance that lost
 * its database. The reason goes to the log, not to the (public) health response.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseHealthCheck.class.getName());

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.named("database").status(connection.isValid(2)).build();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Database health check failed", e);
            return HealthCheckResponse.down("database");
        }
    }
}
