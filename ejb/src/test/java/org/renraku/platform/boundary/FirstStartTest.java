package org.renraku.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Accounts.InitialAccounts;

/**
 * The first start's generated passwords reach exactly one place, a file only the server's user can read, and
 * never the server log: the generating path runs as on an empty database, and everything {@code java.util.logging}
 * records meanwhile (message, parameters and stack traces, formatted as the server would) is searched for them.
 */
class FirstStartTest {

    private static final Logger ROOT = Logger.getLogger("");

    @TempDir
    Path domain;

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level formerLevel;

    private final RecordingAccounts accounts = new RecordingAccounts();
    private FirstStart firstStart;

    @BeforeEach
    void captureTheLog() {
        capture.setLevel(Level.ALL);
        ROOT.addHandler(capture);
        Logger logger = Logger.getLogger(FirstStart.class.getName());
        formerLevel = logger.getLevel();
        logger.setLevel(Level.ALL);

        firstStart = new FirstStart();
        firstStart.accounts = accounts;
        firstStart.operatorUser = "operator";
        firstStart.operatorPassword = Optional.empty();
        firstStart.operatorEmail = Optional.empty();
        firstStart.networkSlug = "demo";
        firstStart.networkName = "デモ連絡網";
        firstStart.adminUser = "admin";
        firstStart.adminName = "デモ管理者";
        firstStart.adminEmail = "admin@demo.renraku.test";
        firstStart.adminPassword = Optional.of("   "); // blank counts as unset
        firstStart.credentialsFile = Optional.of(domain.resolve(FirstStart.CREDENTIALS_FILE_NAME).toString());
    }

    @AfterEach
    void stopCapturing() {
        ROOT.removeHandler(capture);
        Logger.getLogger(FirstStart.class.getName()).setLevel(formerLevel);
    }

    @Test
    void generatedPasswordsShouldGoToAnOwnerOnlyFileAndTheLogShouldNameOnlyTheFile() throws IOException {
        firstStart.createInitialAccountsOnEmptyDatabase();

        InitialAccounts created = accounts.created.get(0);
        Path file = domain.resolve(FirstStart.CREDENTIALS_FILE_NAME);
        assertThat(created.operatorPassword()).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(created.adminPassword());
        assertThat(created.adminPassword()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "RENRAKU_BOOTSTRAP_OPERATOR_USER=operator\n"
                        + "RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=" + created.operatorPassword() + "\n"
                        + "RENRAKU_BOOTSTRAP_ADMIN_USER=admin\n"
                        + "RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=" + created.adminPassword() + "\n");

        assertThat(logged).as("the first start says where the passwords are").isNotEmpty();
        assertThat(logText()).contains(file.toString())
                .doesNotContain(created.operatorPassword(), created.adminPassword());
    }

    @Test
    void configuredPasswordsShouldBeWrittenNowhere() {
        firstStart.operatorPassword = Optional.of("configured operator secret");
        firstStart.adminPassword = Optional.of("configured admin secret");

        firstStart.createInitialAccountsOnEmptyDatabase();

        assertThat(accounts.created.get(0).operatorPassword()).isEqualTo("configured operator secret");
        assertThat(domain.resolve(FirstStart.CREDENTIALS_FILE_NAME)).doesNotExist();
        assertThat(logText()).contains("First start").doesNotContain("configured operator secret",
                "configured admin secret");
    }

    @Test
    void losingTheRaceToAnotherInstanceShouldDeleteTheUnusedPasswordsAndLogNoneOfThem() {
        accounts.failWith = new EJBException("Duplicate entry 'operator' for key 'uk_operators_user_id'");

        firstStart.createInitialAccountsOnEmptyDatabase();

        InitialAccounts attempted = accounts.created.get(0);
        assertThat(domain.resolve(FirstStart.CREDENTIALS_FILE_NAME)).doesNotExist();
        assertThat(logText()).contains("another instance")
                .doesNotContain(attempted.operatorPassword(), attempted.adminPassword());
    }

    @Test
    void anExistingOperatorShouldMeanNoFirstStartAndNoFile() {
        accounts.operators = 1;

        firstStart.createInitialAccountsOnEmptyDatabase();

        assertThat(accounts.created).isEmpty();
        assertThat(domain.resolve(FirstStart.CREDENTIALS_FILE_NAME)).doesNotExist();
    }

    @Test
    void theInitialAccountsShouldNeverShowTheirPasswordsAsText() {
        firstStart.createInitialAccountsOnEmptyDatabase();

        InitialAccounts created = accounts.created.get(0);
        assertThat(created.toString()).contains("operator", "admin@demo.renraku.test")
                .doesNotContain(created.operatorPassword(), created.adminPassword());
    }

    @Test
    void theConfiguredOperatorAddressShouldBeGivenToTheOperatorNormalised() {
        firstStart.operatorEmail = Optional.of("  Ops@Renraku.Example.JP ");

        firstStart.createInitialAccountsOnEmptyDatabase();

        assertThat(accounts.created.get(0).operatorEmail()).hasValueSatisfying(
                address -> assertThat(address.value()).isEqualTo("ops@renraku.example.jp"));
    }

    @Test
    void anInvalidOperatorAddressShouldBeReportedAndLeftOut() {
        firstStart.operatorEmail = Optional.of("not an address");

        firstStart.createInitialAccountsOnEmptyDatabase();

        assertThat(accounts.created.get(0).operatorEmail()).isEmpty();
        assertThat(logText()).contains("RENRAKU_BOOTSTRAP_OPERATOR_EMAIL", "not a valid mail address");
    }

    /** Everything logged, as a server's formatter writes it: messages with parameters, and stack traces. */
    private String logText() {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder text = new StringBuilder();
        for (LogRecord record : logged) {
            text.append(formatter.format(record));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(parameter).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** Accounts without a database: counts no operator (an empty database) and remembers what it was asked to create. */
    static class RecordingAccounts extends Accounts {
        final List<InitialAccounts> created = new ArrayList<>();
        long operators;
        RuntimeException failWith;

        @Override
        public long operatorCount() {
            return operators;
        }

        @Override
        public void createInitialAccounts(InitialAccounts initial) {
            created.add(initial);
            if (failWith != null) {
                throw failWith;
            }
        }
    }
}
