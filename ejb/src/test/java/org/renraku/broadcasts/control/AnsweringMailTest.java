package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.entity.MailCharset;

/** The personal answer links and the reply address in a member's message. */
class AnsweringMailTest {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Instant DEADLINE = Instant.parse("2026-04-03T09:00:00Z"); // 18:00 in Japan

    private static MimeMessage compose(MailCharset charset, String html, List<String> choices) throws Exception {
        return compose(charset, html, choices, "hanako@docomo.ne.jp", 1001);
    }

    private static MimeMessage compose(MailCharset charset, String html, List<String> choices, String email,
                                       long memberId) throws Exception {
        MessageComposer.Content plain = Compositions.content(charset, html, List.of());
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        MessageComposer.Answering.linkBaseOf("https://renraku.test"), choices, JOIN_DOMAIN, DEADLINE));
        MessageComposer composer = new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, c,
                Compositions.TOKEN_KEY, Clock.fixed(Compositions.NOW, ZoneOffset.UTC));
        return composer.compose(new MessageComposer.Recipient(memberId, email, java.util.Map.of("name", "佐藤 花子")))
                .message();
    }

    private static String token() {
        return new DeliveryToken(42, 1001).sign(Compositions.TOKEN_KEY, DeliveryToken.Purpose.ANSWER);
    }

    @Test
    void confirmationLinkOfThisMemberAndReplyAddress() throws Exception {
        MimeMessage m = compose(MailCharset.UTF_8, null, List.of());
        String text = (String) m.getContent();
        assertThat(text).contains("「了解」→ https://renraku.test/member/answer.xhtml?t=" + token() + "&c=0")
                .contains("「了解」").contains("回答期限: 2026年4月3日 18:00");
        assertThat(text.indexOf("台風接近")).isLessThan(text.indexOf("確認のお願い"));
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress())
                .isEqualTo("sakura-pta+r-" + token() + "@" + JOIN_DOMAIN);
    }

    @Test
    void replyToIsPerRecipientAndNamesOnlyThatRecipientsDelivery() throws Exception {
        String hanako = ((InternetAddress) compose(MailCharset.UTF_8, null, List.of()).getReplyTo()[0]).getAddress();
        String taro = ((InternetAddress) compose(MailCharset.UTF_8, null, List.of(), "taro@ezweb.ne.jp", 1002)
                .getReplyTo()[0]).getAddress();
        assertThat(hanako).isNotEqualTo(taro);
        String local = taro.substring(0, taro.indexOf('@'));
        String detail = local.substring(local.indexOf('+') + 1);
        assertThat(AnswerAddresses.deliveryOf(detail, Compositions.TOKEN_KEY)).contains(new DeliveryToken(42, 1002));
        // the reply token is the ANSWER one: not the VERP or unsubscribe token of the same delivery
        assertThat(detail).isEqualTo("r-" + new DeliveryToken(42, 1002).sign(Compositions.TOKEN_KEY,
                DeliveryToken.Purpose.ANSWER));
    }

    @Test
    void oneLinkPerChoiceInTextAndHtml() throws Exception {
        MimeMessage m = compose(MailCharset.UTF_8, "<p>{name} 様</p>", List.of("○", "×", "未定"));
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        String text = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        for (int c = 1; c <= 3; c++) {
            String link = "https://renraku.test/member/answer.xhtml?t=" + token() + "&c=" + c;
            assertThat(text).contains(link);
            assertThat(html).contains(link.replace("&", "&amp;"));
        }
        assertThat(text).contains("【○】→").contains("【未定】→").contains("（例:「○」）");
        assertThat(html).contains(">×</a>");
    }

    @Test
    void answerBlockFitsIso2022Jp() throws Exception {
        MimeMessage m = compose(MailCharset.ISO_2022_JP, null, List.of("○", "×", "未定"));
        assertThat(m.getContentType()).containsIgnoringCase("ISO-2022-JP");
        assertThat((String) m.getContent()).contains("【×】→");
    }

    @Test
    void withoutAnsweringTheAdminsReplyToStays() throws Exception {
        MimeMessage m = Compositions.composer(MailCharset.UTF_8, null, List.of())
                .compose(Compositions.recipient("hanako@docomo.ne.jp", "佐藤 花子")).message();
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("office@sakura.test");
        assertThat((String) m.getContent()).doesNotContain("answer.xhtml");
    }
}
