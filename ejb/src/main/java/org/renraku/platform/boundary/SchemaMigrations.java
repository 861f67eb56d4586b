package org.renraku.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
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
        startBatchRuntime();
    }

    /**
     * Starts the batch runtime here, after the migration and outside any transaction. Its job repository is in
     * this database (jdbc/renraku-batch, ear/bin/batch-repository), and the runtime creates its tables when it
     * first starts: not before the migration (Flyway refuses a non-empty database without its history)
     * and not inside a job's or a timer's transaction, where MySQL refuses CREATE TABLE in an XA branch.
     */
    private static void startBatchRuntime() {
        int jobs = BatchRuntime.getJobOperator().getJobNames().size();
        LOG.info(() -> "Batch runtime started (" + jobs + " job name(s) in its repository)");
    }

    /** Migrations applied by this instance at start; 0 when the schema was already current. */
    public int migrationsAppliedAtStart() {
        return lastResult.migrationsExecuted;
    }
}
