package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.BroadcastStarter;

/**
 * The batch job repository lives in the application's database (jdbc/renraku-batch, set up by bin/batch-repository
 * for this domain as for ear/bin/run and the Docker image), not in the server's embedded H2: the execution id a
 * broadcast keeps is a row of the job repository's tables in MariaDB, which every instance reads, and the job
 * operator inside the application reports the same execution.
 */
@ExtendWith(ArquillianExtension.class)
class BatchJobRepositoryIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastStarter starter;

    @Inject
    BroadcastJobs jobs;

    @Test
    void aSentBroadcastsJobExecutionShouldBeARowOfTheJobRepositoryInTheApplicationsDatabase() throws Exception {
        Sql sql = new Sql(dataSource);
        long network = fixtures.network();
        String tag = Fixtures.unique("jr");
        for (int i = 0; i < 3; i++) {
            sql.member(network, "会員" + i, tag + "-" + i + "@example.jp", "OTHER", "ACTIVE");
        }
        long broadcast = jobs.draft(network, "お知らせ " + tag, "{name} さん");
        // a test before this one may have left the group paused for the whole service (throttling replies): this
        // test is about where the job's execution is kept, not about shaping
        sql.update("UPDATE carrier_group_state SET paused_until = NULL, pauses = 0, halvings = 0, throttled = 0"
                + " WHERE carrier_group = 'OTHER'");

        long started = starter.start(network, broadcast, "it-admin");
        JobExecution inApp = awaitEnd(started, Duration.ofSeconds(120));
        assertThat(sql.await(Duration.ofSeconds(30), "SENT", "SELECT status FROM broadcasts WHERE id = ?", broadcast))
                .isEqualTo("SENT");
        long kept = Long.parseLong(sql.row("SELECT job_execution_id FROM broadcasts WHERE id = ?", broadcast).get(0));
        assertThat(kept).isEqualTo(started);

        // the repository's tables are in this database, next to the application's
        assertThat(sql.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name LIKE '%DATA' ORDER BY table_name")).contains("CHECKPOINTDATA",
                "EXECUTIONINSTANCEDATA", "JOBINSTANCEDATA", "STEPEXECUTIONINSTANCEDATA");
        // ... and the execution the broadcast keeps is one of their rows, as the job operator inside the application
        // (through BroadcastStarter: the batch runtime answers the components that started the job) sees it
        List<String> row = sql.row("SELECT i.name, e.batchstatus, e.exitstatus, e.jobinstanceid"
                + " FROM EXECUTIONINSTANCEDATA e JOIN JOBINSTANCEDATA i ON i.jobinstanceid = e.jobinstanceid"
                + " WHERE e.jobexecid = ?", kept);
        assertThat(row).as("execution %d in EXECUTIONINSTANCEDATA", kept).hasSize(4);
        JobExecution byOperator = starter.execution(kept);
        assertThat(byOperator.getExecutionId()).isEqualTo(kept);
        assertThat(byOperator.getJobName()).isEqualTo(row.get(0)).isEqualTo(inApp.getJobName())
                .isEqualTo("broadcast-delivery");
        assertThat(byOperator.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(row.get(1)).isEqualTo(byOperator.getBatchStatus().name());
        assertThat(row.get(2)).isEqualTo(byOperator.getExitStatus());
        assertThat(Long.parseLong(row.get(3))).isEqualTo(starter.jobInstance(kept));
        assertThat(starter.status(kept)).contains(BatchStatus.COMPLETED);
        // a chunk's checkpoint update finds its own row by index (V22): the runtime's DDL has no key, and without one
        // InnoDB locks every checkpoint row of every job until the chunk commits, so lanes wait for each other
        assertThat(sql.column("SELECT column_name FROM information_schema.statistics WHERE table_schema = DATABASE()"
                + " AND table_name = 'CHECKPOINTDATA' AND seq_in_index = 1")).contains("id");
        assertThat(sql.row("EXPLAIN UPDATE CHECKPOINTDATA SET obj = obj WHERE id = 'none'").toString())
                .contains("checkpointdata_id");
        // the job's two steps are the repository's step rows of that execution
        assertThat(sql.column("SELECT stepname FROM STEPEXECUTIONINSTANCEDATA WHERE jobexecid = ? ORDER BY stepexecid",
                kept)).contains("send", "finish");
    }

    private JobExecution awaitEnd(long execution, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JobExecution e = starter.execution(execution);
            BatchStatus s = e.getBatchStatus();
            if (s == BatchStatus.COMPLETED || s == BatchStatus.FAILED || s == BatchStatus.STOPPED
                    || s == BatchStatus.ABANDONED) {
                assertThat(s).as("exit " + e.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
                return e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job execution " + execution + " still " + s + " after " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
