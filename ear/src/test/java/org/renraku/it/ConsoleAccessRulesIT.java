package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.Logins;
import org.renraku.accounts.control.ThrottlePolicy;
import org.renraku.accounts.control.ThrottlePolicy.Verdict;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.networks.boundary.Networks;

/**
 * The rules of console access, against the real database: one admin at a time per network (also under 20
 * simultaneous logins), takeover and what the displaced session learns, logout, idle expiry, leases left
 * by a restart or by a stopped instance, and login throttling.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleAccessRulesIT {

    private static final String CLIENT = "192.0.2.10";

    @EJB
    AdminSessions sessions;

    @EJB
    Networks networks;

    @EJB
    Logins logins;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    @Test
    void twentyConcurrentLoginsToOneNetworkShouldLetExactlyOneAdminIn() throws Exception {
        long network = newNetwork();
        List<String> admins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            admins.add(newAdmin(network, "管理者" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Acquisition>> attempts = new ArrayList<>();
        for (String admin : admins) {
            attempts.add(executor.submit(() -> {
                start.await();
                return sessions.acquire(admin, false, CLIENT, null);
            }));
        }
        start.countDown();
        int granted = 0;
        int inUse = 0;
        for (Future<Acquisition> attempt : attempts) {
            Acquisition outcome = attempt.get(60, TimeUnit.SECONDS);
            if (outcome instanceof Acquisition.Granted) {
                granted++;
            } else if (outcome instanceof Acquisition.InUse) {
                inUse++;
            }
        }
        assertThat(granted).isEqualTo(1);
        assertThat(inUse).isEqualTo(19);
        assertThat(openLeases(network)).isEqualTo(1);
    }

    @Test
    void secondAdminShouldBeRefusedWithWhoHoldsTheConsoleAndSinceWhen() {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        Acquisition.Granted held = (Acquisition.Granted) sessions.acquire(first, false, CLIENT, null);

        Acquisition refused = sessions.acquire(second, false, CLIENT, null);

        assertThat(refused).isInstanceOfSatisfying(Acquisition.InUse.class, inUse -> {
            assertThat(inUse.holderUserId()).isEqualTo(first);
            assertThat(inUse.holderName()).isEqualTo("山田 花子");
            assertThat(inUse.since()).isNotNull();
        });
        assertThat(sessions.check(held.leaseToken())).isInstanceOf(LeaseState.Active.class);
        assertThat(auditCount(network, "LOGIN_REFUSED_IN_USE")).isEqualTo(1);
    }

    @Test
    void takeoverShouldDisplaceTheHolderWhoLearnsWhoTookOverAndWhen() {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        Acquisition.Granted displaced = (Acquisition.Granted) sessions.acquire(first, false, CLIENT, null);

        Acquisition takeover = sessions.acquire(second, true, CLIENT, null);

        assertThat(takeover).isInstanceOfSatisfying(Acquisition.Granted.class,
                granted -> assertThat(granted.displacedUserId()).isEqualTo(first));
        assertThat(sessions.check(displaced.leaseToken())).isInstanceOfSatisfying(LeaseState.Ended.class, ended -> {
            assertThat(ended.reason()).isEqualTo(ReleaseReason.TAKEOVER);
            assertThat(ended.byUserId()).isEqualTo(second);
            assertThat(ended.byName()).isEqualTo("佐藤 太郎");
            assertThat(ended.at()).isNotNull();
        });
        assertThat(sessions.check(((Acquisition.Granted) takeover).leaseToken())).isInstanceOf(LeaseState.Active.class);
        assertThat(auditCount(network, "TAKEOVER")).isEqualTo(1);
        assertThat(openLeases(network)).isEqualTo(1);
    }

    @Test
    void logoutShouldFreeTheConsoleAtOnce() {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        Acquisition.Granted held = (Acquisition.Granted) sessions.acquire(first, false, CLIENT, null);

        sessions.release(held.leaseToken(), CLIENT);

        assertThat(sessions.acquire(second, false, CLIENT, null)).isInstanceOf(Acquisition.Granted.class);
        assertThat(sessions.check(held.leaseToken())).isInstanceOfSatisfying(LeaseState.Ended.class,
                ended -> assertThat(ended.reason()).isEqualTo(ReleaseReason.LOGOUT));
    }

    @Test
    void sessionIdleLongerThanTheTimeoutShouldNoLongerKeepOthersOut() throws Exception {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        Acquisition.Granted idle = (Acquisition.Granted) sessions.acquire(first, false, CLIENT, null);
        long minutes = sessions.idleTimeout().toMinutes();
        // the browser was closed without logout: no request for longer than the idle timeout
        execute("UPDATE console_leases SET last_seen_at = last_seen_at - INTERVAL " + (minutes + 1)
                + " MINUTE, acquired_at = acquired_at - INTERVAL " + (minutes + 1) + " MINUTE WHERE network_id = " + network);

        assertThat(sessions.acquire(second, false, CLIENT, null)).isInstanceOf(Acquisition.Granted.class);
        assertThat(sessions.check(idle.leaseToken())).isInstanceOfSatisfying(LeaseState.Ended.class,
                ended -> assertThat(ended.reason()).isEqualTo(ReleaseReason.IDLE));
        assertThat(auditCount(network, "SESSION_EXPIRED")).isEqualTo(1);
    }

    @Test
    void sessionJustUnderTheIdleTimeoutShouldStillHoldTheConsole() throws Exception {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        sessions.acquire(first, false, CLIENT, null);
        long minutes = sessions.idleTimeout().toMinutes();
        execute("UPDATE console_leases SET last_seen_at = last_seen_at - INTERVAL " + (minutes - 1)
                + " MINUTE WHERE network_id = " + network);

        assertThat(sessions.acquire(second, false, CLIENT, null)).isInstanceOf(Acquisition.InUse.class);
    }

    @Test
    void restartShouldReleaseTheLeasesOfThePreviousStartOfThisInstance() throws Exception {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        // the previous start of this very instance held the console when it was stopped (its heartbeat is fresh)
        String previousBoot = UUID.randomUUID().toString();
        execute("INSERT INTO app_instances (boot_id, name, started_at, heartbeat_at) VALUES ('" + previousBoot
                + "', '" + sessions.instance() + "', NOW(3), NOW(3))");
        long lease = insertLease(network, first, previousBoot);

        int released = sessions.releaseLeasesOfPreviousBoots(); // what every start does first

        assertThat(released).isGreaterThanOrEqualTo(1);
        assertThat(releaseReason(lease)).isEqualTo("RESTART");
        assertThat(sessions.acquire(second, false, CLIENT, null)).isInstanceOf(Acquisition.Granted.class);
    }

    @Test
    void leaseOfAnInstanceThatStoppedBeatingShouldNotKeepOthersOut() throws Exception {
        long network = newNetwork();
        String first = newAdmin(network, "山田 花子");
        String second = newAdmin(network, "佐藤 太郎");
        String deadBoot = UUID.randomUUID().toString();
        long silentSeconds = AdminSessions.INSTANCE_DEAD_AFTER.toSeconds() + 30;
        execute("INSERT INTO app_instances (boot_id, name, started_at, heartbeat_at) VALUES ('" + deadBoot
                + "', 'gone-host/server', NOW(3) - INTERVAL 1 HOUR, NOW(3) - INTERVAL " + silentSeconds + " SECOND)");
        long lease = insertLease(network, first, deadBoot);

        assertThat(sessions.acquire(second, false, CLIENT, null)).isInstanceOf(Acquisition.Granted.class);
        assertThat(releaseReason(lease)).isEqualTo("RESTART");
    }

    @Test
    void repeatedFailuresForOneAccountShouldSlowItDownMoreAndNeverRefuse() {
        String userId = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(logins.assess(userId, CLIENT)).isInstanceOf(Verdict.Allow.class);
        for (int i = 0; i < ThrottlePolicy.ACCOUNT_SLOW; i++) {
            logins.failed(userId, "198.51.100." + i); // from different addresses: the account itself is throttled
        }
        assertThat(logins.assess(userId, CLIENT)).isEqualTo(new Verdict.Slow(ThrottlePolicy.FIRST_DELAY));
        for (int i = ThrottlePolicy.ACCOUNT_SLOW; i < 20; i++) {
            logins.failed(userId, "198.51.100." + i);
        }
        assertThat(logins.assess(userId, CLIENT)).isEqualTo(new Verdict.Slow(ThrottlePolicy.MAX_DELAY));
        assertThat(logins.assess("someone-else", CLIENT)).isInstanceOf(Verdict.Allow.class);
    }

    @Test
    void manyFailuresFromOneAddressShouldSlowEveryAccountFromItButNoOtherAddress() {
        String address = "203.0.113." + (int) (Math.random() * 250);
        for (int i = 0; i < ThrottlePolicy.COUNTED; i++) {
            logins.failed("guess-" + i + "-" + UUID.randomUUID().toString().substring(0, 4), address);
        }
        assertThat(logins.assess("fresh-" + UUID.randomUUID().toString().substring(0, 8), address))
                .isEqualTo(new Verdict.Slow(ThrottlePolicy.MAX_DELAY));
        assertThat(logins.assess("fresh-" + UUID.randomUUID().toString().substring(0, 8), "192.0.2.99"))
                .isInstanceOf(Verdict.Allow.class);
    }

    // --- test data, straight into the database -----------------------------------------------------------

    private long newNetwork() {
        return networks.create("it-" + UUID.randomUUID().toString().substring(0, 8), "テスト連絡網").id();
    }

    /** An active admin of the network; acquire() is called after authentication, so no password is needed. */
    private String newAdmin(long network, String name) {
        String userId = "adm-" + UUID.randomUUID().toString().substring(0, 12);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO admins (network_id, user_id, display_name, email, active, created_at)"
                        + " VALUES (?, ?, ?, ?, TRUE, NOW(3))")) {
            s.setLong(1, network);
            s.setString(2, userId);
            s.setString(3, name);
            s.setString(4, userId + "@renraku.test");
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return userId;
    }

    private long insertLease(long network, String userId, String boot) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO console_leases (network_id, admin_id, token_hash,"
                    + " boot_id, acquired_at, last_seen_at) SELECT network_id, id, ?, ?, NOW(3), NOW(3) FROM admins"
                    + " WHERE user_id = ?", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, org.renraku.tokens.control.TokenDigest.digest(UUID.randomUUID().toString()));
                s.setString(2, boot);
                s.setString(3, userId);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    long lease = keys.getLong(1);
                    try (Statement u = c.createStatement()) {
                        u.executeUpdate("UPDATE console_locks SET current_lease_id = " + lease + " WHERE network_id = " + network);
                    }
                    return lease;
                }
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private int openLeases(long network) {
        return count("SELECT COUNT(*) FROM console_leases WHERE released_at IS NULL AND network_id = " + network);
    }

    private int auditCount(long network, String kind) {
        return count("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network + " AND kind = '" + kind + "'");
    }

    private String releaseReason(long lease) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT release_reason FROM console_leases WHERE id = " + lease)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
