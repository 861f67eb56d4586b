package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.MailCharset;

/** A survey's mail: one personal link to the answer page, no keyword hint, no reply address. */
class SurveyMailTest {

    @Test
    void oneLinkOfThisMemberAndNoKeywordReply() throws Exception {
        MessageComposer.Content plain = Compositions.content(MailCharset.UTF_8, "<p>{name} 様</p>", List.of());
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        MessageComposer.Answering.linkBaseOf("https://renraku.test"), List.of(), null, null, null, true));
        MimeMessage m = new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, c, Compositions.TOKEN_KEY,
                Clock.fixed(Compositions.NOW, ZoneOffset.UTC))
                .compose(Compositions.recipient("hanako@docomo.ne.jp", "佐藤 花子")).message();
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        String text = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        String link = "https://renraku.test/member/answer.xhtml?t=" + new DeliveryToken(42, 1001)
                .sign(Compositions.TOKEN_KEY, DeliveryToken.Purpose.ANSWER) + "&c=0";
        assertThat(text).contains("アンケートのお願い").contains("アンケートに答える → " + link)
                .doesNotContain("了解").doesNotContain("例:");
        assertThat(html).contains(link.replace("&", "&amp;")).contains(">アンケートに答える</a>")
                .doesNotContain("了解").doesNotContain("例:");
    }
}
