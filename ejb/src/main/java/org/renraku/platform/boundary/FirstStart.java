package org.renraku.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Accounts.InitialAccounts;
import org.renraku.tokens.control.TokenDigest;

/**
 * On the first start against an empty database, creates the operator account and a demo network with one
 * admin from configuration, so that a new user can log in at once. Passwords come from configuration
 * (environment variables in practice); when one is not set, a random password is generated and written to
 * the server log exactly once — it is never stored anywhere in clear.
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

    @PostConstruct
    void createInitialAccountsOnEmptyDatabase() {
        if (accounts.operatorCount() > 0) {
            return;
        }
        String operatorSecret = operatorPassword.filter(p -> !p.isBlank()).orElseGet(FirstStart::randomPassword);
        String adminSecret = adminPassword.filter(p -> !p.isBlank()).orElseGet(FirstStart::randomPassword);
        try {
            accounts.createInitialAccounts(new InitialAccounts(operatorUser, operatorSecret, networkSlug,
                    networkName, adminUser, adminName, adminEmail, adminSecret));
        } catch (EJBException e) {
            // Another instance sharing the database won the race; its accounts stand.
            LOG.log(Level.INFO, "Initial accounts were created by another instance", e);
            return;
        }
        LOG.warning(() -> "First start: created operator '" + operatorUser + "' and network '" + networkSlug
                + "' with admin '" + adminUser + "'."
                + (operatorPassword.isEmpty() ? " Generated operator password: " + operatorSecret : "")
                + (adminPassword.isEmpty() ? " Generated admin password: " + adminSecret : ""));
    }

    private static String randomPassword() {
        return TokenDigest.newToken().substring(0, 20);
    }
}
