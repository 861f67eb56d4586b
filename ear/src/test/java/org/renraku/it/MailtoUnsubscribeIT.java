package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.platform.batch.Jobs;

/**
 * The {@code mailto:} address of a broadcast's List-Unsubscribe ({@code unsubscribe+<token>@<bounce domain>}, what
 * an iPhone's 「配信停止」 sends), through the real path: SMTP to the test MX (Postfix of bin/mailpath), LMTP into
 * Dovecot's bounce mailbox (which writes Delivered-To, the envelope recipient), read by the bounce-processing job.
 * The token's HMAC is the only proof, the mail's From none: a verified token leaves its member at once, exactly as
 * the one-click POST does; anything else changes nobody and is quarantined with its reason; nothing of it is ever a
 * bounce of anyone.
 */
@ExtendWith(ArquillianExtension.class)
class MailtoUnsubscribeIT {

    private static final Pattern MAILTO = Pattern.compile("<mailto:([^?>]+)(?:\\?[^>]*)?>");

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    ComposerSettings composer;

    @Inject
    Jobs jobs;

    @Inject
    BroadcastJobs broadcastJobs;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    @Test
    void aMailToTheBroadcastsUnsubscribeAddressFromAnyAddressShouldLeaveTheMemberAtOnceAndASecondChangeNothing()
            throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("mu");
        String taro = run + ".taro@example.jp";
        String hanako = run + ".hanako@example.jp";
        String jiro = run + ".jiro@example.jp";
        broadcastJobs.member(network, taro, "山田 太郎");
        broadcastJobs.member(network, hanako, "佐藤 花子");
        broadcastJobs.member(network, jiro, "鈴木 次郎");
        long taroId = id(network, taro);
        long broadcast = broadcastJobs.draft(network, "運動会のお知らせ", "明日は運動会です。");

        // the broadcast as the delivery job sends it: Taro's copy carries his List-Unsubscribe
        Map<String, byte[]> sent;
        try (ScriptedSmtpServer relay = new ScriptedSmtpServer(rcpt -> null)) {
            broadcastJobs.sendTo(relay, network, broadcast);
            sent = relay.received().stream().collect(Collectors.toMap(ScriptedSmtpServer.Received::rcptTo,
                    ScriptedSmtpServer.Received::data));
        }
        assertThat(sent).containsOnlyKeys(taro, hanako, jiro);
        String address = mailto(sent.get(taro));
        assertThat(address).startsWith(composer.settings().unsubscribeMailbox() + "+")
                .endsWith("@" + composer.settings().bounceDomain());
        assertThat(mailto(sent.get(hanako))).isNotEqualTo(address);
        int processedBefore = BounceMailboxIT.count("Processed");
        int quarantinedBefore = BounceMailboxIT.count("Quarantine");

        // sent from ANOTHER member's address (the From proves nothing), and with the address in the envelope only
        // (To names Hanako herself, as a Bcc would): only Dovecot's Delivered-To carries the token
        String first = "<" + Fixtures.unique("unsub1") + "@example.jp>";
        Mailbox.sendRaw(hanako, address, mail(hanako, hanako, first, "unsubscribe"));
        BounceMailboxIT.processMailbox(jobs, processedBefore + 1, quarantinedBefore);

        assertThat(sql.row("SELECT status FROM members WHERE id = ?", taroId)).containsExactly("LEFT");
        assertThat(sql.row("SELECT reason, source, source_broadcast_id FROM suppressions WHERE network_id = ?"
                + " AND email = ?", network, taro)).containsExactly("UNSUBSCRIBED", "UNSUBSCRIBE", String.valueOf(broadcast));
        assertThat(sql.row("SELECT disposition, reason, network_id, delivery_id, events FROM bounce_mails"
                + " WHERE message_id = ?", first)).containsExactly("UNSUBSCRIBED",
                "mailto unsubscribe: the member left and the address is suppressed", String.valueOf(network),
                sql.row("SELECT id FROM deliveries WHERE broadcast_id = ? AND member_id = ?", broadcast, taroId).get(0),
                "0");
        // nobody else changed, and nothing of it was a bounce
        assertThat(sql.column("SELECT CONCAT(email, ' ', status) FROM members WHERE network_id = ? AND email <> ?"
                + " ORDER BY email", network, taro)).containsExactlyInAnyOrder(hanako + " ACTIVE", jiro + " ACTIVE");
        assertThat(sql.column("SELECT email FROM suppressions WHERE network_id = ?", network)).containsExactly(taro);
        assertThat(sql.column("SELECT id FROM bounce_events WHERE network_id = ?", network)).isEmpty();

        // a second mail (Taro's own, Subject as the RFC 2369 mailto gives it): recorded, changes nothing
        String second = "<" + Fixtures.unique("unsub2") + "@example.jp>";
        Mailbox.sendRaw(taro, address, mail(taro, address, second, "unsubscribe"));
        BounceMailboxIT.processMailbox(jobs, processedBefore + 2, quarantinedBefore);

