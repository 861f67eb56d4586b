package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.Postings;

/**
 * Broadcast by mail (代理配信) end to end over SMTP (the test MX into Dovecot; replies through GreenMail): a delegated member mails their posting address
 * ({@code <slug>+post-<secret>@join.renraku.test}) from their registered address; the inbound reader makes a
 * broadcast to every active member (with the attached file) and starts it, and the sender gets the result. A
 * forged From (the member's address) with a wrong or no secret sends nothing and is recorded as refused, without
 * a reply; a member who is not (or no longer) a delegated sender is refused and told so.
 * <p>
 * The tests run the reader in catch-all mode, as deployed: Postfix delivers every address of the join domain into
 * one Dovecot mailbox, and the reader routes each mail by its envelope recipient (Delivered-To), so a mail to a
 * wrong or missing secret arrives like any other.
 */
@ExtendWith(ArquillianExtension.class)
class PostingByMailIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Postings postings;

    private Sql sql;

    @BeforeEach
    void sql() {
        sql = new Sql(dataSource);
    }

    /** A network with a delegated member, two other active members, a suspended one. */
    record Seed(long network, String slug, long delegate, String delegateEmail, String a, String b, String suspended,
                long plainMember, String plainEmail) {
    }

    private Seed seed() throws Exception {
        long network = fixtures.network();
        String slug = sql.row("SELECT slug FROM networks WHERE id = ?", network).get(0);
        String d = Fixtures.unique("post-d") + "@docomo.ne.jp";
        String a = Fixtures.unique("post-a") + "@gmail.com";
        String b = Fixtures.unique("post-b") + "@ezweb.ne.jp";
        String s = Fixtures.unique("post-s") + "@gmail.com";
        long delegate = sql.member(network, "代理 配信者", d, "DOCOMO", "ACTIVE");
        sql.member(network, "会員 A", a, "GMAIL", "ACTIVE");
        long plain = sql.member(network, "会員 B", b, "AU", "ACTIVE");
        sql.member(network, "停止 中", s, "GMAIL", "SUSPENDED");
        assertThat(postings.delegate(network, delegate, true, "it-admin", "127.0.0.1")).isTrue();
        return new Seed(network, slug, delegate, d, a, b, s, plain, b);
    }

    @Test
    void aDelegatedMembersPostingShouldReachEveryActiveMemberAndTheSenderShouldGetTheResult() throws Exception {
        Seed s = seed();
        String address = postings.memberAddress(s.network(), s.delegate()).orElseThrow();
        assertThat(address).matches(s.slug() + "\\+post-[a-z2-7]{16}@" + JOIN_DOMAIN.replace(".", "\\."));
        assertThat(postings.memberAddress(s.network(), s.plainMember())).as("not delegated").isEmpty();
        String subject = "代理配信テスト " + Fixtures.unique("p");

        String messageId = send(s.delegateEmail(), address, address, subject, "明日は9時に集合です。",
                "しおり.pdf", "%PDF-1.4 posting".getBytes(StandardCharsets.US_ASCII));

        assertThat(sql.await(WITHIN, "POSTED", "SELECT outcome FROM inbound_mails WHERE message_id = ?", messageId))
                .isEqualTo("POSTED");
        for (String member : List.of(s.a(), s.b(), s.delegateEmail())) {
            assertThat(Sql.awaitMails(member, subject, 1, WITHIN)).singleElement()
                    .satisfies(text -> assertThat(text).contains("明日は9時に集合です。").contains("[しおり.pdf]"));
        }
        List<String> result = Sql.awaitMails(s.delegateEmail(), "代理配信を受け付けました", 1, WITHIN);
        assertThat(result.get(0)).contains(subject).contains("3人");
        List<String> broadcast = sql.row("SELECT id, posted_by_member, created_by FROM broadcasts"
                + " WHERE network_id = ? AND subject = ?", s.network(), subject);
        assertThat(broadcast.get(1)).isEqualTo(String.valueOf(s.delegate()));
        assertThat(broadcast.get(2)).isNull();
        assertThat(sql.await(WITHIN, "SENT", "SELECT status FROM broadcasts WHERE id = ?", broadcast.get(0)))
                .isEqualTo("SENT");
        assertThat(sql.column("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", broadcast.get(0)))
                .containsExactly("3");
        assertThat(Sql.mails(s.suspended(), subject)).as("suspended").isEmpty();
        assertThat(sql.row("SELECT COUNT(*) FROM audit_events WHERE network_id = ? AND kind = 'BROADCAST_POSTED_BY_MAIL'",
                s.network())).containsExactly("1");
        Thread.sleep(2000);
        assertThat(Sql.mails(s.a(), subject)).as("once").hasSize(1);
    }

    @Test
    void aForgedFromWithAWrongOrNoSecretShouldSendNothingAndBeRecordedAsRefused() throws Exception {
        Seed s = seed();
        String joinAddress = s.slug() + "@" + JOIN_DOMAIN;
        String wrong = s.slug() + "+post-aaaaaaaaaaaaaaaa@" + JOIN_DOMAIN;
        String none = s.slug() + "+post@" + JOIN_DOMAIN;
        String subject = "なりすまし " + Fixtures.unique("f");

        String wrongId = send(s.delegateEmail(), wrong, wrong, subject, "偽の連絡です。", null, null);
        String noneId = send(s.delegateEmail(), none, none, subject, "偽の連絡です。", null, null);

        assertThat(sql.await(WITHIN, "POST_REFUSED", "SELECT outcome FROM inbound_mails WHERE message_id = ?", wrongId))
                .isEqualTo("POST_REFUSED");
        assertThat(sql.await(WITHIN, "POST_REFUSED", "SELECT outcome FROM inbound_mails WHERE message_id = ?", noneId))
                .isEqualTo("POST_REFUSED");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", wrongId).get(0))
                .contains("wrong_secret");
        Thread.sleep(3000); // a broadcast or a reply, were one made, would be on its way by now
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE network_id = ?", s.network())).containsExactly("0");
        assertThat(Sql.mails(s.a(), subject)).isEmpty();
        assertThat(Sql.mails(s.delegateEmail(), "代理配信")).as("no reply to a possibly forged From").isEmpty();
    }

    @Test
    void aMemberWhoIsNotADelegatedSenderShouldBeRefusedAndToldSo() throws Exception {
        Seed s = seed();
        // B was a delegated sender and kept the address; the mark is taken away
        assertThat(postings.delegate(s.network(), s.plainMember(), true, "it-admin", "127.0.0.1")).isTrue();
        String address = postings.memberAddress(s.network(), s.plainMember()).orElseThrow();
        assertThat(postings.delegate(s.network(), s.plainMember(), false, "it-admin", "127.0.0.1")).isTrue();
        assertThat(postings.memberAddress(s.network(), s.plainMember())).isEmpty();
        assertThat(sql.column("SELECT detail FROM audit_events WHERE network_id = ?"
                + " AND kind = 'MEMBER_DELEGATED_SENDER_CHANGED' ORDER BY id", s.network()))
                .containsExactly("on", "on", "off");
        String subject = "代理配信者ではない " + Fixtures.unique("n");

        String messageId = send(s.plainEmail(), address, address, subject, "連絡です。", null, null);

        assertThat(sql.await(WITHIN, "POST_REFUSED", "SELECT outcome FROM inbound_mails WHERE message_id = ?",
                messageId)).isEqualTo("POST_REFUSED");
        assertThat(sql.row("SELECT reason FROM inbound_mails WHERE message_id = ?", messageId).get(0))
                .contains("not_delegated");
        List<String> reply = Sql.awaitMails(s.plainEmail(), "代理配信を受け付けられませんでした", 1, WITHIN);
        assertThat(reply.get(0)).contains("代理配信者として登録されていません");
        assertThat(sql.row("SELECT COUNT(*) FROM broadcasts WHERE network_id = ?", s.network())).containsExactly("0");
        assertThat(Sql.mails(s.a(), subject)).isEmpty();
    }

    /**
     * Sends over SMTP through the test MX: the envelope goes to {@code rcpt}, the To header says {@code to}; with a
     * file when {@code fileName} is given. Returns the Message-ID.
     */
    private static String send(String from, String rcpt, String to, String subject, String text, String fileName,
                               byte[] file) throws Exception {
        MimeMessage message = new MimeMessage(Mailbox.mta());
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        if (fileName == null) {
            message.setText(text, StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, StandardCharsets.UTF_8.name());
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new jakarta.activation.DataHandler(
                    new jakarta.mail.util.ByteArrayDataSource(file, "application/pdf")));
            attachment.setFileName(jakarta.mail.internet.MimeUtility.encodeText(fileName, "UTF-8", "B"));
            attachment.setDisposition(MimeBodyPart.ATTACHMENT);
            message.setContent(new MimeMultipart(body, attachment));
        }
        message.saveChanges();
        Transport.send(message, new Address[] {new InternetAddress(rcpt)});
        return message.getMessageID();
    }
}
