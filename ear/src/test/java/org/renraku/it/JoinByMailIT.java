package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
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

/**
 * Join by blank mail, end to end: a real mail over SMTP to {@code <slug>@join.renraku.test} through the test MX
 * (Postfix, delivering into Dovecot's catch-all join mailbox), read by the application's inbound reader over
 * IMAP, answered through the outbound relay into the sender's GreenMail mailbox; and the mail it
 * must not answer.
 */
@ExtendWith(ArquillianExtension.class)
class JoinByMailIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration REPLY_WITHIN = Duration.ofSeconds(15);

    @Inject
    Fixtures fixtures;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Test
    void blankMailShouldBeAnsweredWithARegistrationLink() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("parent") + "@docomo.ne.jp";

        Instant sent = Instant.now();
        String messageId = send(parent, joinAddress(network), "", "", Map.of());

        Mailbox.Mail reply = Mailbox.await(parent, "会員登録", 0, REPLY_WITHIN);
        assertThat(reply.token("/member/register.xhtml")).isNotBlank();
        assertThat(Duration.between(sent, Instant.now())).isLessThan(REPLY_WITHIN);
        assertThat(outcome(messageId)).isEqualTo("LINK_SENT");
    }

    @Test
    void taikaiShouldMailTheMemberAConfirmationLinkAndChangeNothingYet() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("leaving") + "@ezweb.ne.jp";
        long member = insertMember(network, parent);

        String messageId = send(parent, joinAddress(network), "退会", "\u3000退会します\r\n", Map.of());

        assertThat(Mailbox.await(parent, "退会の確認", 0, REPLY_WITHIN).token("/member/leave.xhtml")).isNotBlank();
        assertThat(outcome(messageId)).isEqualTo("LEAVE_CONFIRMATION_SENT");
        assertThat(query("SELECT status FROM members WHERE id = ?", member)).isEqualTo("ACTIVE");
    }

    @Test
    void autoReplyShouldBeRecordedAndNeverAnswered() throws Exception {
        long network = fixtures.network();
        String sender = Fixtures.unique("away") + "@example.co.jp";

        String messageId = send(sender, joinAddress(network), "自動応答: 不在", "不在です",
                Map.of("Auto-Submitted", "auto-replied"));

        assertThat(awaitOutcome(messageId)).isEqualTo("AUTO_REPLY");
        Thread.sleep(1500); // a reply, were one sent, would be in the mailbox by now
        assertThat(Mailbox.read(sender)).isEmpty();
    }

    @Test
    void wrongJoinPasswordShouldGetTheShortReplyAndTheRightOneALink() throws Exception {
        long network = fixtures.network();
        update("UPDATE networks SET join_password = 'sakura2026' WHERE id = ?", network);
        String parent = Fixtures.unique("pw") + "@i.softbank.jp";

        String wrong = send(parent, joinAddress(network), "", "sakura2025", Map.of());
        Mailbox.await(parent, "入会パスワード", 0, REPLY_WITHIN);
        assertThat(outcome(wrong)).isEqualTo("PASSWORD_REFUSED");

        String right = send(parent, joinAddress(network), "", "ｓａｋｕｒａ２０２６", Map.of());
        Mailbox.await(parent, "会員登録", 1, REPLY_WITHIN).token("/member/register.xhtml");
        assertThat(outcome(right)).isEqualTo("LINK_SENT");
    }

    @Test
    void aMembersQuestionShouldBeKeptAsAnInquiryWithoutReply() throws Exception {
        long network = fixtures.network();
        String parent = Fixtures.unique("asks") + "@gmail.com";
        insertMember(network, parent); // a stranger's words come with a registration link (JoinMailBodiesIT)

        String messageId = send(parent, joinAddress(network), "質問\r\nBcc: x@example.com <script>x</script>", "明日は何時集合ですか?",
                Map.of());

        assertThat(awaitOutcome(messageId)).isEqualTo("INQUIRY");
        assertThat(query("SELECT body_text FROM inquiries WHERE network_id = ? ORDER BY id DESC LIMIT 1", network))
                .contains("何時集合");
        assertThat(query("SELECT subject FROM inquiries WHERE network_id = ? ORDER BY id DESC LIMIT 1", network))
                .doesNotContain("\r", "\n").contains("<script>");
        assertThat(Mailbox.read(parent)).as("an inquiry is not answered").isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private String joinAddress(long network) throws Exception {
        return query("SELECT slug FROM networks WHERE id = ?", network) + "@" + JOIN_DOMAIN;
    }

    /** Sends a mail over SMTP to GreenMail, as a parent's phone would; returns its Message-ID. */
    private static String send(String from, String to, String subject, String text, Map<String, String> headers)
            throws Exception {
        return Mailbox.send(from, to, subject, text, headers);
    }

    private String awaitOutcome(String messageId) throws Exception {
        Instant deadline = Instant.now().plus(REPLY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            String outcome = outcome(messageId);
            if (outcome != null) {
                return outcome;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No inbound_mails row for " + messageId + " within " + REPLY_WITHIN);
    }

    private String outcome(String messageId) throws Exception {
        return query("SELECT outcome FROM inbound_mails WHERE message_id = ? ORDER BY id DESC LIMIT 1", messageId);
    }

    private long insertMember(long network, String email) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, created_at, updated_at) VALUES (?, ?, ?, NOW(3), NOW(3))",
                PreparedStatement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, network);
            ps.setString(2, email);
            ps.setString(3, "退会 予定");
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void update(String sql, Object parameter) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
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
