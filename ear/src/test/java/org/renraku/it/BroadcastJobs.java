package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * Runs a broadcast's delivery job against a {@link ScriptedSmtpServer}, for the ITs that read what it sent, with
 * the rows such a test seeds and reads.
 */
@Dependent
public class BroadcastJobs {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    /** Snapshots the broadcast's recipients and sends it to the scripted server (no pacing); waits for the end. */
    public void sendTo(ScriptedSmtpServer smtp, long network, long broadcast) throws InterruptedException {
        assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
        Properties p = new Properties();
        p.setProperty("smtpHost", "127.0.0.1");
        p.setProperty("smtpPort", Integer.toString(smtp.port()));
        p.setProperty("pacing", "off");
        long execution = starter.startJob(broadcast, p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        BatchStatus s;
        while ((s = starter.execution(execution).getBatchStatus()) != BatchStatus.COMPLETED) {
            assertThat(s).isNotIn(BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);
            assertThat(Instant.now()).as("job " + execution + " still " + s).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** An active member (carrier OTHER) of the network. */
    public void member(long network, String email, String name) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'OTHER', 'ACTIVE', NOW(3), NOW(3))")) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.executeUpdate();
        }
    }

    /** A DRAFT broadcast to every active member (inserted as the compose page would save it); returns its id. */
    public long draft(long network, String subject, String body) throws Exception {
        return draft(network, subject, body, null);
    }

    /** A DRAFT broadcast with a target filter (JSON, null: every active member); returns its id. */
    public long draft(long network, String subject, String body, String filter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcasts (network_id, subject, body_text, target_filter, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'DRAFT', NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, subject);
            s.setString(3, body);
            s.setString(4, filter);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public void exec(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The rows of a query, each column as a string. */
    public List<List<String>> rows(String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The first column of the first row (null when none). */
    public String value(String sql) throws Exception {
        List<List<String>> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
