package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * A re-send (再送) is a broadcast of its own, but its answer links carry the member's delivery token of
 * the ORIGINAL broadcast and its Reply-To is the member's reply address for the original, so answers land in the original; the
 * message's own token (VERP, unsubscribe) stays the re-send's.
 */
class ResendMailTest {

    private static final long ORIGINAL = 7;
    private static final String JOIN_DOMAIN = "join.renraku.test";

    @Test
    void answerLinksOfAReSendShouldNameTheOriginalBroadcast() throws Exception {
        MessageComposer.Content plain = Compositions.content(MailCharset.UTF_8, null, List.of());
        assertThat(plain.broadcastId()).isNotEqualTo(ORIGINAL);
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        MessageComposer.Answering.linkBaseOf("https://renraku.test"), List.of(), JOIN_DOMAIN, null, ORIGINAL));
        MessageComposer composer = new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, c,
                Compositions.TOKEN_KEY, Clock.fixed(Compositions.NOW, ZoneOffset.UTC));
        MessageComposer.Composed composed = composer.compose(Compositions.recipient("hanako@docomo.ne.jp", "佐藤 花子"));
        MimeMessage m = composed.message();
        String text = (String) m.getContent();
        String originalToken = new DeliveryToken(ORIGINAL, 1001).sign(Compositions.TOKEN_KEY, DeliveryToken.Purpose.ANSWER);
        String ownToken = new DeliveryToken(plain.broadcastId(), 1001).sign(Compositions.TOKEN_KEY, DeliveryToken.Purpose.ANSWER);
        assertThat(text).contains("https://renraku.test/member/answer.xhtml?t=" + originalToken + "&c=0")
                .doesNotContain("answer.xhtml?t=" + ownToken);
        assertThat(composed.token()).isEqualTo(new DeliveryToken(plain.broadcastId(), 1001).sign(Compositions.TOKEN_KEY,
                DeliveryToken.Purpose.BOUNCE));
        // the member's own reply address carries the original's answer token too
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress())
                .isEqualTo("sakura-pta+r-" + originalToken + "@" + JOIN_DOMAIN);
    }

    @Test
    void aReSendShouldBeMarkedAndAskInEachMembersLanguage() throws Exception {
        MessageComposer.Content plain = Compositions.content(MailCharset.UTF_8, null, List.of());
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), "懇談会の出欠", plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        MessageComposer.Answering.linkBaseOf("https://renraku.test"), List.of(), JOIN_DOMAIN, null, ORIGINAL));
        MessageComposer composer = new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, c,
                Compositions.TOKEN_KEY, Clock.fixed(Compositions.NOW, ZoneOffset.UTC));
        MessageComposer.Recipient ja = Compositions.recipient("hanako@docomo.ne.jp", "佐藤 花子");
        MessageComposer.Recipient en = new MessageComposer.Recipient(1002, "emma@example.jp", ja.values(),
                java.util.Locale.ENGLISH, 1);

        MimeMessage japanese = composer.compose(ja).message();
        MimeMessage english = composer.compose(en).message();

        assertThat(japanese.getSubject()).isEqualTo("【再送】懇談会の出欠");
        assertThat(english.getSubject()).isEqualTo("[Reminder] 懇談会の出欠");
        String lead = org.renraku.mail.control.MailTexts.text(java.util.Locale.ENGLISH, "answer.mail.confirm.lead");
        assertThat((String) english.getContent()).contains(lead.replace("\n", "\r\n").split("\r\n")[0])
                .doesNotContain("確認のお願い");
        assertThat((String) japanese.getContent()).contains("確認のお願い");
    }
}
