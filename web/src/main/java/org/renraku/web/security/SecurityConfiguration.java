package org.renraku.web.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * Jakarta Security for the console. The login page ({@code /}) posts to {@link org.renraku.web.login.LoginView},
 * which calls {@code SecurityContext.authenticate}; the database identity store checks the user ID and
 * password against the {@code login_accounts} view (admins and operators share one namespace of user IDs)
 * and returns the role (admin or operator) as the caller's group. Passwords are PBKDF2 hashes written by
 * {@code org.renraku.accounts.control.PasswordHasher}; the parameters of each hash are stored with it.
 * Unauthenticated requests to a protected page are redirected (not forwarded) to the login page.
 */
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/index.xhtml", errorPage = "", useForwardToLogin = false))
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "java:app/jdbc/renraku",
        callerQuery = "SELECT password_hash FROM login_accounts WHERE user_id = ?",
        groupsQuery = "SELECT role_name FROM login_accounts WHERE user_id = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class,
        hashAlgorithmParameters = {
                "Pbkdf2PasswordHash.Algorithm=PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations=210000",
                "Pbkdf2PasswordHash.SaltSizeBytes=32",
                "Pbkdf2PasswordHash.KeySizeBytes=32"})
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR})
@ApplicationScoped
public class SecurityConfiguration {
}
