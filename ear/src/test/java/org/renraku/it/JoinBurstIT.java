package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst of blank mails, sent over one SMTP connection through the test MX (Postfix into Dovecot's catch-all
 * join mailbox), so that the reader finds many at once and handles them in parallel: each mail is handled exactly once (a Message-ID seen
 * twice is a duplicate), one sender never gets more than the per-address limit of replies, and the network
 * never more than its per-network limit (renraku.inbound.limit.per-address 3, the default; per-network 200, set for
 * the ITs in ear/pom.xml — the default 500 would need 503 mails).
 */
@ExtendWith(ArquillianExtension.class)
class JoinBurstIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Inject
    Fixtures fixtures;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Test
    void aBurstShouldBeHandledOnceEachAndOneSenderAnsweredAtMostThreeTimes() throws Exception {
        long network = fixtures.network();
        String repeated = Fixtures.unique("repeat") + "@docomo.ne.jp";
        String twin1 = Fixtures.unique("twin") + "@ezweb.ne.jp";
        String twin2 = Fixtures.unique("twin") + "@ezweb.ne.jp";
        String sharedId = "<" + Fixtures.unique("same") + "@phone.example>";
        List<String[]> mails = new ArrayList<>(); // from, Message-ID (null: a new one)
        for (int i = 0; i < 5; i++) {
            mails.add(new String[] {repeated, null});
        }
        mails.add(new String[] {twin1, sharedId});
        mails.add(new String[] {twin2, sharedId});
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String other = Fixtures.unique("other") + "@gmail.com";
            others.add(other);
            mails.add(new String[] {other, null});
        }
        send(joinAddress(network), mails);

        Map<String, Long> outcomes = awaitOutcomes(network, mails.size());
        assertThat(outcomes).containsEntry("LINK_SENT", 3L + 1 + 6).containsEntry("RATE_LIMITED", 2L)
                .containsEntry("DUPLICATE", 1L).hasSize(3);
        assertThat(count("SELECT COUNT(*) FROM inbound_mails WHERE from_address = ? AND outcome = 'LINK_SENT'", repeated))
                .isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM inbound_mails WHERE message_id = ?", sharedId)).isEqualTo(2);

        Mailbox.await(repeated, "会員登録", 2, Duration.ofSeconds(20));
        for (String other : others) {
            Mailbox.await(other, "会員登録", 0, Duration.ofSeconds(20));
        }
        Thread.sleep(1000); // a fourth reply, were one sent, would be there by now
        assertThat(Mailbox.read(repeated)).hasSize(3);
        assertThat(Mailbox.read(twin1).size() + Mailbox.read(twin2).size()).as("one reply to the twins").isEqualTo(1);
    }

    @Test
    void aBurstShouldNotGetPastThePerNetworkLimit() throws Exception {
        long network = fixtures.network();
        List<String[]> mails = new ArrayList<>();
        for (int i = 0; i < 203; i++) {
            mails.add(new String[] {Fixtures.unique("many") + "@i.softbank.jp", null});
        }
        send(joinAddress(network), mails);

        assertThat(awaitOutcomes(network, mails.size())).containsEntry("LINK_SENT", 200L)
                .containsEntry("RATE_LIMITED", 3L).hasSize(2);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Blank mails from each sender (with the given Message-ID, or a new one), over one SMTP connection to the MX. */
    private static void send(String to, List<String[]> mails) throws Exception {
        Session session = Mailbox.mta();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (String[] mail : mails) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(mail[0]));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
                message.setSubject("");
                message.setText("");
                message.saveChanges();
                if (mail[1] != null) {
                    message.setHeader("Message-ID", mail[1]);
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }

    /** The outcomes of the network's inbound mails once there are {@code expected} of them. */
    private Map<String, Long> awaitOutcomes(long network, int expected) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (count("SELECT COUNT(*) FROM inbound_mails WHERE network_id = ?", network) >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        Map<String, Long> outcomes = new TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT outcome, COUNT(*) FROM inbound_mails WHERE network_id = ? GROUP BY outcome")) {
            ps.setLong(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum()).as("mails recorded").isEqualTo(expected);
        return outcomes;
    }

    private String joinAddress(long network) throws Exception {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT slug FROM networks WHERE id = ?")) {
            ps.setLong(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1) + "@join.renraku.test";
            }
        }
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
