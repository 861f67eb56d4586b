package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.networks.boundary.NetworkException;
import org.renraku.networks.boundary.Networks;
import org.renraku.networks.boundary.Operations;
import org.renraku.networks.boundary.Operations.NewNetwork;
import org.renraku.networks.entity.Network;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The operator creates a network with its first admin: the admin has no password yet and receives an
 * invitation mail (read back over IMAP from GreenMail) whose link carries a working invitation token; the
 * creation is audited in the new network's log. A taken slug or user ID, or a bad mail address, is refused
 * with the bundle key of a clear message, and then nothing at all is created.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final Pattern LINK = Pattern.compile("(\\S+)/invitation\\.xhtml\\?token=([A-Za-z0-9_-]+)");

    @Inject
    Operations operations;

    @Inject
    Networks networks;

    @Inject
    Accounts accounts;

    @Inject
    Tokens tokens;

    @Inject
    AuditLog auditLog;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void createNetworkShouldInviteItsFirstAdminByMail() throws Exception {
        String uid = uid();
        String userId = "admin-" + uid;
        String email = "admin-" + uid + "@renraku.test";
        String name = "さくら小学校PTA " + uid;

        Network network = operations.createNetwork(new NewNetwork("op-" + uid, name, userId, "髙﨑 花子", email),
                "operator", "192.0.2.20");

        assertThat(network.id()).isPositive();
        assertThat(networks.bySlug("op-" + uid)).isPresent();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT a.network_id, a.password_hash, a.active, a.email,"
                     + " a.display_name, (SELECT COUNT(*) FROM console_locks l WHERE l.network_id = a.network_id)"
                     + " FROM admins a WHERE a.user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("an admin row for %s", userId).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(network.id());
                assertThat(rs.getString(2)).as("no password until the invitation is used").isNull();
                assertThat(rs.getBoolean(3)).isTrue();
                assertThat(rs.getString(4)).isEqualTo(email);
                assertThat(rs.getString(5)).isEqualTo("髙﨑 花子");
                assertThat(rs.getInt(6)).as("the network's console lock row").isEqualTo(1);
            }
        }
        assertThat(operations.networks()).filteredOn(n -> n.id() == network.id()).singleElement()
                .satisfies(n -> {
                    assertThat(n.slug()).isEqualTo("op-" + uid);
                    assertThat(n.name()).isEqualTo(name);
                    assertThat(n.status()).isEqualTo(Network.Status.ACTIVE);
                    assertThat(n.admins()).isEqualTo(1);
                    assertThat(n.activeMembers()).isZero();
                });

        Mail invitation = awaitMail(email, Duration.ofSeconds(20));
        assertThat(invitation).as("an invitation mail in the IMAP inbox of %s", email).isNotNull();
        assertThat(invitation.subject()).contains(name);
        assertThat(invitation.text()).contains("髙﨑 花子", userId, "/invitation.xhtml?token=");
        Matcher link = LINK.matcher(invitation.text());
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo("http://localhost:8080");
        OneTimeToken token = tokens.redeem(TokenPurpose.ADMIN_INVITATION, link.group(2)).orElseThrow();
        assertThat(token.subject()).isEqualTo(userId);
        assertThat(token.networkId()).isEqualTo(network.id());

        assertThat(auditLog.ofNetwork(network.id(), 0, 50)).extracting(AuditEvent::kind, AuditEvent::actor,
                        AuditEvent::subject)
                .contains(tuple(AuditKind.NETWORK_CREATED, "operator", null),
                        tuple(AuditKind.ADMIN_INVITED, "operator", userId));
    }

    @Test
    void takenSlugShouldBeRefusedWithAClearErrorAndCreateNothing() {
        String uid = uid();
        operations.createNetwork(new NewNetwork("dup-" + uid, "一つ目", "first-" + uid, "一人目",
                "first-" + uid + "@renraku.test"), "operator", "192.0.2.21");

        assertThatThrownBy(() -> operations.createNetwork(new NewNetwork("DUP-" + uid, "二つ目", "second-" + uid,
                "二人目", "second-" + uid + "@renraku.test"), "operator", "192.0.2.21"))
                .isInstanceOfSatisfying(NetworkException.class,
                        e -> assertThat(e.key()).isEqualTo("operator.error.slugTaken"));

        assertThat(accounts.adminByUserId("second-" + uid)).isEmpty();
        assertThat(networks.bySlug("dup-" + uid).orElseThrow().name()).isEqualTo("一つ目");
    }

    @Test
    void takenUserIdShouldBeRefusedAndTheNetworkNotCreated() {
        String uid = uid();
        // the bootstrap operator and the bootstrap admin: one namespace of user IDs for both kinds of account
        for (String taken : new String[] {"operator", "admin"}) {
            String slug = "taken-" + taken + "-" + uid;
            assertThatThrownBy(() -> operations.createNetwork(new NewNetwork(slug, "名前", taken, "管理者",
                    "x-" + uid + "@renraku.test"), "operator", "192.0.2.22"))
                    .isInstanceOfSatisfying(AccountException.class,
                            e -> assertThat(e.key()).isEqualTo(AccountException.USER_ID_TAKEN));
            assertThat(networks.bySlug(slug)).as("rolled back with the refused invitation").isEmpty();
        }
    }

    @Test
    void badInputShouldBeRefusedWithTheKeyOfAClearMessage() {
        String uid = uid();
        assertRefused(new NewNetwork("bad-mail-" + uid, "名前", "u-" + uid, "管理者", "not-an-address"),
                AccountException.class, AccountException.EMAIL_INVALID);
        assertThat(networks.bySlug("bad-mail-" + uid)).isEmpty();
        assertRefused(new NewNetwork("bad-id-" + uid, "名前", "ユーザー", "管理者", "ok-" + uid + "@renraku.test"),
                AccountException.class, AccountException.USER_ID_INVALID);
        assertThat(networks.bySlug("bad-id-" + uid)).isEmpty();
        assertRefused(new NewNetwork("-bad-slug-", "名前", "u2-" + uid, "管理者", "ok-" + uid + "@renraku.test"),
                NetworkException.class, "operator.error.slugInvalid");
        assertRefused(new NewNetwork("no-name-" + uid, "  ", "u3-" + uid, "管理者", "ok-" + uid + "@renraku.test"),
                NetworkException.class, "operator.error.nameInvalid");
    }

    @Test
    void legacyCarrierAddressShouldBeAcceptedForTheFirstAdmin() {
        String uid = uid();
        operations.createNetwork(new NewNetwork("legacy-" + uid, "名前", "legacy-" + uid, "管理者",
                "taro..yamada." + uid + ".@docomo.ne.jp"), "operator", "192.0.2.23");
        assertThat(accounts.adminByUserId("legacy-" + uid)).isPresent();
    }

    private void assertRefused(NewNetwork request, Class<? extends RuntimeException> type, String key) {
        assertThatThrownBy(() -> operations.createNetwork(request, "operator", "192.0.2.24"))
                .isInstanceOf(type)
                .satisfies(e -> assertThat(e instanceof AccountException a ? a.key() : ((NetworkException) e).key())
                        .isEqualTo(key));
    }

    private static String uid() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    record Mail(String subject, String text) {
    }

    /** The first mail in the recipient's GreenMail inbox (IMAP, user name = address, no authentication). */
    private static Mail awaitMail(String user, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", System.getProperty("renraku.imap.port", "3143"));
        Session session = Session.getInstance(props);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Store store = session.getStore("imap")) {
                store.connect(user, user);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    if (inbox.getMessageCount() > 0) {
                        Message message = inbox.getMessage(1);
                        return new Mail(message.getSubject(), ((String) message.getContent()).replace("\r\n", "\n"));
                    }
                } finally {
                    inbox.close(false);
                }
            }
            Thread.sleep(250);
        }
        return null;
    }
}
