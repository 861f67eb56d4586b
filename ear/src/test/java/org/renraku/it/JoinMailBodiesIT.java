package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.Members;

/**
 * The trust boundary of join mail, end to end over GreenMail's SMTP and the inbound reader's IMAP:
 * every join mail from a non-member gets exactly one registration link whatever its body says (a few words, a
 * carrier signature, HTML only, ISO-2022-JP, Shift_JIS without a charset, quoted-printable junk), and its words
 * land as an inquiry; and the mail that must never be answered — a body of every 4-digit string against a 4-digit
 * password, the service's own addresses, two From fields, a suspended member's blank mail — mails nobody.
 */
@ExtendWith(ArquillianExtension.class)
class JoinMailBodiesIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** A reply, were one sent, would be in the mailbox by then (they arrive within a second or two). */
    private static final long QUIET_MILLIS = 2500;

    @Inject
    Fixtures fixtures;

    @Inject
    Members members;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Test
    void wordsOfAJoinMailShouldGetOneLinkAndBeKeptAsAnInquiry() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("yamada") + "@docomo.ne.jp";

        String messageId = Mailbox.send(parent, joinAddress(network), "入会", "入会希望です 山田\r\n", Map.of());

        assertOneLink(parent, messageId);
        assertThat(inquiryOf(network, parent)).isEqualTo("入会希望です 山田");
    }

    @Test
    void aCarrierSignatureShouldNotBeKeptButTheWordsAboveIt() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("sig") + "@ezweb.ne.jp";
        String signatureOnly = Fixtures.unique("sigonly") + "@au.com";

        String words = Mailbox.send(parent, joinAddress(network), "", "2年1組 佐藤の母です\r\n\r\n-- \r\n佐藤 花子\r\n"
                + "090-1234-5678\r\nauメールから送信\r\n", Map.of());
        String blank = Mailbox.send(signatureOnly, joinAddress(network), "", "\r\n\r\n-- \r\n佐藤 花子\r\n"
                + "Sent from my iPhone\r\n", Map.of());

        assertOneLink(parent, words);
        assertOneLink(signatureOnly, blank);
        assertThat(inquiryOf(network, parent)).isEqualTo("2年1組 佐藤の母です");
        assertThat(inquiryOf(network, signatureOnly)).as("a signature alone is no inquiry").isNull();
    }

    @Test
    void anHtmlOnlyJoinMailShouldGetOneLinkAndItsTextKept() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("html") + "@gmail.com";

        String messageId = sendRaw(parent, joinAddress(network), """
                MIME-Version: 1.0
                Content-Type: text/html; charset=UTF-8
                Content-Transfer-Encoding: 8bit
                """, ("<html><head><style>div{color:red}</style></head><body><div>入会をお願いします</div>"
                + "<div>鈴木&nbsp;一郎</div><script>alert(1)</script></body></html>").getBytes(StandardCharsets.UTF_8));

        assertOneLink(parent, messageId);
        assertThat(inquiryOf(network, parent)).isEqualTo("入会をお願いします\n鈴木 一郎");
    }

    @Test
    void anIso2022JpJoinMailShouldGetOneLinkAndItsTextKept() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("jis") + "@softbank.ne.jp";

        String messageId = sendRaw(parent, joinAddress(network), """
                MIME-Version: 1.0
                Content-Type: text/plain; charset=ISO-2022-JP
                Content-Transfer-Encoding: 7bit
                """, "入会希望 高橋\r\n".getBytes(Charset.forName("ISO-2022-JP")));

        assertOneLink(parent, messageId);
        assertThat(inquiryOf(network, parent)).isEqualTo("入会希望 高橋");
    }

    @Test
    void aShiftJisJoinMailWithoutCharsetShouldGetOneLinkAndItsTextKept() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("sjis") + "@docomo.ne.jp";

        String messageId = sendRaw(parent, joinAddress(network), """
                MIME-Version: 1.0
                Content-Type: text/plain
                Content-Transfer-Encoding: 8bit
                """, "入会します ①組 渡辺\r\n".getBytes(Charset.forName("windows-31j")));

        assertOneLink(parent, messageId);
        assertThat(inquiryOf(network, parent)).isEqualTo("入会します ①組 渡辺");
    }

    @Test
    void aQuotedPrintableJunkJoinMailShouldGetOneLinkAndItsTextKept() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("qp") + "@example.co.jp";

        String messageId = sendRaw(parent, joinAddress(network), """
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: quoted-printable
                """, "=E5=85=A5=E4=BC=9A=ZZ=\r\n=3D=3D=3D junk =C3 =\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertOneLink(parent, messageId);
        assertThat(inquiryOf(network, parent)).startsWith("入会").contains("junk");
    }

    @Test
    void aDeBruijnBodyShouldNotPassAFourDigitPasswordNorGetAnyMail() throws Exception {
        long network = fixtures.network();
        update("UPDATE networks SET join_password = '4827' WHERE id = ?", network); // a legacy short password
        String attacker = Fixtures.unique("guess") + "@example.org";
        String body = deBruijn();
        assertThat(body).contains("4827");

        String messageId = Mailbox.send(attacker, joinAddress(network), "", body, Map.of());

        assertThat(awaitOutcome(messageId)).isEqualTo("PASSWORD_FAILED");
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(attacker)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject = ?", attacker)).isZero();
        // the real password, the whole first line, still joins
        String parent = Fixtures.unique("real") + "@docomo.ne.jp";
        assertOneLink(parent, Mailbox.send(parent, joinAddress(network), "", "４８２７\r\n", Map.of()));
    }

    @Test
    void aSenderFailingTheJoinPasswordShouldBeSlowedDownEvenWithTheRightOneAfterwards() throws Exception {
        long network = fixtures.network();
        update("UPDATE networks SET join_password = 'sakura2026' WHERE id = ?", network);
        String guesser = Fixtures.unique("guesser") + "@gmail.com";
        String[] ids = new String[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Mailbox.send(guesser, joinAddress(network), "", "sakura200" + i, Map.of());
            awaitOutcome(ids[i]);
        }

        String right = Mailbox.send(guesser, joinAddress(network), "", "sakura2026", Map.of());

        assertThat(awaitOutcome(right)).isEqualTo("RATE_LIMITED");
        assertThat(query("SELECT reason FROM inbound_mails WHERE message_id = ?", right))
                .contains("join password not checked");
        // three refusals within the reply limit, two more failures without reply, then nothing at all
        assertThat(count("SELECT COUNT(*) FROM inbound_mails WHERE from_address = ? AND outcome = 'PASSWORD_REFUSED'",
                guesser)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM inbound_mails WHERE from_address = ? AND outcome = 'PASSWORD_FAILED'",
                guesser)).isEqualTo(2);
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(guesser)).hasSize(3).allSatisfy(m -> assertThat(m.subject()).contains("入会パスワード"));
        assertThat(count("SELECT COUNT(*) FROM one_time_tokens WHERE subject = ?", guesser)).isZero();
    }

    @Test
    void inquiriesFromOneSenderShouldStopAtTheHourlyLimit() throws Exception {
        long network = fixtures.network();
        String member = Fixtures.unique("chatty") + "@docomo.ne.jp";
        update2("INSERT INTO members (network_id, email, name, status, created_at, updated_at)"
                + " VALUES (?, ?, '多弁 太郎', 'ACTIVE', NOW(3), NOW(3))", network, member);
        String last = null;
        for (int i = 0; i < 6; i++) {
            last = Mailbox.send(member, joinAddress(network), "質問 " + i, "質問です " + i, Map.of());
            awaitOutcome(last);
        }

        assertThat(awaitOutcome(last)).isEqualTo("RATE_LIMITED");
        assertThat(query("SELECT reason FROM inbound_mails WHERE message_id = ?", last)).contains("inquiry limit");
        assertThat(count("SELECT COUNT(*) FROM inquiries WHERE from_address = ?", member)).isEqualTo(5);
        assertThat(Mailbox.read(member)).isEmpty();
    }

    @Test
    void mailFromTheServicesOwnAddressesShouldNeverBeAnswered() throws Exception {
        long network = fixtures.network();
        String slug = query("SELECT slug FROM networks WHERE id = ?", network);
        String bounce = "bounce+" + Fixtures.unique("x") + "@renraku.test";

        String fromJoin = Mailbox.send(joinAddress(network), joinAddress(network), "", "", Map.of());
        String fromPosting = Mailbox.send(slug + "+post-abc@" + JOIN_DOMAIN, joinAddress(network), "", "", Map.of());
        String fromBounce = Mailbox.send(bounce, joinAddress(network), "", "", Map.of());
        String fromNoreply = Mailbox.send("noreply@renraku.test", joinAddress(network), "", "", Map.of());

        for (String id : new String[] {fromJoin, fromPosting, fromBounce, fromNoreply}) {
            assertThat(awaitOutcome(id)).as(id).isEqualTo("OWN_SENDER");
        }
        Thread.sleep(QUIET_MILLIS);
        // a reply to the join address would have come back to it and been read as a fifth mail
        assertThat(count("SELECT COUNT(*) FROM inbound_mails WHERE network_id = ?", network)).isEqualTo(4);
        assertThat(Mailbox.read(bounce)).isEmpty();
    }

    @Test
    void aMailWithTwoFromFieldsShouldNeverBeAnswered() throws Exception {
        long network = fixtures.network();
        String first = Fixtures.unique("first") + "@gmail.com";
        String second = Fixtures.unique("second") + "@gmail.com";

        String twoFields = sendRaw(first, joinAddress(network), "From: " + second + "\n", new byte[0]);
        String twoAddresses = sendRaw(null, joinAddress(network), "From: " + first + ", " + second + "\n", new byte[0]);

        assertThat(awaitOutcome(twoFields)).isEqualTo("AMBIGUOUS_SENDER");
        assertThat(awaitOutcome(twoAddresses)).isEqualTo("AMBIGUOUS_SENDER");
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(first)).isEmpty();
        assertThat(Mailbox.read(second)).isEmpty();
    }

    @Test
    void aSuspendedMembersBlankMailShouldNotReactivateNorMailAnything() throws Exception {
        long network = fixtures.network();
        String member = Fixtures.unique("suspended") + "@i.softbank.jp";
        update2("INSERT INTO members (network_id, email, name, status, created_at, updated_at)"
                + " VALUES (?, ?, '停止 中', 'SUSPENDED', NOW(3), NOW(3))", network, member);

        String messageId = Mailbox.send(member, joinAddress(network), "", "", Map.of());

        assertThat(awaitOutcome(messageId)).isEqualTo("SUSPENDED");
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(member)).isEmpty();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM members WHERE network_id = ? AND email = ?")) {
            ps.setLong(1, network);
            ps.setString(2, member);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUSPENDED");
            }
        }
    }

    @Test
    void aRegistrationLinkIssuedBeforeAnAdminsSuspensionShouldNotReactivate() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("late") + "@docomo.ne.jp";
        String messageId = Mailbox.send(parent, joinAddress(network), "", "", Map.of());
        String token = Mailbox.await(parent, "会員登録", 0, WITHIN).token("/member/register.xhtml");
        assertThat(awaitOutcome(messageId)).isEqualTo("LINK_SENT");
        // the admin suspends the address (a member row the admin made, e.g. by proxy registration) before the click
        update2("INSERT INTO members (network_id, email, name, status, created_at, updated_at)"
                + " VALUES (?, ?, '停止 中', 'SUSPENDED', NOW(3), NOW(3))", network, parent);

        assertThatThrownBy(() -> members.register(token, "佐藤 花子", Map.of(), true))
                .isInstanceOf(MemberException.class).hasMessage(MemberException.SUSPENDED);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM members WHERE network_id = ? AND email = ?")) {
            ps.setLong(1, network);
            ps.setString(2, parent);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUSPENDED");
            }
        }
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(parent)).as("only the registration link, no welcome mail").hasSize(1);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Exactly one mail reached the sender — the registration link — and the join mail was recorded LINK_SENT. */
    private void assertOneLink(String parent, String messageId) throws Exception {
        assertThat(Mailbox.await(parent, "会員登録", 0, WITHIN).token("/member/register.xhtml")).isNotBlank();
        assertThat(awaitOutcome(messageId)).isEqualTo("LINK_SENT");
        Thread.sleep(QUIET_MILLIS);
        assertThat(Mailbox.read(parent)).as("one mail, the registration link").hasSize(1);
    }

    /**
     * Sends a mail written byte for byte — headers as given (plus From unless null, To, Message-ID), then the body —
     * over SMTP through the test MX without Jakarta Mail rewriting it; returns its Message-ID.
     */
    private static String sendRaw(String from, String to, String headers, byte[] body) throws Exception {
        String messageId = "<" + Fixtures.unique("raw") + "@it.example>";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String head = (from == null ? "" : "From: " + from + "\n") + "To: " + to + "\nSubject: join\nMessage-ID: "
                + messageId + "\nDate: Fri, 27 Nov 2026 08:00:00 +0900\n" + headers;
        raw.write(head.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        raw.write(body);
        // through the test MX, byte for byte; the envelope sender is the From (a mail without one: a stranger's)
        Mailbox.sendRaw(from == null ? "sender@it.example" : from, to, raw.toByteArray());
        return messageId;
    }

    /** Every 4-digit string, in one line of 10 003 digits (the de Bruijn sequence B(10, 4)). */
    static String deBruijn() {
        int k = 10;
        int n = 4;
        int[] a = new int[k * n];
        StringBuilder sequence = new StringBuilder();
        deBruijn(1, 1, k, n, a, sequence);
        return sequence + sequence.substring(0, n - 1);
    }

    private static void deBruijn(int t, int p, int k, int n, int[] a, StringBuilder out) {
        if (t > n) {
            if (n % p == 0) {
                for (int i = 1; i <= p; i++) {
                    out.append(a[i]);
                }
            }
            return;
        }
        a[t] = a[t - p];
        deBruijn(t + 1, p, k, n, a, out);
        for (int j = a[t - p] + 1; j < k; j++) {
            a[t] = j;
            deBruijn(t + 1, t, k, n, a, out);
        }
    }

    private String joinAddress(long network) throws Exception {
        return query("SELECT slug FROM networks WHERE id = ?", network) + "@" + JOIN_DOMAIN;
    }

    /** The body of the newest inquiry from the sender in the network, or null when there is none. */
    private String inquiryOf(long network, String from) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT body_text FROM inquiries WHERE network_id = ? AND from_address = ? ORDER BY id DESC LIMIT 1")) {
            ps.setLong(1, network);
            ps.setString(2, from);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String awaitOutcome(String messageId) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            String outcome = query("SELECT outcome FROM inbound_mails WHERE message_id = ? ORDER BY id DESC LIMIT 1",
                    messageId);
            if (outcome != null) {
                return outcome;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No inbound_mails row for " + messageId + " within " + WITHIN);
    }

    private long count(String sql, Object parameter) throws Exception {
        return Long.parseLong(query(sql, parameter));
    }

    private void update(String sql, Object parameter) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            ps.executeUpdate();
        }
    }

    private void update2(String sql, Object first, Object second) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, first);
            ps.setObject(2, second);
            ps.executeUpdate();
        }
    }

    private String query(String sql, Object parameter) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
