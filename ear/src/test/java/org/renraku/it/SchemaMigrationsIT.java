package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.platform.boundary.SchemaMigrations;

/**
 * Flyway owns the schema: it builds every table on an empty database, and deploying again (every test class
 * of this suite deploys the EAR anew) changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
class SchemaMigrationsIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @EJB
    Accounts accounts;

    @Test
    void migrationsShouldBuildTheWholeSchemaOnAnEmptyDatabaseAndThenBeANoOp() throws Exception {
        String scratch = "renraku_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + scratch + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        try {
            Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(scratch)
                    .locations("classpath:db/migration")
                    .load();

            MigrateResult first = flyway.migrate();
            MigrateResult second = flyway.migrate();

            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(1);
            assertThat(first.success).isTrue();
            assertThat(second.migrationsExecuted).isZero();
            assertThat(tablesOf(scratch)).contains("operators", "networks", "admins", "members", "broadcasts",
                    "deliveries", "one_time_tokens");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + scratch);
            }
        }
    }

    @Test
    void applicationSchemaShouldBeInnoDbUtf8mb4AndMigratedExactlyOnceAcrossRedeploys() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT version, COUNT(*), MIN(success) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL GROUP BY version")) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(rs.getString(1));
                    assertThat(rs.getInt(2)).as("times version %s was applied", rs.getString(1)).isEqualTo(1);
                    assertThat(rs.getBoolean(3)).isTrue();
                }
                assertThat(versions).contains("1");
            }
            try (ResultSet rs = s.executeQuery("SELECT table_name, engine, table_collation FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history'")) {
                int tables = 0;
                while (rs.next()) {
                    tables++;
                    assertThat(rs.getString(2)).as("engine of %s", rs.getString(1)).isEqualTo("InnoDB");
                    assertThat(rs.getString(3)).as("collation of %s", rs.getString(1)).startsWith("utf8mb4");
                }
                assertThat(tables).isGreaterThanOrEqualTo(7);
            }
        }
        // the first start created the initial accounts once, not once per deployment (other tests add operators of
        // their own: the bootstrap one is counted by its user ID)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM operators WHERE user_id = 'operator'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
        assertThat(accounts.adminPasswordMatches("admin", "admin-it-password")).isTrue();
        assertThat(accounts.adminPasswordMatches("admin", "wrong")).isFalse();
    }

    private List<String> tablesOf(String schema) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                     + schema + "'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
