package org.renraku.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date before anything else runs: Flyway applies the scripts in
 * {@code db/migration} of this module. On a database that is current this is a no-op, and when several
 * instances start at once Flyway's lock on the schema history lets one of them migrate.
 * <p>
 * Bean-managed transactions: Flyway commits its own DDL, outside any JTA transaction.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    private MigrateResult lastResult;

    @PostConstruct
    void migrate() {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load();
        lastResult = flyway.migrate();
        LOG.info(() -> "Database schema at version " + flyway.info().current().getVersion()
                + " (" + lastResult.migrationsExecuted + " migration(s) applied now)");
    }

    /** Migrations applied by this instance at start; 0 when the schema was already current. */
    public int migrationsAppliedAtStart() {
        return lastResult.migrationsExecuted;
    }
}
