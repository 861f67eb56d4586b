package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import javax.sql.DataSource;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/** Runs a broadcast's delivery job against a {@link ScriptedSmtpServer}, for the ITs that read what it sent. */
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
}
