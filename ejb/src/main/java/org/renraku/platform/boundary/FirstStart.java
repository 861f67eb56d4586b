package org.renraku.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Accounts.InitialAccounts;
import org.renraku.members.entity.EmailAddress;
import org.renraku.tokens.control.TokenDigest;

/**
 * On the first start against an empty database, creates the operator account and a demo network with one
 * admin from configuration, so that a new user can log in at once. Passwords come from configuration
 * (environment variables in practice); when one is not set, a random password is generated and written,
 * once, to {@link #credentialsFile() a file} only the server's user can read ({@code 0600}), never to the server
 * log. {@code ear/bin/run} shows that file on its console and deletes it; elsewhere the operator reads and
 * deletes it. The log names the file, never a password. The operator's mail address
 * ({@code renraku.bootstrap.operator-email}, optional) lets the operator reset a forgotten password by mail.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class FirstStart {

    private static final Logger LOG = Logger.getLogger(FirstStart.class.getName());

    @Inject
    Accounts accounts;

    @Inject @ConfigProperty(name = "renraku.bootstrap.operator.user")
    String operatorUser;
    @Inject @ConfigProperty(name = "renraku.bootstrap.operator.password")
    Optional<String> operatorPassword;
    /** Where the operator's reset links go (「パスワードをお忘れの方」); none when unset. */
    @Inject @ConfigProperty(name = "renraku.bootstrap.operator-email")
    Optional<String> operatorEmail;
    @Inject @ConfigProperty(name = "renraku.bootstrap.network")
    String networkSlug;
    @Inject @ConfigProperty(name = "renraku.bootstrap.network.name")
    String networkName;
    @Inject @ConfigProperty(name = "renraku.bootstrap.admin.user")
    String adminUser;
    @Inject @ConfigProperty(name = "renraku.bootstrap.admin.name")
    String adminName;
    @Inject @ConfigProperty(name = "renraku.bootstrap.admin.email")
    String adminEmail;
    @Inject @ConfigProperty(name = "renraku.bootstrap.admin.password")
    Optional<String> adminPassword;
    /** Where generated passwords are written; default: {@value #CREDENTIALS_FILE_NAME} in the domain directory. */
    @Inject @ConfigProperty(name = "renraku.bootstrap.credentials-file")
    Optional<String> credentialsFile;

    /** Name of the file of generated passwords in the domain directory ({@code com.sun.aas.instanceRoot}). */
    public static final String CREDENTIALS_FILE_NAME = "first-start-credentials";

    @PostConstruct
    void createInitialAccountsOnEmptyDatabase() {
        if (accounts.operatorCount() > 0) {
            return;
        }
        String operatorSecret = operatorPassword.filter(p -> !p.isBlank()).orElseGet(FirstStart::randomPassword);
        String adminSecret = adminPassword.filter(p -> !p.isBlank()).orElseGet(FirstStart::randomPassword);
        StringBuilder generated = new StringBuilder();
        if (operatorPassword.filter(p -> !p.isBlank()).isEmpty()) {
            generated.append("RENRAKU_BOOTSTRAP_OPERATOR_USER=").append(operatorUser).append('\n')
                    .append("RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=").append(operatorSecret).append('\n');
        }
        if (adminPassword.filter(p -> !p.isBlank()).isEmpty()) {
            generated.append("RENRAKU_BOOTSTRAP_ADMIN_USER=").append(adminUser).append('\n')
                    .append("RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=").append(adminSecret).append('\n');
        }
        // written before the accounts exist: a password that cannot be kept is never set
        Path file = credentialsFile();
        if (!generated.isEmpty()) {
            writeOwnerOnly(file, generated.toString());
        }
        try {
            accounts.createInitialAccounts(new InitialAccounts(operatorUser, operatorSecret, operatorAddress(),
                    networkSlug, networkName, adminUser, adminName, adminEmail, adminSecret));
        } catch (EJBException e) {
            // Another instance sharing the database won the race; its accounts stand, these passwords do not.
            LOG.log(Level.INFO, "Initial accounts were created by another instance", e);
            if (!generated.isEmpty()) {
                deleteUnused(file);
            }
            return;
        }
        String created = "First start: created operator '" + operatorUser + "' and network '" + networkSlug
                + "' with admin '" + adminUser + "'.";
        if (generated.isEmpty()) {
            LOG.warning(created);
        } else {
            LOG.warning(() -> created + " Generated passwords are in " + file
                    + " (readable by the server's user only): read them once, then delete the file.");
        }
    }

    /** The configured operator address; an invalid one is reported and left out (set it on the console later). */
    private Optional<EmailAddress> operatorAddress() {
        Optional<String> configured = operatorEmail.map(String::strip).filter(a -> !a.isEmpty());
        if (configured.isPresent() && !EmailAddress.isValid(configured.get())) {
            LOG.warning(() -> "renraku.bootstrap.operator-email (RENRAKU_BOOTSTRAP_OPERATOR_EMAIL) is not a valid mail"
                    + " address; the operator is created without one (set it on the operator console's password page)");
            return Optional.empty();
        }
        return configured.map(EmailAddress::of);
    }

    private static void deleteUnused(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the unused first-start passwords in " + file, e);
        }
    }

    /** The configured file, or {@value #CREDENTIALS_FILE_NAME} in the domain directory. */
    Path credentialsFile() {
        return credentialsFile.filter(f -> !f.isBlank()).map(Path::of).orElseGet(() -> Path.of(
                System.getProperty("com.sun.aas.instanceRoot", System.getProperty("user.dir")), CREDENTIALS_FILE_NAME));
    }

    /** Writes the text to a new file that only its owner can read and write (0600 where the file system knows). */
    static void writeOwnerOnly(Path file, String text) {
        try {
            Files.deleteIfExists(file); // a file left by an earlier first start (the database was emptied since)
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated first-start passwords to " + file, e);
        }
    }

    private static String randomPassword() {
        return TokenDigest.newToken().substring(0, 20);
    }
}
