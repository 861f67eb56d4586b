package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.answers.boundary.AnswerException;
import org.renraku.answers.boundary.Answers;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.broadcasts.control.DeliveryToken;

/**
 * Answers to broadcasts end to end: a broadcast asking for a confirmation or a choice is sent by the
 * delivery job to GreenMail; each member's mail carries personal links (the member's answer token) and the
 * member's own reply address. A link records exactly that member's answer — a tampered token or one made for
 * another member is refused, opening the page (GET) records nothing and shows nothing of other members — and the
 * latest answer counts. Keyword replies over SMTP count for the recipient and the broadcast whose reply address
 * they went to, whatever their From, with two polls open at once; no keyword, the retired shared address of a
 * broadcast or a bad token records no answer and is recorded with its reason.
 */
@ExtendWith(ArquillianExtension.class)
class AnswersIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final String BASE = "http://localhost:8080";
    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastStarter starter;

    @Inject
    Answers answers;

    @Inject
    ComposerSettings composer;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    record Seed(long network, String slug, long admin, long a, String aName, String aEmail, long b, String bName,
                String bEmail, long c, String cName, String cEmail) {
    }

    private Seed seed() throws Exception {
        long network = fixtures.network();
        String slug = sql.row("SELECT slug FROM networks WHERE id = ?", network).get(0);
        long admin = fixtures.invited(network).id();
        String tag = Fixtures.unique("n").substring(2, 8);
        String aName = "佐藤 花子" + tag;
        String bName = "鈴木 一郎" + tag;
        String cName = "高橋 次郎" + tag;
        String a = Fixtures.unique("ans-a") + "@docomo.ne.jp";
        String b = Fixtures.unique("ans-b") + "@gmail.com";
        String c = Fixtures.unique("ans-c") + "@ezweb.ne.jp";
        return new Seed(network, slug, admin, sql.member(network, aName, a, "DOCOMO", "ACTIVE"), aName, a,
                sql.member(network, bName, b, "GMAIL", "ACTIVE"), bName, b,
                sql.member(network, cName, c, "AU", "ACTIVE"), cName, c);
    }

    /** Composes, asks, sends now through the delivery job and waits until every member's mail went out. */
    private long send(Seed s, String subject, AnswerKind kind, List<String> choices) throws Exception {
        long id = broadcasts.save(s.network(), s.admin(), new Broadcasts.Draft(null, subject, "{name} 様\n\n本文です。",
                MailCharset.UTF_8, null, null, new RecipientFilter(List.of(), Map.of()), null, List.of(), null));
        answers.configure(s.network(), id, kind, choices, Instant.now().plus(Duration.ofDays(2)));
        broadcasts.schedule(s.network(), id, null);
        starter.start(s.network(), id, "it");
        assertThat(sql.await(AnswerLinks.WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", id)).isEqualTo("SENT");
        return id;
    }

    private List<List<String>> answerRows(long broadcast) throws Exception {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (String member : sql.column("SELECT member_id FROM answers WHERE broadcast_id = ? ORDER BY member_id",
                broadcast)) {
            rows.add(sql.row("SELECT member_id, choice, via FROM answers WHERE broadcast_id = ? AND member_id = ?",
                    broadcast, member));
        }
        return rows;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aConfirmationLinkShouldRecordExactlyThatMembersAnswerAndRevealNothingOfOthers() throws Exception {
        Seed s = seed();
        String subject = "確認のお願い " + Fixtures.unique("c");
        long id = send(s, subject, AnswerKind.CONFIRM, List.of());

        List<String[]> aLinks = AnswerLinks.of(s.aEmail(), subject, 1);
        assertThat(aLinks).as("one 了解 link").hasSizeGreaterThanOrEqualTo(1)
                .allSatisfy(l -> assertThat(l[1]).isEqualTo("0"));
        String aToken = aLinks.get(0)[0];
        String bToken = AnswerLinks.token(s.bEmail(), subject, 1);
        assertThat(aToken).isNotEqualTo(bToken).startsWith(Long.toString(id, 36) + "-" + Long.toString(s.a(), 36) + "-");
        assertThat(Sql.awaitMails(s.aEmail(), subject, 1, AnswerLinks.WITHIN).get(0)).contains("「了解」→").contains("確認のお願い");

        // opening the link (what a mail scanner does) records nothing and shows only this member
        HttpResponse<String> page = get("/member/answer.xhtml?t=" + aToken + "&c=0");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(s.aName()).contains(subject).doesNotContain(s.bName()).doesNotContain(s.cName())
                .doesNotContain(s.bEmail()).doesNotContain(s.aEmail());
        assertThat(answerRows(id)).isEmpty();

        Answers.Question q = answers.answerByLink(aToken, 0);
        assertThat(q.memberName()).isEqualTo(s.aName());
        assertThat(q.answered()).isTrue();
        assertThat(q.choice()).isNull();
        assertThat(answerRows(id)).containsExactly(java.util.Arrays.asList(String.valueOf(s.a()), null, "LINK"));

        // a tampered token, and A's MAC with B's or C's member id, are refused and write nothing
        String tampered = aToken.substring(0, aToken.length() - 1) + (aToken.endsWith("a") ? "b" : "a");
        String otherMember = aToken.replaceFirst("-" + Long.toString(s.a(), 36) + "-", "-" + Long.toString(s.c(), 36) + "-");
        for (String bad : List.of(tampered, otherMember, "", "garbage")) {
            assertThat(answers.question(bad)).as(bad).isEmpty();
            assertThatThrownBy(() -> answers.answerByLink(bad, 0)).isInstanceOf(AnswerException.class)
                    .hasMessage(AnswerException.INVALID);
        }
        assertThat(get("/member/answer.xhtml?t=" + otherMember + "&c=0").body()).contains("answer-invalid")
                .doesNotContain(s.cName()).doesNotContain(s.aName());
        assertThat(answerRows(id)).hasSize(1);

        // B's own link records B, and B's page still shows B only
        answers.answerByLink(bToken, 0);
        assertThat(answerRows(id)).extracting(r -> r.get(0))
                .containsExactly(String.valueOf(s.a()), String.valueOf(s.b()));
        assertThat(answers.question(bToken).orElseThrow().memberName()).isEqualTo(s.bName());
        Answers.Tally tally = answers.tally(s.network(), id).orElseThrow();
        assertThat(tally.recipients()).isEqualTo(3);
        assertThat(tally.answered()).isEqualTo(2);
        assertThat(answers.unanswered(s.network(), id)).containsExactly(s.cName());
        // another network's admin sees nothing of it
        assertThat(answers.tally(fixtures.network(), id)).isEmpty();
    }

    @Test
    void choiceLinksShouldRecordTheLatestAnswerUntilTheDeadline() throws Exception {
        Seed s = seed();
        String subject = "出欠 " + Fixtures.unique("q");
        long id = send(s, subject, AnswerKind.CHOICE, AnswerChoices.PRESET);

        List<String[]> aLinks = AnswerLinks.of(s.aEmail(), subject, 1);
        assertThat(aLinks.stream().map(l -> l[1]).distinct().toList()).containsExactly("1", "2", "3");
        String aToken = aLinks.get(0)[0];

        answers.answerByLink(aToken, 1);
        Answers.Question q = answers.answerByLink(aToken, 2);
        assertThat(q.choiceText()).isEqualTo("×");
        assertThat(answerRows(id)).containsExactly(List.of(String.valueOf(s.a()), "2", "LINK"));
        assertThat(sql.row("SELECT changes FROM answers WHERE broadcast_id = ?", id)).containsExactly("1");
        assertThatThrownBy(() -> answers.answerByLink(aToken, 4)).hasMessage(AnswerException.CHOICE);
        assertThatThrownBy(() -> answers.answerByLink(aToken, 0)).hasMessage(AnswerException.CHOICE);

        Answers.Tally tally = answers.tally(s.network(), id).orElseThrow();
        assertThat(tally.choices()).containsExactly("○", "×", "未定");
        assertThat(tally.counts()).containsExactly(0L, 1L, 0L);
        assertThat(tally.unanswered()).isEqualTo(2);
        List<Answers.AnsweredRow> rows = answers.answered(s.network(), id);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(s.aName());
            assertThat(r.choiceText()).isEqualTo("×");
            assertThat(r.email()).as("masked").contains("***").isNotEqualTo(s.aEmail());
            // the moment it was given (read in the database's +09:00 it came out 9 hours late)
            assertThat(r.answeredAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
        });
        byte[] csv = answers.csv(s.network(), id);
        assertThat(csv).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains(s.aName() + ",").contains("×").contains(s.bName() + ",,未回答")
                .contains(s.cName() + ",,未回答").doesNotContain(s.aEmail());

        // after the deadline the link records nothing more
        sql.update("UPDATE broadcasts SET answer_deadline = ? WHERE id = ?", Instant.now().minusSeconds(60), id);
        assertThatThrownBy(() -> answers.answerByLink(aToken, 1)).hasMessage(AnswerException.CLOSED);
        assertThat(answers.question(aToken).orElseThrow().open()).isFalse();
        assertThat(answerRows(id)).containsExactly(List.of(String.valueOf(s.a()), "2", "LINK"));
    }

    @Test
    void keywordRepliesOverSmtpShouldCountForTheRecipientWhoseReplyAddressTheyWentToWhileTwoPollsAreOpen()
            throws Exception {
        Seed s = seed();
        String subject1 = "運動会の出欠 " + Fixtures.unique("p1");
        String subject2 = "懇親会の出欠 " + Fixtures.unique("p2");
        long poll1 = send(s, subject1, AnswerKind.CHOICE, AnswerChoices.PRESET);
        long poll2 = send(s, subject2, AnswerKind.CHOICE, List.of("参加", "不参加"));

        // one reply address per recipient and broadcast, carrying that recipient's answer token
        String reply1A = replyTo(s.aEmail(), subject1);
        String reply2A = replyTo(s.aEmail(), subject2);
        String reply1B = replyTo(s.bEmail(), subject1);
        String reply2B = replyTo(s.bEmail(), subject2);
        String reply1C = replyTo(s.cEmail(), subject1);
        assertThat(reply1A).isNotEqualTo(reply2A).isNotEqualTo(reply1B).startsWith(s.slug() + "+r-")
                .endsWith("@" + JOIN_DOMAIN);
        assertThat(reply1A).isEqualTo(s.slug() + "+r-" + new DeliveryToken(poll1, s.a()).sign(composer.tokenKey(),
                DeliveryToken.Purpose.ANSWER) + "@" + JOIN_DOMAIN);

        // through the MX to the reply address itself: the catch-all mailbox routes by Delivered-To (the envelope)
        String m1 = sendVia(s.aEmail(), reply1A, reply1A, "Re: " + subject1, "×\n\n> ○ 参加\n> × 不参加\n");
        String m2 = sendVia(s.aEmail(), reply2A, reply2A, "Re: " + subject2, "不参加です。\n");
        String m3 = sendVia(s.bEmail(), reply2B, reply2B, "Re: " + subject2, "参加\n");
        for (String m : List.of(m1, m2, m3)) {
            assertThat(outcome(m, "ANSWERED")).as(m).isEqualTo("ANSWERED");
        }
        assertThat(answerRows(poll1)).containsExactly(List.of(String.valueOf(s.a()), "2", "MAIL"));
        assertThat(answerRows(poll2)).containsExactly(List.of(String.valueOf(s.a()), "2", "MAIL"),
                List.of(String.valueOf(s.b()), "1", "MAIL"));

        // the latest answer counts: A changes poll 1 to ○ (full-width reply of a phone)
        String m4 = sendVia(s.aEmail(), reply1A, reply1A, "Re: " + subject1, "〇\n");
        assertThat(outcome(m4, "ANSWERED")).isEqualTo("ANSWERED");
        assertThat(answerRows(poll1)).containsExactly(List.of(String.valueOf(s.a()), "1", "MAIL"));
        assertThat(answerRows(poll2)).hasSize(2);

        // the token says who answers, not the From: B's address writing to A's reply address changes A's answer
        // only (B's own answer to poll 1 is not made by it)
        String m5 = sendVia(s.bEmail(), reply1A, reply1A, "Re: " + subject1, "×\n");
        assertThat(outcome(m5, "ANSWERED")).isEqualTo("ANSWERED");
        assertThat(answerRows(poll1)).containsExactly(List.of(String.valueOf(s.a()), "2", "MAIL"));

        // no keyword: recorded, no answer, the text kept as an inquiry
        String m6 = sendVia(s.cEmail(), reply1C, reply1C, "Re: " + subject1, "遅れて参加するかもしれません\n");
        assertThat(outcome(m6, "ANSWER_REFUSED")).isEqualTo("ANSWER_REFUSED");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", m6).get(0)).contains("no keyword");
        assertThat(sql.row("SELECT COUNT(*) FROM inquiries WHERE network_id = ? AND body_text LIKE ?", s.network(),
                "%遅れて参加するかもしれません%")).containsExactly("1");

        // B's From to the old shared address of the broadcast: recorded with the reason, no answer for anyone
        String shared = s.slug() + "+" + AnswerAddresses.sharedDetail(composer.tokenKey(), poll1) + "@" + JOIN_DOMAIN;
        String m7 = sendVia(s.bEmail(), shared, shared, "Re: " + subject1, "○\n");
        assertThat(outcome(m7, "ANSWER_REFUSED")).isEqualTo("ANSWER_REFUSED");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", m7).get(0))
                .contains("shared reply address");
        // B's From with a bad token (A's address with B's member id, the MAC unchanged): no answer
        String forged = reply1A.replaceFirst("-" + Long.toString(s.a(), 36) + "-", "-" + Long.toString(s.b(), 36) + "-");
        String m8 = sendVia(s.bEmail(), forged, forged, "Re: " + subject1, "○\n");
        assertThat(outcome(m8, "ANSWER_REFUSED")).isEqualTo("ANSWER_REFUSED");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", m8).get(0))
                .contains("unknown reply address");
        // a token of another purpose (B's unsubscribe token of poll 1) answers nothing either
        String unsubscribe = s.slug() + "+r-" + new DeliveryToken(poll1, s.b()).sign(composer.tokenKey(),
                DeliveryToken.Purpose.UNSUBSCRIBE) + "@" + JOIN_DOMAIN;
        String m9 = sendVia(s.bEmail(), unsubscribe, unsubscribe, "Re: " + subject1, "○\n");
        assertThat(outcome(m9, "ANSWER_REFUSED")).isEqualTo("ANSWER_REFUSED");

        assertThat(answerRows(poll1)).containsExactly(List.of(String.valueOf(s.a()), "2", "MAIL"));
        assertThat(answers.tally(s.network(), poll1).orElseThrow().counts()).containsExactly(0L, 1L, 0L);
        assertThat(answers.tally(s.network(), poll2).orElseThrow().counts()).containsExactly(1L, 1L);
    }

    private String outcome(String messageId, String expected) throws Exception {
        return sql.await(AnswerLinks.WITHIN, expected, "SELECT outcome FROM inbound_mails WHERE message_id = ?", messageId);
    }

    /** The Reply-To of the member's mail with this subject. */
    private static String replyTo(String email, String subject) throws Exception {
        Sql.awaitMails(email, subject, 1, AnswerLinks.WITHIN);
        try (Store store = Mailbox.imap().getStore("imap")) {
            store.connect(email, email);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message m : inbox.getMessages()) {
                    if (m.getSubject() != null && m.getSubject().contains(subject)) {
                        return ((InternetAddress) m.getReplyTo()[0]).getAddress();
                    }
                }
            } finally {
                inbox.close(false);
            }
        }
        throw new AssertionError("no mail " + subject);
    }

    /** Sends through the test MX with the envelope to {@code rcpt} and the To header {@code to}; returns the Message-ID. */
    private static String sendVia(String from, String rcpt, String to, String subject, String text) throws Exception {
        MimeMessage message = new MimeMessage(Mailbox.mta());
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        message.saveChanges();
        Transport.send(message, new Address[] {new InternetAddress(rcpt)});
        return message.getMessageID();
    }
}
