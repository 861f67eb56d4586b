package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * A re-send (再送, issue #7) is a broadcast of its own, but its answer links carry the member's delivery token of
 * the ORIGINAL broadcast and its Reply-To is the original's reply address, so answers land in the original; the
 * message's own token (VERP, unsubscribe) stays the re-send's.
 */
class ResendMailTest {

    private static final long ORIGINAL = 7;
    private static final String REPLY = AnswerAddresses.replyAddress("sakura-pta", Compositions.TOKEN_KEY, ORIGINAL,
            "join.renraku.test");

    @Test
    void answerLinksOfAReSendShouldNameTheOriginalBroadcast() throws Exception {
        MessageComposer.Content plain = Compositions.content(MailCharset.UTF_8, null, List.of());
        assertThat(plain.broadcastId()).isNotEqualTo(ORIGINAL);
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        AnswerAddresses.linkBase("https://renraku.test"), List.of(), REPLY, null, ORIGINAL));
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
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo(REPLY);
    }
}
