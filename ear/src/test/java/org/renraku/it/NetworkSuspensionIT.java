package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.adminsession.boundary.Acquisition;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.boundary.LeaseState;
import org.renraku.adminsession.entity.ReleaseReason;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import org.renraku.broadcasts.boundary.Postings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.delivery.batch.DeliverySweep;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.members.control.MemberLinks;
import org.renraku.networks.boundary.NetworkException;
import org.renraku.networks.boundary.Operations;
import org.renraku.platform.control.Secrets;
import org.renraku.tokens.boundary.Tokens;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The operator suspends a network and reopens it. While it is suspended every way in is refused with a
 * clear message — the console's login (and a session already open ends on its next request), the member pages
 * (personal, one-time and answer links lead to a page that says the network is suspended), mail to its join and
 * posting addresses (the sender is told so) — and nothing of it is sent: a start does nothing, the delivery sweep
 * neither starts nor retries its broadcasts, scheduled and repeating ones are not due, a running lane stops. After
 * reopening each path works again, what waited is sent, and no row was deleted. Renaming changes the name only.
 */
@ExtendWith(ArquillianExtension.class)
class NetworkSuspensionIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final String BASE = "http://localhost:8080";
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final Duration SENT_WITHIN = Duration.ofSeconds(120);
    private static final String OPERATOR = "it-operator";
    private static final String CLIENT = "192.0.2.17";

    @Inject
    Fixtures fixtures;

    @Inject
    Operations operations;

    @Inject
    AdminSessions adminSessions;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    @Inject
    BroadcastClaims claims;

    @Inject
    DeliverySweep sweep;

    @Inject
    Postings postings;

    @Inject
    Tokens tokens;

    @Inject
    Secrets secrets;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Test
    void theConsoleShouldRefuseLoginsAndEndOpenSessionsWhileSuspendedAndLetTheAdminInAfterReopening() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        Acquisition open = adminSessions.acquire(admin.userId(), false, CLIENT, null);
        assertThat(open).isInstanceOf(Acquisition.Granted.class);
        String lease = ((Acquisition.Granted) open).leaseToken();

        assertThat(operations.suspend(network, OPERATOR, CLIENT)).isTrue();
        assertThat(operations.suspend(network, OPERATOR, CLIENT)).as("already suspended").isFalse();

        assertThat(adminSessions.check(lease)).isInstanceOfSatisfying(LeaseState.Ended.class,
                ended -> assertThat(ended.reason()).isEqualTo(ReleaseReason.NETWORK_SUSPENDED));
        assertThat(adminSessions.acquire(admin.userId(), true, CLIENT, null))
                .as("not even with 「現在使用中を無視」").isInstanceOfSatisfying(Acquisition.NetworkSuspended.class,
                        refused -> assertThat(refused.networkName()).startsWith("結合テスト連絡網"));
        assertThat(value("SELECT COUNT(*) FROM audit_events WHERE network_id = ? AND kind = 'LOGIN_REFUSED_SUSPENDED'"
                + " AND actor = ?", network, admin.userId())).isEqualTo("1");

        assertThat(operations.reopen(network, OPERATOR, CLIENT)).isTrue();
        assertThat(operations.reopen(network, OPERATOR, CLIENT)).as("already active").isFalse();
        assertThat(adminSessions.acquire(admin.userId(), false, CLIENT, null)).isInstanceOf(Acquisition.Granted.class);
        assertThat(column("SELECT kind FROM audit_events WHERE network_id = ? AND actor = ? ORDER BY id", network,
                OPERATOR)).containsSubsequence("NETWORK_SUSPENDED", "NETWORK_REOPENED");
        assertThat(value("SELECT status FROM networks WHERE id = ?", network)).isEqualTo("ACTIVE");
    }

    @Test
    void memberLinksShouldLeadToTheSuspendedPageWhileSuspendedAndToTheirPagesAfterReopening() throws Exception {
        long network = fixtures.network();
        String email = Fixtures.unique("page") + "@docomo.ne.jp";
        long member = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + email + "', '停止 確認子', 'DOCOMO', 'ACTIVE', NOW(3), NOW(3))");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind,"
                + " created_at, updated_at) VALUES (" + network + ", '確認のお願い', '本文', 'SENT', 'CONFIRM', NOW(3), NOW(3))");
        String personal = personalLink(member);
        String registration = BASE + "/member/register.xhtml?token="
                + tokens.issue(TokenPurpose.MEMBER_REGISTRATION, network, Fixtures.unique("joiner") + "@gmail.com");
        String answer = BASE + "/member/answer.xhtml?t=" + new DeliveryToken(broadcast, member).sign(
                secrets.key(DeliveryToken.SECRET_PROPERTY, DeliveryToken.SECRET_NAME), DeliveryToken.Purpose.ANSWER);
        long membersBefore = count("SELECT COUNT(*) FROM members WHERE network_id = ?", network);

        operations.suspend(network, OPERATOR, CLIENT);
        for (String link : List.of(personal, registration, answer)) {
            Page closed = get(link);
            assertThat(closed.status()).as(link).isIn(302, 303);
            assertThat(closed.location()).as(link).endsWith("/member/suspended.xhtml");
            Page shown = closed.follow();
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body()).contains("この連絡網は現在停止中です", "結合テスト連絡網")
                    .doesNotContain("停止 確認子", email);
        }

        operations.reopen(network, OPERATOR, CLIENT);
        Page page = get(personal);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("停止 確認子").doesNotContain("この連絡網は現在停止中です");
        assertThat(get(registration).status()).isEqualTo(200);
        assertThat(get(answer).status()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM members WHERE network_id = ?", network)).isEqualTo(membersBefore);
    }

    @Test
    void mailToTheJoinAndPostingAddressesShouldBeAnsweredThatTheNetworkIsSuspendedAndWorkAfterReopening()
            throws Exception {
        long network = fixtures.network();
        String slug = value("SELECT slug FROM networks WHERE id = ?", network);
        String joiner = Fixtures.unique("joiner") + "@docomo.ne.jp";
        String delegateEmail = Fixtures.unique("delegate") + "@gmail.com";
        long delegate = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + delegateEmail + "', '代理 配信者', 'GMAIL', 'ACTIVE', NOW(3), NOW(3))");
        assertThat(postings.delegate(network, delegate, true, "it-admin", CLIENT)).isTrue();
        String posting = postings.memberAddress(network, delegate).orElseThrow();
        String tag = Fixtures.unique("post");

        operations.suspend(network, OPERATOR, CLIENT);
        String join = Mailbox.send(joiner, slug + "@" + JOIN_DOMAIN, "", "", Map.of());
        String post = Mailbox.send(delegateEmail, posting, "停止中の代理配信 " + tag, "届かないはずです。", Map.of());
        assertThat(awaitOutcome(join)).isEqualTo("NETWORK_SUSPENDED");
        assertThat(awaitOutcome(post)).isEqualTo("NETWORK_SUSPENDED");
        assertThat(Mailbox.await(joiner, "停止中", 0, WITHIN).text()).contains("サービス運営者によって停止");
        assertThat(Mailbox.await(delegateEmail, "停止中", 0, WITHIN)).isNotNull();
        assertThat(Mailbox.read(joiner)).as("no registration link").noneMatch(m -> m.subject().contains("会員登録"));
        assertThat(count("SELECT COUNT(*) FROM broadcasts WHERE network_id = ?", network)).as("nothing posted").isZero();
        assertThat(count("SELECT COUNT(*) FROM members WHERE network_id = ?", network)).isEqualTo(1);

        operations.reopen(network, OPERATOR, CLIENT);
        String joinAgain = Mailbox.send(joiner, slug + "@" + JOIN_DOMAIN, "", "", Map.of());
        assertThat(awaitOutcome(joinAgain)).isEqualTo("LINK_SENT");
        assertThat(Mailbox.await(joiner, "会員登録", 0, WITHIN).token("/member/register.xhtml")).isNotBlank();
        String postAgain = Mailbox.send(delegateEmail, posting, "再開後の代理配信 " + tag, "届きます。", Map.of());
        assertThat(awaitOutcome(postAgain)).isEqualTo("POSTED");
        assertThat(count("SELECT COUNT(*) FROM broadcasts WHERE network_id = ? AND subject = ?", network,
                "再開後の代理配信 " + tag)).isEqualTo(1);
    }

    @Test
    void nothingShouldBeSentWhileSuspendedAndEverythingThatWaitedAfterReopeningWithNoRowDeleted() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("send");
        String a = tag + "-a@example.jp";
        String b = tag + "-b@example.jp";
        long ma = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + a + "', '会員 A', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
        long mb = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + b + "', '会員 B', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
        operations.suspend(network, OPERATOR, CLIENT);

        // an admin's broadcast started (from a session opened before, or a re-send): nothing snapshot, nothing sent
        long draft = broadcast(network, "下書きから " + tag, "DRAFT", null);
        assertThat(starter.start(network, draft, "it-admin")).isZero();
        assertThat(value("SELECT status FROM broadcasts WHERE id = ?", draft)).isEqualTo("DRAFT");
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", draft)).isZero();
        // one interrupted while sending: a queued delivery and a deferred one whose retry is due
        long interrupted = broadcast(network, "中断された配信 " + tag, "SENDING", null);
        exec("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                + " updated_at) VALUES (" + interrupted + ", " + ma + ", '" + a + "', 'OTHER', 'PENDING', 0, NOW(3), NOW(3))");
        exec("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, first_attempt_at,"
                + " last_attempt_at, next_attempt_at, created_at, updated_at) VALUES (" + interrupted + ", " + mb + ", '"
                + b + "', 'OTHER', 'DEFERRED', 1, NOW(3) - INTERVAL 10 MINUTE, NOW(3) - INTERVAL 10 MINUTE,"
                + " NOW(3) - INTERVAL 1 MINUTE, NOW(3), NOW(3))");
        // one scheduled and one repeating, both due
        long scheduled = broadcast(network, "予約の配信 " + tag, "SCHEDULED", "NOW(3) - INTERVAL 1 MINUTE");
        long template = broadcast(network, "毎月の配信 " + tag, "SCHEDULED", "NOW(3) - INTERVAL 1 MINUTE");
        exec("UPDATE broadcasts SET repeat_rule = 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0' WHERE id = " + template);

        assertThat(run.sendable(interrupted)).as("a running lane stops").isFalse();
        assertThat(run.sending()).extracting(r -> ((Number) r[0]).longValue()).doesNotContain(interrupted);
        assertThat(claims.due(10_000)).doesNotContain(scheduled);
        assertThat(claims.dueTemplates(10_000)).doesNotContain(template);
        sweep.sweep();
        Thread.sleep(3_000);
        assertThat(value("SELECT CONCAT(status, '/', COALESCE(job_execution_id, '-')) FROM broadcasts WHERE id = ?",
                interrupted)).isEqualTo("SENDING/-");
        assertThat(value("SELECT status FROM broadcasts WHERE id = ?", scheduled)).isEqualTo("SCHEDULED");
        assertThat(count("SELECT COUNT(*) FROM broadcasts WHERE repeat_of = ?", template)).isZero();
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ? AND status = 'SENT'", interrupted))
                .isZero();
        assertThat(Mailbox.read(a)).isEmpty();
        assertThat(Mailbox.read(b)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM members WHERE network_id = ? AND status = 'ACTIVE'", network))
                .isEqualTo(2);

        operations.reopen(network, OPERATOR, CLIENT);
        assertThat(run.sendable(interrupted)).isTrue();
        assertThat(claims.due(10_000)).contains(scheduled);
        assertThat(claims.dueTemplates(10_000)).contains(template);
        assertThat(starter.start(network, draft, "it-admin")).isPositive();
        sweep.sweep(); // the repeating one makes its occurrence; the scheduled one is claimed; the interrupted resumes
        sweep.sweep(); // the occurrence, due now, is claimed and started
        for (String subject : List.of("下書きから " + tag, "中断された配信 " + tag, "予約の配信 " + tag, "毎月の配信 " + tag)) {
            for (String member : List.of(a, b)) {
                assertThat(Mailbox.await(member, subject, 0, SENT_WITHIN)).as(subject + " to " + member).isNotNull();
            }
        }
        assertThat(awaitStatus(interrupted, "SENT")).isEqualTo("SENT");
        assertThat(awaitStatus(scheduled, "SENT")).isEqualTo("SENT");
        assertThat(count("SELECT COUNT(*) FROM members WHERE network_id = ? AND status = 'ACTIVE'", network))
                .as("no member touched").isEqualTo(2);
    }

    @Test
    void renameShouldChangeTheDisplayNameOnlyAndBeAudited() throws Exception {
        long network = fixtures.network();
        String slug = value("SELECT slug FROM networks WHERE id = ?", network);
        String before = value("SELECT name FROM networks WHERE id = ?", network);
        String name = "さくら小学校PTA " + UUID.randomUUID().toString().substring(0, 6);

        assertThat(operations.rename(network, "  " + name + " ", OPERATOR, CLIENT)).isTrue();
        assertThat(operations.rename(network, name, OPERATOR, CLIENT)).as("the same name").isFalse();
        assertThat(value("SELECT CONCAT(slug, '|', name, '|', status) FROM networks WHERE id = ?", network))
                .isEqualTo(slug + "|" + name + "|ACTIVE");
        assertThat(value("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'NETWORK_RENAMED'"
                + " AND actor = ?", network, OPERATOR)).isEqualTo(before + " -> " + name);
        assertThat(operations.networks()).filteredOn(n -> n.id() == network).singleElement()
                .satisfies(n -> assertThat(n.name()).isEqualTo(name));

        for (String bad : new String[] {"", "   ", "名".repeat(201)}) {
            assertThatThrownBy(() -> operations.rename(network, bad, OPERATOR, CLIENT))
                    .isInstanceOfSatisfying(NetworkException.class,
                            e -> assertThat(e.key()).isEqualTo("operator.error.nameInvalid"));
        }
        assertThatThrownBy(() -> operations.rename(Long.MAX_VALUE, "どこにもない", OPERATOR, CLIENT))
                .isInstanceOfSatisfying(NetworkException.class,
                        e -> assertThat(e.key()).isEqualTo("operator.error.networkUnknown"));
        assertThat(value("SELECT name FROM networks WHERE id = ?", network)).isEqualTo(name);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** A page fetched without following redirects, with the session cookie kept for the next request. */
    private record Page(int status, String location, String body, HttpClient client) {
        Page follow() throws Exception {
            return fetch(client, BASE + location.replaceFirst("^https?://[^/]+", ""));
        }
    }

    private static Page get(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        return fetch(client, url);
    }

    private static Page fetch(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept-Language", "ja").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                response.body(), client);
    }

    /** The member's personal link, signed as MemberLinks signs it (offering the key first when there is none). */
    private String personalLink(long member) throws Exception {
        exec("INSERT IGNORE INTO app_secrets (name, secret, created_at) VALUES ('" + MemberLinks.SECRET_NAME + "', '"
                + UUID.randomUUID() + UUID.randomUUID() + "', NOW(3))");
        String secret = value("SELECT secret FROM app_secrets WHERE name = ?", MemberLinks.SECRET_NAME);
        int version = Integer.parseInt(value("SELECT link_version FROM members WHERE id = ?", member));
        return MemberLinks.link(BASE, secret.getBytes(StandardCharsets.UTF_8), member, version);
    }

    private long broadcast(long network, String subject, String status, String scheduledAt) throws Exception {
        return insert("INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, created_at,"
                + " updated_at) VALUES (" + network + ", '" + subject + "', '本文です。', '" + status + "', "
                + (scheduledAt == null ? "NULL" : scheduledAt) + ", NOW(3), NOW(3))");
    }

    private String awaitOutcome(String messageId) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            String outcome = value("SELECT outcome FROM inbound_mails WHERE message_id = ? ORDER BY id DESC LIMIT 1",
                    messageId);
            if (outcome != null) {
                return outcome;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No inbound_mails row for " + messageId + " within " + WITHIN);
    }

    private String awaitStatus(long broadcast, String expected) throws Exception {
        Instant deadline = Instant.now().plus(SENT_WITHIN);
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = value("SELECT status FROM broadcasts WHERE id = ?", broadcast);
            if (expected.equals(status)) {
                return status;
            }
            Thread.sleep(500);
        }
        return status;
    }

    private long insert(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void exec(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql, Object... params) throws Exception {
        return Long.parseLong(value(sql, params));
    }

    private String value(String sql, Object... params) throws Exception {
        List<String> values = column(sql, params);
        return values.isEmpty() ? null : values.get(0);
    }

    private List<String> column(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<String> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }
}
