package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.AccountLink;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.accounts.entity.Admin;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.it.Fixtures.TestAdmin;
import org.renraku.networks.boundary.Networks;

/** Admins of a network invite, activate and remove each other; user IDs are one namespace with operators'. */
@ExtendWith(ArquillianExtension.class)
class AdminAccountsIT {

    @Inject
    Fixtures fixtures;
    @Inject
    AdminAccounts adminAccounts;
    @Inject
    Accounts accounts;
    @Inject
    AdminSessions adminSessions;
    @Inject
    AuditLog auditLog;
    @Inject
    Networks networks;
    @Resource
    UserTransaction transaction;

    @Test
    void invitedAdminShouldSetAPasswordThroughTheMailedLinkOnce() throws Exception {
        long network = fixtures.network();
        String userId = Fixtures.unique("invitee");
        String email = userId + "@renraku.test";

        Admin admin = adminAccounts.invite(network, userId, "  招待 花子 ", email.toUpperCase(), "it-inviter", "192.0.2.30");

        assertThat(admin.hasPassword()).isFalse();
        assertThat(admin.displayName()).isEqualTo("招待 花子");
        assertThat(accounts.adminPasswordMatches(userId, "")).isFalse();
        assertThat(accounts.adminPasswordMatches(userId, "はじめてのパスワード2026")).isFalse();
        assertThat(adminAccounts.ofNetwork(network)).extracting(Admin::userId).containsExactly(userId);

        Mailbox.Mail mail = Mailbox.await(email, "管理者として招待");
        assertThat(mail.subject()).contains("結合テスト連絡網");
        assertThat(mail.text()).contains("招待 花子 様", "ユーザーID: " + userId, "it-inviterさんから",
                "http://localhost:8080/invitation.xhtml?token=", "7日間");
        String token = mail.token("/invitation.xhtml");
        AccountLink link = adminAccounts.peekInvitation(token).orElseThrow();
        assertThat(link.userId()).isEqualTo(userId);
        assertThat(link.displayName()).isEqualTo("招待 花子");
        assertThat(link.networkName()).startsWith("結合テスト連絡網");

        assertThatThrownBy(() -> adminAccounts.acceptInvitation(token, "too short"))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("password.policy.error.tooShort"));
        assertThat(adminAccounts.peekInvitation(token)).as("a refused password leaves the link valid").isPresent();

        assertThat(adminAccounts.acceptInvitation(token, "はじめてのパスワード2026", "192.0.2.31")).isEqualTo(userId);

