package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.EJB;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.platform.batch.JobNames;
import org.renraku.platform.batch.Jobs;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.control.TokenDigest;
import org.renraku.tokens.entity.TokenPurpose;

/** The housekeeping job runs on Payara's Jakarta Batch runtime, deletes expired tokens and keeps valid ones. */
@ExtendWith(ArquillianExtension.class)
class PurgeExpiredTokensJobIT {

    @EJB
    Jobs jobs;

    @EJB
    Tokens tokens;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void jobShouldCompleteAndPurgeExpiredTokensOnly() throws Exception {
        String expired = insertTokenExpiredAt(Instant.now().minus(Duration.ofHours(2)));
        String valid = tokens.issue(TokenPurpose.PASSWORD_RESET, null, "it-admin");
        long oldFailure = insertLoginFailureAt(Instant.now().minus(Duration.ofHours(3)));
        long recentFailure = insertLoginFailureAt(Instant.now().minus(Duration.ofMinutes(1)));

        long executionId = jobs.start(JobNames.PURGE_EXPIRED_TOKENS, new Properties());
        JobExecution execution = awaitEnd(executionId, Duration.ofSeconds(60));

        assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus()).startsWith("PURGED:").isNotEqualTo("PURGED:0");
        assertThat(tokenExists(expired)).isFalse();
        assertThat(tokenExists(TokenDigest.digest(valid))).isTrue();
        assertThat(tokens.redeem(TokenPurpose.PASSWORD_RESET, valid)).isPresent();
        // second step: failed logins older than the throttling window are gone, recent ones still count
        assertThat(loginFailureExists(oldFailure)).isFalse();
        assertThat(loginFailureExists(recentFailure)).isTrue();
    }

    private JobExecution awaitEnd(long executionId, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JobExecution execution = jobs.execution(executionId);
        while (Instant.now().isBefore(deadline)) {
            execution = jobs.execution(executionId);
            BatchStatus status = execution.getBatchStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.FAILED || status == BatchStatus.STOPPED
                    || status == BatchStatus.ABANDONED) {
                return execution;
            }
            Thread.sleep(200);
        }
        return execution;
    }

    /** Writes an already-expired token row directly: the boundary, rightly, never issues one. */
    private String insertTokenExpiredAt(Instant expiry) throws Exception {
        String hash = TokenDigest.digest(TokenDigest.newToken());
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO one_time_tokens"
                     + " (token_hash, purpose, subject, expires_at, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, hash);
            s.setString(2, TokenPurpose.PASSWORD_RESET.name());
            s.setString(3, "it-expired");
            s.setTimestamp(4, Timestamp.from(expiry));
            s.setTimestamp(5, Timestamp.from(expiry.minus(Duration.ofMinutes(30))));
            s.executeUpdate();
        }
        return hash;
    }

    private long insertLoginFailureAt(Instant at) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO login_failures (user_id, client_address, failed_at)"
                     + " VALUES (?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, "it-purge-" + at.toEpochMilli());
            s.setString(2, "192.0.2.77");
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private boolean loginFailureExists(long id) throws Exception {
        return exists("SELECT COUNT(*) FROM login_failures WHERE id = ?", id);
    }

    private boolean tokenExists(String hash) throws Exception {
        return exists("SELECT COUNT(*) FROM one_time_tokens WHERE token_hash = ?", hash);
    }

    private boolean exists(String countQuery, Object key) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(countQuery)) {
            s.setObject(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
