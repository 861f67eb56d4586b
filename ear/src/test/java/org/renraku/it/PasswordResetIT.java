package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.it.Fixtures.TestAdmin;
import org.renraku.tokens.control.TokenDigest;

/**
 * 「パスワードをお忘れの方」 end to end inside Payara: the reset mail arrives (read over IMAP from GreenMail),
 * its link works once and only within its validity, unknown accounts get the same outcome and no mail, a
 * reset ends the admin's console session and sends a notice, and neither token nor password is stored in
 * clear. Also the change of one's own password in the console. The operator resets the same way, with
 * the mail address set for them.
 */
@ExtendWith(ArquillianExtension.class)
class PasswordResetIT {

    private static final String RESET_SUBJECT = "パスワード再設定";
    private static final String CHANGED_SUBJECT = "パスワードが変更されました";

    @Inject
    Fixtures fixtures;
    @Inject
    Credentials credentials;
    @Inject
    Accounts accounts;
    @Inject
    AdminSessions adminSessions;
    @Inject
    AuditLog auditLog;
    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void resetLinkShouldArriveByMailWorkOnceAndEndTheAdminsSession() throws Exception {
        TestAdmin admin = fixtures.active(fixtures.network());
        Acquisition.Granted lease = (Acquisition.Granted) adminSessions.acquire(admin.userId(), false, "127.0.0.1", null);

        credentials.requestReset(admin.userId(), "192.0.2.10");

        Mailbox.Mail mail = Mailbox.await(admin.email(), RESET_SUBJECT);
        assertThat(mail.text()).contains("http://localhost:8080/reset.xhtml?token=", "ユーザーID: " + admin.userId(),
                "30分間");
        String token = mail.token("/reset.xhtml");
        AccountLink link = credentials.peekReset(token).orElseThrow();
        assertThat(link.userId()).isEqualTo(admin.userId());
        assertThat(link.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(28)),
                Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(credentials.peekReset(token)).as("peeking does not spend the link").isPresent();

        String newPassword = "新しいパスワード " + Fixtures.unique("pw");
        assertThat(credentials.resetWithToken(token, newPassword, "192.0.2.10")).isEqualTo(admin.userId());

        assertThat(accounts.adminPasswordMatches(admin.userId(), newPassword)).isTrue();
        assertThat(accounts.adminPasswordMatches(admin.userId(), admin.password())).isFalse();
        assertThat(adminSessions.check(lease.leaseToken()))
                .isInstanceOfSatisfying(LeaseState.Ended.class,
                        ended -> assertThat(ended.reason()).isEqualTo(ReleaseReason.PASSWORD_CHANGED));

        // once and only once
        assertThat(credentials.peekReset(token)).isEmpty();
        assertThatThrownBy(() -> credentials.resetWithToken(token, "another password " + Fixtures.unique("x"), null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("reset.error.invalidLink"));
        assertThat(accounts.adminPasswordMatches(admin.userId(), newPassword)).isTrue();

        Mailbox.Mail notice = Mailbox.await(admin.email(), CHANGED_SUBJECT);
        assertThat(notice.text()).contains(admin.userId(), "パスワード再発行による変更")
                .doesNotContain(token, newPassword);

        List<AuditEvent> log = auditLog.ofNetwork(admin.networkId(), 0, 100);
        assertThat(log).filteredOn(e -> e.kind() == AuditKind.PASSWORD_RESET_REQUESTED).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(admin.userId());
                    assertThat(e.clientAddress()).isEqualTo("192.0.2.10");
                });
        assertThat(log).filteredOn(e -> e.kind() == AuditKind.PASSWORD_RESET).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo(admin.userId()));

        assertThat(databaseText("one_time_tokens", "admins", "audit_events", "console_leases"))
                .as("no token or password in clear in the database")
                .doesNotContain(token, newPassword, admin.password(), lease.leaseToken());
    }

    @Test
    void resetShouldAlsoBeRequestedWithTheMailAddressInAnyCase() throws Exception {
        TestAdmin admin = fixtures.active(fixtures.network());

        credentials.requestReset("  " + admin.email().toUpperCase(Locale.ROOT) + " ", "127.0.0.1");

        String token = Mailbox.await(admin.email(), RESET_SUBJECT).token("/reset.xhtml");
        assertThat(credentials.peekReset(token)).map(AccountLink::userId).contains(admin.userId());
    }

    @Test
    void expiredLinkShouldBeRefused() throws Exception {
        TestAdmin admin = fixtures.active(fixtures.network());
        credentials.requestReset(admin.userId(), "127.0.0.1");
        String token = Mailbox.await(admin.email(), RESET_SUBJECT).token("/reset.xhtml");
        assertThat(credentials.peekReset(token)).isPresent();

        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE one_time_tokens SET expires_at = created_at - INTERVAL 1 SECOND"
                     + " WHERE subject = ? AND purpose = 'PASSWORD_RESET'")) {
            s.setString(1, admin.userId());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        assertThat(credentials.peekReset(token)).isEmpty();
        assertThatThrownBy(() -> credentials.resetWithToken(token, "a fine new password 2026", "127.0.0.1"))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("reset.error.invalidLink"));
        assertThat(accounts.adminPasswordMatches(admin.userId(), admin.password())).isTrue();
    }

    @Test
    void unknownAccountShouldGetTheSameOutcomeAndNoMail() throws Exception {
        String unknownUser = Fixtures.unique("nobody");
        String unknownAddress = unknownUser + "@renraku.test";
        TestAdmin known = fixtures.active(fixtures.network());

        long knownStart = System.nanoTime();
        credentials.requestReset(known.userId(), "198.51.100.7");
        long knownNanos = System.nanoTime() - knownStart;
        long unknownStart = System.nanoTime();
        credentials.requestReset(unknownUser, "198.51.100.7");
        credentials.requestReset(unknownAddress, "198.51.100.7");
        long unknownNanos = (System.nanoTime() - unknownStart) / 2;
        // both return normally; the mail for the known one is sent after the call, so it does not wait for SMTP
        Mailbox.await(known.email(), RESET_SUBJECT);
        assertThat(Duration.ofNanos(knownNanos)).as("known: %s ms, unknown: %s ms", knownNanos / 1_000_000,
                unknownNanos / 1_000_000).isLessThan(Duration.ofMillis(unknownNanos / 1_000_000 + 1_000));

        Thread.sleep(2_000);
        assertThat(Mailbox.read(unknownAddress)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject IN (?, ?)", unknownUser, unknownAddress))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM audit_events WHERE actor IN (?, ?) OR subject IN (?, ?)",
                unknownUser, unknownAddress, unknownUser, unknownAddress)).isZero();
        // nonsense input is just another unknown account
        credentials.requestReset("", "198.51.100.7");
        credentials.requestReset(null, "198.51.100.7");
        credentials.requestReset("not an address@", "198.51.100.7");
    }

    @Test
    void passwordBreakingThePolicyShouldBeRefusedAndTheLinkStayValid() throws Exception {
        TestAdmin admin = fixtures.active(fixtures.network());
        credentials.requestReset(admin.userId(), "127.0.0.1");
        String token = Mailbox.await(admin.email(), RESET_SUBJECT).token("/reset.xhtml");

        assertThatThrownBy(() -> credentials.resetWithToken(token, "short", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.tooShort"));
        assertThatThrownBy(() -> credentials.resetWithToken(token, "my " + admin.userId() + " pw", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.containsUserId"));
        assertThatThrownBy(() -> credentials.resetWithToken(token, "Password123", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.common"));

        assertThat(credentials.peekReset(token)).isPresent();
        assertThat(accounts.adminPasswordMatches(admin.userId(), admin.password())).isTrue();
        credentials.resetWithToken(token, "a much better passphrase", null);
        assertThat(accounts.adminPasswordMatches(admin.userId(), "a much better passphrase")).isTrue();
    }

    @Test
    void changingOwnPasswordShouldKeepThisSessionValidAndSendANotice() throws Exception {
        TestAdmin admin = fixtures.active(fixtures.network());
        Acquisition.Granted lease = (Acquisition.Granted) adminSessions.acquire(admin.userId(), false, "127.0.0.1", null);
        String next = "changed in the console " + Fixtures.unique("pw");

        assertThatThrownBy(() -> credentials.changeOwn(admin.id(), lease.leaseToken(), "wrong password!", next, null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.error.currentWrong"));
        assertThatThrownBy(() -> credentials.changeOwn(admin.id(), "not-the-lease", admin.password(), next, null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("admins.error.notFound"));
        assertThatThrownBy(() -> credentials.changeOwn(admin.id(), lease.leaseToken(), admin.password(), "aaaaaaaaaaaa", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.oneCharacter"));

        Instant changedAt = credentials.changeOwn(admin.id(), lease.leaseToken(), admin.password(), next, "192.0.2.20");

        assertThat(adminSessions.check(lease.leaseToken())).as("this session stays valid")
                .isInstanceOfSatisfying(LeaseState.Active.class,
                        active -> assertThat(active.passwordChangedAt()).isEqualTo(changedAt));
        assertThat(accounts.adminPasswordMatches(admin.userId(), next)).isTrue();
        assertThat(Mailbox.await(admin.email(), CHANGED_SUBJECT).text()).contains("管理画面での変更");
        assertThat(auditLog.ofNetwork(admin.networkId(), 0, 100))
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo(AuditKind.PASSWORD_CHANGED);
                    assertThat(e.actor()).isEqualTo(admin.userId());
                    assertThat(e.clientAddress()).isEqualTo("192.0.2.20");
                });
        assertThat(databaseText("admins", "audit_events")).doesNotContain(next);
    }

    @Test
    void operatorResetShouldBeMailedToTheOperatorsAddressStoredAsADigestAndWorkOnce() throws Exception {
        String userId = newOperator();
        String email = userId + "@ops.renraku.test";
        Instant before = accounts.operatorByUserId(userId).orElseThrow().passwordChangedAt();
        credentials.changeOperatorEmail(accounts.operatorByUserId(userId).orElseThrow().id(), OPERATOR_PASSWORD,
                email.toUpperCase(Locale.ROOT), "192.0.2.30");

        credentials.requestReset(email, "192.0.2.31");

        Mailbox.Mail mail = Mailbox.await(email, RESET_SUBJECT);
        String token = mail.token("/reset.xhtml");
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject = ? AND purpose = 'PASSWORD_RESET'"
                + " AND network_id IS NULL AND token_hash = ? AND expires_at BETWEEN created_at + INTERVAL 29 MINUTE"
                + " AND created_at + INTERVAL 30 MINUTE", userId, TokenDigest.digest(token)))
                .as("stored as its SHA-256 digest, valid 30 minutes").isEqualTo(1);
        AccountLink link = credentials.peekReset(token).orElseThrow();
        assertThat(link.userId()).isEqualTo(userId);
        assertThat(link.networkName()).as("an operator belongs to no network").isNull();

        assertThatThrownBy(() -> credentials.resetWithToken(token, "short", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.tooShort"));
        String next = "運営者の新しいパスワード " + Fixtures.unique("pw");
        assertThat(credentials.resetWithToken(token, next, "192.0.2.31")).isEqualTo(userId);

        assertThat(accounts.operatorByUserId(userId).orElseThrow().passwordChangedAt())
                .as("a later change time: OperatorGuard ends the sessions opened before").isAfter(before);
        assertThat(credentials.peekReset(token)).isEmpty();
        assertThatThrownBy(() -> credentials.resetWithToken(token, "yet another passphrase 2026", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("reset.error.invalidLink"));
        assertThat(Mailbox.await(email, CHANGED_SUBJECT).text()).contains(userId, "パスワード再発行による変更")
                .doesNotContain(token, next);
        assertThat(auditLog.serviceWide(0, 200)).filteredOn(e -> userId.equals(e.actor()))
                .extracting(AuditEvent::kind)
                .contains(AuditKind.OPERATOR_EMAIL_CHANGED, AuditKind.PASSWORD_RESET_REQUESTED, AuditKind.PASSWORD_RESET);
        assertThat(databaseText("one_time_tokens", "operators", "audit_events"))
                .as("no token or password in clear in the database").doesNotContain(token, next);
    }

    @Test
    void operatorResetShouldAnswerLikeAnUnknownAccountAndMailNobodyWithoutAnAddress() throws Exception {
        String withAddress = newOperator();
        String email = withAddress + "@ops.renraku.test";
        credentials.changeOperatorEmail(accounts.operatorByUserId(withAddress).orElseThrow().id(), OPERATOR_PASSWORD,
                email, null);
        String withoutAddress = newOperator();
        String unknown = Fixtures.unique("nobody");

        long knownStart = System.nanoTime();
        credentials.requestReset(withAddress, "198.51.100.8");
        long knownNanos = System.nanoTime() - knownStart;
        long unknownStart = System.nanoTime();
        credentials.requestReset(unknown, "198.51.100.8");
        credentials.requestReset(unknown + "@ops.renraku.test", "198.51.100.8");
        long unknownNanos = (System.nanoTime() - unknownStart) / 2;
        credentials.requestReset(withoutAddress, "198.51.100.8");

        Mailbox.await(email, RESET_SUBJECT);
        assertThat(Duration.ofNanos(knownNanos)).as("known: %s ms, unknown: %s ms", knownNanos / 1_000_000,
                unknownNanos / 1_000_000).isLessThan(Duration.ofMillis(unknownNanos / 1_000_000 + 1_000));
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject IN (?, ?)", withoutAddress, unknown))
                .as("no link for an operator without an address, nor for nobody").isZero();
        assertThat(auditLog.serviceWide(0, 200)).filteredOn(e -> withoutAddress.equals(e.actor())).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("no mail address"));

        // the address can be taken away again (with the password), after which a reset mails nothing
        assertThatThrownBy(() -> credentials.changeOperatorEmail(
                accounts.operatorByUserId(withAddress).orElseThrow().id(), "wrong password!", "", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.error.currentWrong"));
        assertThatThrownBy(() -> credentials.changeOperatorEmail(
                accounts.operatorByUserId(withAddress).orElseThrow().id(), OPERATOR_PASSWORD, "no@address@", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("admins.error.emailInvalid"));
        assertThat(credentials.changeOperatorEmail(accounts.operatorByUserId(withAddress).orElseThrow().id(),
                OPERATOR_PASSWORD, " ", null)).isEmpty();
        assertThat(Mailbox.await(email, "メールアドレスが変更されました").text()).contains("削除されました");
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject = ? AND used_at IS NULL", withAddress))
                .as("links mailed to the former address are spent").isZero();
    }

    private static final String OPERATOR_PASSWORD = "operator-it-password";

    /** A new operator with the bootstrap operator's password (its hash copied), never the shared bootstrap one. */
    private String newOperator() throws Exception {
        String userId = Fixtures.unique("op");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO operators (user_id, display_name, password_hash, password_changed_at, created_at)"
                        + " SELECT ?, ?, password_hash, password_changed_at, NOW(3) FROM operators WHERE user_id = 'operator'")) {
            s.setString(1, userId);
            s.setString(2, "運営 " + userId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        return userId;
    }

    /** Every value of every row of the tables, as one text. */
    private String databaseText(String... tables) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            for (String table : tables) {
                try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = s.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            all.append(rs.getString(i)).append('|');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        assertThat(all).isNotEmpty();
        return all.toString();
    }

    private long count(String sql, String... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            List<String> values = new ArrayList<>(List.of(parameters));
            for (int i = 0; i < values.size(); i++) {
                s.setString(i + 1, values.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
