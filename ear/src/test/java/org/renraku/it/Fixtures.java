package org.renraku.it;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.UUID;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.accounts.entity.Admin;
import org.renraku.networks.boundary.Networks;

/**
 * Test data that each test makes for itself, with random slugs and user IDs, so tests stand alone in any
 * order and never touch the bootstrap admin ({@code admin} in {@code demo}) that other tests log in with.
 */
@Dependent
public class Fixtures {

    /** An admin made for a test; {@code password} is null while the invitation is not accepted. */
    public record TestAdmin(long networkId, long id, String userId, String email, String password) {
    }

    @Inject
    Networks networks;

    @Inject
    AdminAccounts adminAccounts;

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A new network of its own; returns its id. */
    public long network() {
        String slug = unique("it");
        return networks.create(slug, "結合テスト連絡網 " + slug).id();
    }

    /** An admin invited into the network who has not set a password yet (the invitation mail is in their inbox). */
    public TestAdmin invited(long networkId) {
        String userId = unique("it-admin");
        String email = userId + "@renraku.test";
        Admin admin = adminAccounts.invite(networkId, userId, "テスト 管理者 " + userId, email, "it-setup", "127.0.0.1");
        return new TestAdmin(networkId, admin.id(), userId, email, null);
    }

    /** An admin who accepted the invitation (through the mailed link) with a password of their own. */
    public TestAdmin active(long networkId) throws Exception {
        TestAdmin invited = invited(networkId);
        String token = Mailbox.await(invited.email(), "招待").token("/invitation.xhtml");
        String password = "pw " + UUID.randomUUID();
        adminAccounts.acceptInvitation(token, password);
        return new TestAdmin(networkId, invited.id(), invited.userId(), invited.email(), password);
    }
}