        assertThat(sql.row("SELECT disposition, reason FROM bounce_mails WHERE message_id = ?", second))
                .containsExactly("UNSUBSCRIBED", "mailto unsubscribe: already unsubscribed, nothing changed");
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", taroId)).containsExactly("LEFT");
        assertThat(sql.column("SELECT CONCAT(email, ' ', reason) FROM suppressions WHERE network_id = ?", network))
                .containsExactly(taro + " UNSUBSCRIBED");
        assertThat(sql.column("SELECT id FROM bounce_events WHERE network_id = ?", network)).isEmpty();
    }

    @Test
    void forgedMisusedOrMissingTokensShouldChangeNobodyAndBeQuarantinedWithTheirReason() throws Exception {
        long network = fixtures.network();
        String run = Fixtures.unique("mf");
        String victim = run + ".victim@example.jp";
        long victimId = sql.member(network, "高橋 花子", victim, "OTHER", "ACTIVE");
        sql.update("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (?, 'お知らせ', '本文', 'SENT', NOW(3), NOW(3))", network);
        long broadcast = Long.parseLong(sql.row("SELECT MAX(id) FROM broadcasts WHERE network_id = ?", network).get(0));
        sql.update("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'OTHER', 'SENT', NOW(3), NOW(3))", broadcast, victimId, victim);
        String domain = composer.settings().bounceDomain();
        String box = composer.settings().unsubscribeMailbox();
        DeliveryToken delivery = new DeliveryToken(broadcast, victimId);
        String valid = delivery.sign(composer.tokenKey(), DeliveryToken.Purpose.UNSUBSCRIBE);
        String attacker = run + ".attacker@example.com";
        int processedBefore = BounceMailboxIT.count("Processed");
        int quarantinedBefore = BounceMailboxIT.count("Quarantine");

        Map<String, String> expected = new java.util.LinkedHashMap<>();
        // a forged MAC for the victim's ids
        String forged = Long.toString(broadcast, 36) + "-" + Long.toString(victimId, 36) + "-aaaaaaaaaaaaaaaa";
        expected.put(send(attacker, box + "+" + forged + "@" + domain, ""), "does not verify");
        // the victim's real tokens of the two other purposes: a Return-Path (bounce) and an answer link's
        expected.put(send(attacker, box + "+" + delivery.sign(composer.tokenKey(), DeliveryToken.Purpose.BOUNCE)
                + "@" + domain, ""), "does not verify");
        expected.put(send(attacker, box + "+" + delivery.sign(composer.tokenKey(), DeliveryToken.Purpose.ANSWER)
                + "@" + domain, ""), "does not verify");
        // garbage, and no token at all
        expected.put(send(attacker, box + "+zz-zz-not.a.token@" + domain, ""), "does not verify");
        expected.put(send(attacker, box + "@" + domain, ""), "without a token");
        // huge headers and many Delivered-To lines of the sender's own, one naming the valid unsubscribe address,
        // sent to the plain bounce mailbox: the envelope recipient (Dovecot's topmost Delivered-To) decides
        StringBuilder hostile = new StringBuilder("Cc: a");
        for (int i = 0; i < 800; i++) {
            hostile.append("\r\n ").append("a".repeat(76)); // a 60 KB recipient header, folded as SMTP wants it
        }
        hostile.append("\r\n");
        for (int i = 0; i < 50; i++) {
            hostile.append("Delivered-To: someone").append(i).append("@").append(domain).append("\r\n");
        }
        hostile.append("Delivered-To: ").append(box).append('+').append(valid).append('@').append(domain).append("\r\n");
        expected.put(send(attacker, "bounce@" + domain, hostile.toString()), "not recognised as a bounce");

        BounceMailboxIT.processMailbox(jobs, processedBefore, quarantinedBefore + expected.size());

        for (Map.Entry<String, String> e : expected.entrySet()) {
            List<String> row = sql.row("SELECT disposition, reason FROM bounce_mails WHERE message_id = ?", e.getKey());
            assertThat(row).as(e.getKey()).hasSize(2);
            assertThat(row.get(0)).as(e.getKey()).isEqualTo("QUARANTINED");
            assertThat(row.get(1)).as(e.getKey()).contains(e.getValue());
        }
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", victimId)).containsExactly("ACTIVE");
        assertThat(sql.column("SELECT email FROM suppressions WHERE network_id = ?", network)).isEmpty();
        assertThat(sql.column("SELECT id FROM bounce_events WHERE network_id = ?", network)).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** The mailto: address of a sent message's List-Unsubscribe, without its ?subject=. */
    private static String mailto(byte[] sent) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(sent));
        String value = m.getHeader("List-Unsubscribe", null).replaceAll("\\s+", "");
        Matcher matcher = MAILTO.matcher(value);
        assertThat(matcher.find()).as(value).isTrue();
        return matcher.group(1);
    }

    /** Sends a mail from {@code from} to {@code recipient} through the test MX; returns its Message-ID. */
    private static String send(String from, String recipient, String extraHeaders) throws Exception {
        String messageId = "<" + Fixtures.unique("unsub") + "@example.com>";
        byte[] raw = (extraHeaders + new String(mail(from, recipient, messageId, "unsubscribe"),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Mailbox.sendRaw(from, recipient, raw);
        return messageId;
    }

    private static byte[] mail(String from, String to, String messageId, String subject) {
        return ("From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Date: Mon, 7 Dec 2026 09:00:00 +0900\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "unsubscribe\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private long id(long network, String email) throws Exception {
        return Long.parseLong(sql.row("SELECT id FROM members WHERE network_id = ? AND email = ?", network, email).get(0));
    }
}
