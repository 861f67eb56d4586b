package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.broadcasts.control.VerpAddress;
import org.renraku.platform.batch.JobNames;
import org.renraku.platform.batch.Jobs;

/**
 * The forged mails, each sent as an attacker would: over SMTP to the test MX (Postfix of bin/mailpath), which
 * delivers it over LMTP into Dovecot, where the application reads it (the catch-all join mailbox, the bounce
 * mailbox). For each: nobody is changed, and nobody is mailed (the outbound relay, GreenMail, has nothing for any
 * address involved). Beside them, real token-carrying bounces and complaints still act.
 * <p>
 * The one mail a forgery may cause is the one the rules ask for: a forged 「退会」 makes the member's OWN address get a
 * confirmation link (which changes nothing until the member presses its button) — never the forger's.
 */
@ExtendWith(ArquillianExtension.class)
class ForgedMailIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** Long enough for a reply, had one been sent after the commit, to reach GreenMail. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    @Inject
    Fixtures fixtures;

    @Inject
    ComposerSettings composer;

    @Inject
    Jobs jobs;

    @Inject
    BroadcastJobs broadcastJobs;

    // --- the bounce mailbox ----------------------------------------------------------------------------------------

    @Test
    void forgedBouncesAndComplaintsShouldChangeNobodyWhileRealOnesStillAct() throws Exception {
        Sql sql = new Sql(db);
        long network = fixtures.network();
        String run = Fixtures.unique("fb");
        String a = run + ".a@docomo.ne.jp";
        String b = run + ".b@gmail.com";
        String gone = run + ".gone@example.jp";
        String complainer = run + ".c@example.jp";
        long aId = sql.member(network, "佐藤 花子", a, "DOCOMO", "ACTIVE");
        long bId = sql.member(network, "鈴木 一郎", b, "GMAIL", "ACTIVE");
        long goneId = sql.member(network, "高橋 次郎", gone, "OTHER", "ACTIVE");
        long complainerId = sql.member(network, "田中 三郎", complainer, "OTHER", "ACTIVE");
        long broadcast = sentBroadcast(network, "台風のお知らせ", "NONE", aId, bId, goneId, complainerId);
        String bounceMailbox = "bounce@" + settings().bounceDomain();

        // 1. an ARF naming B, with only the network's id in its text/rfc822-headers part: no token at all
        String arfByHint = Fixtures.unique("arf-hint") + "@fbl.example.jp";
        Mailbox.sendRaw("", bounceMailbox, ReportMails.arf("<" + arfByHint + ">",
                bounceMailbox, b, "text/rfc822-headers",
                "X-Renraku-Network: " + network + "\r\n"));
        // 2. a 5.1.1 DSN for B with only network and address hints, to the plain bounce address (no VERP)
        String dsnByHint = Fixtures.unique("dsn-hint") + "@mx.example.jp";
        Mailbox.sendRaw("", bounceMailbox, userUnknown(dsnByHint, bounceMailbox, b,
                "X-Renraku-Network: " + network + "\r\n"));
        // 3. an ARF carrying A's valid X-Renraku-Delivery token but naming B
        String arfOtherAddress = Fixtures.unique("arf-other") + "@fbl.example.jp";
        Mailbox.sendRaw("", bounceMailbox, ReportMails.arf("<" + arfOtherAddress + ">",
                bounceMailbox, b, "message/rfc822",
                "X-Renraku-Delivery: " + token(broadcast, aId, DeliveryToken.Purpose.BOUNCE) + "\r\n"));
        // 4. a DSN to a VERP address made of B's answer token (a token of another purpose, as an answer link shows it)
        String dsnWrongPurpose = Fixtures.unique("dsn-purpose") + "@mx.example.jp";
        String answerVerp = VerpAddress.of(settings().bouncePrefix(),
                token(broadcast, bId, DeliveryToken.Purpose.ANSWER), settings().bounceDomain());
        Mailbox.sendRaw("", answerVerp, userUnknown(dsnWrongPurpose, answerVerp, b, ""));
        // and the real ones: a hard bounce to gone's VERP address, a complaint carrying the complainer's token
        String realBounce = Fixtures.unique("dsn-real") + "@mx.example.jp";
        String goneVerp = VerpAddress.of(settings().bouncePrefix(),
                token(broadcast, goneId, DeliveryToken.Purpose.BOUNCE), settings().bounceDomain());
        Mailbox.sendRaw("", goneVerp, userUnknown(realBounce, goneVerp, gone, ""));
        String realComplaint = Fixtures.unique("arf-real") + "@fbl.example.jp";
        Mailbox.sendRaw("", bounceMailbox, ReportMails.arf("<" + realComplaint + ">",
                bounceMailbox, complainer, "message/rfc822",
                "X-Renraku-Delivery: " + token(broadcast, complainerId, DeliveryToken.Purpose.BOUNCE) + "\r\n"));

        List<String> forged = List.of(arfByHint, dsnByHint, arfOtherAddress, dsnWrongPurpose);
        awaitBounceMails(sql, forged, List.of(realBounce, realComplaint));

        for (String id : forged) {
            assertThat(sql.row("SELECT disposition, reason FROM bounce_mails WHERE message_id = ?", "<" + id + ">"))
                    .as(id).first().isEqualTo("QUARANTINED");
        }
        for (long m : List.of(aId, bId)) {
            assertThat(sql.row("SELECT status FROM members WHERE id = ?", m)).containsExactly("ACTIVE");
            assertThat(sql.row("SELECT COUNT(*) FROM bounce_events WHERE member_id = ?", m)).containsExactly("0");
        }
        assertThat(sql.row("SELECT COUNT(*) FROM suppressions WHERE network_id = ? AND email IN (?, ?)", network, a, b))
                .containsExactly("0");

        assertThat(sql.row("SELECT status FROM members WHERE id = ?", goneId)).containsExactly("SUSPENDED");
        assertThat(sql.row("SELECT reason FROM suppressions WHERE network_id = ? AND email = ?", network, gone))
                .containsExactly("HARD_BOUNCE");
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", complainerId)).containsExactly("LEFT");
        assertThat(sql.row("SELECT reason FROM suppressions WHERE network_id = ? AND email = ?", network, complainer))
                .containsExactly("COMPLAINT");

        Thread.sleep(QUIET.toMillis());
        for (String address : List.of(a, b, gone, complainer)) {
            assertThat(Mailbox.read(address)).as("mail to " + address).isEmpty();
        }
    }

    // --- the join address ------------------------------------------------------------------------------------------

    @Test
    void forgedMailToTheJoinAddressShouldChangeNobodyAndMailNobody() throws Exception {
        Sql sql = new Sql(db);
        long network = fixtures.network();
        String slug = sql.row("SELECT slug FROM networks WHERE id = ?", network).get(0);
        String join = slug + "@" + JOIN_DOMAIN;
        String run = Fixtures.unique("fj");
        String a = run + ".a@ezweb.ne.jp";
        String b = run + ".b@i.softbank.jp";
        String attacker = run + ".x@attacker.example";
        long aId = sql.member(network, "佐藤 花子", a, "AU", "ACTIVE");
        long bId = sql.member(network, "鈴木 一郎", b, "SOFTBANK", "ACTIVE");

        // a forged 「退会」: A's From, sent by the attacker (envelope sender the attacker's)
        String leave = mail(attacker, join, "From: " + a + "\r\n", "退会", "退会します");
        // a keyword answer with B's From to the broadcast's old shared reply address, and to A's reply address made
        // with B's member id (the MAC no longer fits)
        long poll = sentBroadcast(network, "運動会の出欠", "CHOICE", aId, bId);
        String shared = slug + "+" + AnswerAddresses.sharedDetail(composer.tokenKey(), poll) + "@" + JOIN_DOMAIN;
        String answerShared = mail(attacker, shared, "From: " + b + "\r\n", "Re: 運動会の出欠", "○");
        String aReply = AnswerAddresses.replyAddress(slug, token(poll, aId, DeliveryToken.Purpose.ANSWER), JOIN_DOMAIN);
        String forgedReply = aReply.replaceFirst("-" + Long.toString(aId, 36) + "-", "-" + Long.toString(bId, 36) + "-");
        String answerForged = mail(attacker, forgedReply, "From: " + b + "\r\n", "Re: 運動会の出欠", "×");
        // a mail from the join address itself (a loop), two From fields, a null envelope sender
        String fromJoin = mail(join, join, "From: " + join + "\r\n", "", "");
        String twoFroms = mail(attacker, join, "From: " + run + ".p@example.jp\r\nFrom: " + run + ".q@example.jp\r\n",
                "", "");
        String nullSender = mail("", join, "From: " + run + ".n@example.jp\r\n", "", "");

        // a de Bruijn body (every 4-digit string) against a network's legacy 4-digit join password
        long locked = fixtures.network();
        sql.update("UPDATE networks SET join_password = '4821' WHERE id = ?", locked);
        String lockedJoin = sql.row("SELECT slug FROM networks WHERE id = ?", locked).get(0) + "@" + JOIN_DOMAIN;
        String guesser = run + ".g@example.jp";
        String deBruijn = mail(guesser, lockedJoin, "From: " + guesser + "\r\n", "入会", JoinMailBodiesIT.deBruijn());

        assertThat(outcome(sql, leave)).isEqualTo("LEAVE_CONFIRMATION_SENT");
        assertThat(outcome(sql, answerShared)).isEqualTo("ANSWER_REFUSED");
        assertThat(outcome(sql, answerForged)).isEqualTo("ANSWER_REFUSED");
        assertThat(outcome(sql, fromJoin)).isEqualTo("OWN_SENDER");
        assertThat(outcome(sql, twoFroms)).isEqualTo("AMBIGUOUS_SENDER");
        assertThat(outcome(sql, nullSender)).isIn("BOUNCE", "AUTO_REPLY");
        assertThat(outcome(sql, deBruijn)).isIn("PASSWORD_FAILED", "RATE_LIMITED");

        // nobody is changed
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", aId)).containsExactly("ACTIVE");
        assertThat(sql.row("SELECT status FROM members WHERE id = ?", bId)).containsExactly("ACTIVE");
        assertThat(sql.row("SELECT COUNT(*) FROM answers WHERE broadcast_id = ?", poll)).containsExactly("0");
        assertThat(sql.row("SELECT COUNT(*) FROM members WHERE network_id = ?", locked)).containsExactly("0");
        assertThat(sql.row("SELECT COUNT(*) FROM one_time_tokens WHERE network_id = ? AND purpose = 'MEMBER_REGISTRATION'",
                locked)).containsExactly("0");

        // nobody is mailed, but A's own address gets the confirmation of the 「退会」, which changes nothing by itself
        Thread.sleep(QUIET.toMillis());
        for (String address : List.of(attacker, b, join, guesser, run + ".p@example.jp", run + ".q@example.jp",
                run + ".n@example.jp")) {
            assertThat(Mailbox.read(address)).as("mail to " + address).isEmpty();
        }
        assertThat(Mailbox.read(a)).singleElement().satisfies(m -> assertThat(m.subject()).contains("退会の確認"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private MessageComposer.Settings settings() {
        return composer.settings();
    }

    private String token(long broadcast, long member, DeliveryToken.Purpose purpose) {
        return new DeliveryToken(broadcast, member).sign(composer.tokenKey(), purpose);
    }

    /** A broadcast already SENT to these members (a delivery row each), asking for answers of {@code answerKind}. */
    private long sentBroadcast(long network, String subject, String answerKind, long... members) throws Exception {
        long broadcast = broadcastJobs.draft(network, subject, "本文");
        broadcastJobs.exec("UPDATE broadcasts SET status = 'SENT', answer_kind = '" + answerKind + "'"
                + ("CHOICE".equals(answerKind) ? ", answer_choices = '[\"○\",\"×\",\"未定\"]'" : "")
                + " WHERE id = " + broadcast);
        for (long m : members) {
            broadcastJobs.exec("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status,"
                    + " created_at, updated_at) SELECT " + broadcast + ", id, email, 'OTHER', 'SENT', NOW(3), NOW(3)"
                    + " FROM members WHERE id = " + m);
        }
        return broadcast;
    }

    /** Sends a hand-written mail through the MX; returns its Message-ID (with angle brackets, as recorded). */
    private static String mail(String envelopeFrom, String to, String fromHeaders, String subject, String text)
            throws Exception {
        String id = "<" + Fixtures.unique("forged") + "@attacker.example>";
        String raw = fromHeaders
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "Message-ID: " + id + "\r\n"
                + "Date: Mon, 7 Dec 2026 06:00:00 +0900\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"
                + text + "\r\n";
        Mailbox.sendRaw(envelopeFrom, to, raw.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    private static String outcome(Sql sql, String messageId) throws Exception {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            List<String> row = sql.row("SELECT outcome FROM inbound_mails WHERE message_id = ? ORDER BY id DESC LIMIT 1",
                    messageId);
            if (!row.isEmpty()) {
                return row.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No inbound_mails row for " + messageId + " within " + WITHIN);
    }

    /** Runs the bounce job until every one of these mails has its bounce_mails row. */
    private void awaitBounceMails(Sql sql, List<String> forged, List<String> real) throws Exception {
        List<String> all = new java.util.ArrayList<>(forged);
        all.addAll(real);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Long execution = null;
        while (Instant.now().isBefore(deadline)) {
            if (execution == null || !jobs.running(execution)) {
                execution = jobs.start(JobNames.BOUNCE_PROCESSING, new Properties());
            }
            Thread.sleep(1000);
            long found = 0;
            for (String id : all) {
                found += sql.row("SELECT id FROM bounce_mails WHERE message_id = ?", "<" + id + ">").isEmpty() ? 0 : 1;
            }
            if (found == all.size()) {
                return;
            }
        }
        throw new AssertionError("The bounce job did not record all of " + all + " within 90 s");
    }

    /** A 5.1.1 DSN (user unknown) about {@code recipient}, sent to {@code to}. */
    private static byte[] userUnknown(String messageId, String to, String recipient, String returned) {
        return ReportMails.dsn("<" + messageId + ">", to, recipient, "5.1.1", "550 5.1.1 <" + recipient
                + ">: User unknown", returned);
    }
}