        assertThat(accounts.adminPasswordMatches(userId, "はじめてのパスワード2026")).isTrue();
        assertThat(adminAccounts.peekInvitation(token)).isEmpty();
        assertThatThrownBy(() -> adminAccounts.acceptInvitation(token, "another fine password"))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.key()).isEqualTo("invitation.error.invalidLink"));
        assertThat(accounts.adminPasswordMatches(userId, "はじめてのパスワード2026")).isTrue();
        assertThat(adminSessions.acquire(userId, false, "127.0.0.1", null)).isInstanceOf(Acquisition.Granted.class);

        List<AuditEvent> log = auditLog.ofNetwork(network, 0, 100);
        assertThat(log).filteredOn(e -> e.kind() == AuditKind.ADMIN_INVITED).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("it-inviter");
            assertThat(e.subject()).isEqualTo(userId);
            assertThat(e.clientAddress()).isEqualTo("192.0.2.30");
        });
        assertThat(log).filteredOn(e -> e.kind() == AuditKind.ADMIN_ACTIVATED).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(userId);
            assertThat(e.clientAddress()).isEqualTo("192.0.2.31");
        });
    }

    @Test
    void userIdsShouldBeUniqueAcrossAdminsAndOperatorsAndInputValid() throws Exception {
        long network = fixtures.network();
        TestAdmin existing = fixtures.invited(fixtures.network());

        assertRefused(() -> adminAccounts.invite(network, "admin", "名前", "a1@renraku.test", "it", null),
                "admins.error.userIdTaken");
        assertRefused(() -> adminAccounts.invite(network, "operator", "名前", "a2@renraku.test", "it", null),
                "admins.error.userIdTaken");
        assertRefused(() -> adminAccounts.invite(network, existing.userId(), "名前", "a3@renraku.test", "it", null),
                "admins.error.userIdTaken");
        assertRefused(() -> adminAccounts.invite(network, "ab", "名前", "a4@renraku.test", "it", null),
                "admins.error.userIdInvalid");
        assertRefused(() -> adminAccounts.invite(network, "管理者", "名前", "a4@renraku.test", "it", null),
                "admins.error.userIdInvalid");
        assertRefused(() -> adminAccounts.invite(network, Fixtures.unique("ok"), " ", "a5@renraku.test", "it", null),
                "admins.error.displayNameInvalid");
        assertRefused(() -> adminAccounts.invite(network, Fixtures.unique("ok"), "名前", "not-an-address", "it", null),
                "admins.error.emailInvalid");
        assertRefused(() -> adminAccounts.invite(-1, Fixtures.unique("ok"), "名前", "a6@renraku.test", "it", null),
                "admins.error.networkUnknown");
        assertThat(adminAccounts.ofNetwork(network)).isEmpty();
        assertThat(adminAccounts.userIdTaken("admin")).isTrue();
        assertThat(adminAccounts.userIdTaken("operator")).isTrue();
        assertThat(adminAccounts.userIdTaken(Fixtures.unique("free"))).isFalse();
    }

    @Test
    void removedAdminShouldLoseTheConsoleAndTheLogin() throws Exception {
        long network = fixtures.network();
        TestAdmin remover = fixtures.active(network);
        TestAdmin removed = fixtures.active(network);
        Acquisition.Granted lease = (Acquisition.Granted) adminSessions.acquire(removed.userId(), false, "127.0.0.1", null);

        adminAccounts.remove(removed.id(), remover.id(), "192.0.2.40");

        assertThat(adminSessions.check(lease.leaseToken())).isInstanceOfSatisfying(LeaseState.Ended.class,
                ended -> assertThat(ended.reason()).isEqualTo(ReleaseReason.REMOVED));
        assertThat(accounts.adminPasswordMatches(removed.userId(), removed.password())).isFalse();
        assertThat(adminSessions.acquire(removed.userId(), false, "127.0.0.1", null))
                .isInstanceOf(Acquisition.NoSuchAdmin.class);
        assertThat(adminAccounts.ofNetwork(network)).extracting(Admin::userId).containsExactly(remover.userId());
        assertThat(adminAccounts.userIdTaken(removed.userId())).as("a removed admin's ID stays taken").isTrue();
        assertRefused(() -> adminAccounts.remove(removed.id(), remover.id(), null), "admins.error.notFound");

        assertThat(auditLog.ofNetwork(network, 0, 100)).filteredOn(e -> e.kind() == AuditKind.ADMIN_REMOVED)
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(remover.userId());
                    assertThat(e.subject()).isEqualTo(removed.userId());
                    assertThat(e.clientAddress()).isEqualTo("192.0.2.40");
                });
    }

    @Test
    void adminShouldRemoveNeitherThemselvesNorTheLastAdminNorOneOfAnotherNetwork() throws Exception {
        long network = fixtures.network();
        TestAdmin only = fixtures.active(network);
        TestAdmin invitee = fixtures.invited(network);
        TestAdmin stranger = fixtures.active(fixtures.network());
        String invitationToken = Mailbox.await(invitee.email(), "招待").token("/invitation.xhtml");

        assertRefused(() -> adminAccounts.remove(only.id(), only.id(), null), "admins.error.removeSelf");
        assertRefused(() -> adminAccounts.remove(only.id(), invitee.id(), null), "admins.error.lastAdmin");
        assertRefused(() -> adminAccounts.remove(only.id(), stranger.id(), null), "admins.error.notFound");
        assertRefused(() -> adminAccounts.remove(stranger.id(), only.id(), null), "admins.error.notFound");
        assertThat(accounts.adminPasswordMatches(only.userId(), only.password())).isTrue();
        assertThat(accounts.adminPasswordMatches(stranger.userId(), stranger.password())).isTrue();

        // an invitation can be withdrawn: the link then stops working
        adminAccounts.remove(invitee.id(), only.id(), null);
        assertThat(adminAccounts.peekInvitation(invitationToken)).isEmpty();
        assertRefused(() -> adminAccounts.acceptInvitation(invitationToken, "a good password here"),
                "invitation.error.invalidLink");
        assertThat(adminAccounts.ofNetwork(network)).extracting(Admin::userId).containsExactly(only.userId());
    }

    @Test
    void inviteShouldWorkInTheTransactionThatCreatesTheNetwork() throws Exception {
        // the operator's "new network with its first admin" is one transaction
        String userId = Fixtures.unique("first");
        String email = userId + "@renraku.test";
        long network;
        long started = System.nanoTime();
        transaction.begin();
        try {
            network = networks.create(Fixtures.unique("it"), "同じトランザクションの連絡網").id();
            adminAccounts.invite(network, userId, "最初の管理者", email, "it-operator", null);
            transaction.commit();
        } catch (Exception e) {
            transaction.rollback();
            throw e;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no lock wait on the new network row")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(adminAccounts.ofNetwork(network)).extracting(Admin::userId).containsExactly(userId);
        assertThat(auditLog.ofNetwork(network, 0, 10)).extracting(AuditEvent::kind).contains(AuditKind.ADMIN_INVITED);
        assertThat(Mailbox.await(email, "招待").token("/invitation.xhtml")).isNotBlank();

        // and a refused invitation rolls the whole transaction back, sending nothing
        String refusedEmail = Fixtures.unique("refused") + "@renraku.test";
        String slug = Fixtures.unique("it");
        transaction.begin();
        try {
            long other = networks.create(slug, "作られない連絡網").id();
            assertRefused(() -> adminAccounts.invite(other, "operator", "名前", refusedEmail, "it-operator", null),
                    "admins.error.userIdTaken");
        } finally {
            transaction.rollback();
        }
        assertThat(networks.bySlug(slug)).isEmpty();
        Thread.sleep(1_000);
        assertThat(Mailbox.read(refusedEmail)).isEmpty();
    }

    private static void assertRefused(Runnable call, String key) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.key()).isEqualTo(key));
    }
}
