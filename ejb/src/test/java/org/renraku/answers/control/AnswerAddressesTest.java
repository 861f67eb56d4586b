package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.DeliveryToken;

class AnswerAddressesTest {

    private static final byte[] KEY = "test-delivery-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another-secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void replyAddressNamesItsBroadcastAndVerifies() {
        String detail = AnswerAddresses.detail(KEY, 12345);
        assertThat(detail).matches("r-[0-9a-z]+-[a-z2-7]{13}");
        assertThat(AnswerAddresses.isReply(detail)).isTrue();
        assertThat(AnswerAddresses.broadcastOf(detail, KEY)).contains(12345L);
        // servers may change the case of a local part
        assertThat(AnswerAddresses.broadcastOf(detail.toUpperCase(), KEY)).contains(12345L);
        assertThat(AnswerAddresses.replyAddress("sakura-pta", KEY, 12345, "join.example.jp"))
                .isEqualTo("sakura-pta+" + detail + "@join.example.jp");
    }

    @Test
    void forgedOrOtherBroadcastsAddressIsRefused() {
        String detail = AnswerAddresses.detail(KEY, 12345);
        String otherId = detail.replace("r-" + Long.toString(12345, 36) + "-", "r-" + Long.toString(12346, 36) + "-");
        assertThat(AnswerAddresses.broadcastOf(otherId, KEY)).isEmpty();
        assertThat(AnswerAddresses.broadcastOf(detail, OTHER_KEY)).isEmpty();
        char last = detail.charAt(detail.length() - 1);
        String tampered = detail.substring(0, detail.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(AnswerAddresses.broadcastOf(tampered, KEY)).isEmpty();
        assertThat(AnswerAddresses.broadcastOf("r-9ix", KEY)).isEmpty();
        assertThat(AnswerAddresses.broadcastOf("post-abc", KEY)).isEmpty();
        assertThat(AnswerAddresses.broadcastOf(null, KEY)).isEmpty();
        assertThat(AnswerAddresses.isReply("post-abcdef")).isFalse();
    }

    @Test
    void localPartFitsSixtyFourCharactersWithTheLongestSlug() {
        String slug = "a".repeat(40);
        assertThat(AnswerAddresses.localPart(slug, KEY, 999_999_999L)).hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void answerLinkCarriesTheDeliveryTokenOfThatMember() {
        String token = new DeliveryToken(42, 7).sign(KEY, DeliveryToken.Purpose.ANSWER);
        String link = AnswerAddresses.link("https://renraku.example.jp/", token, 2);
        assertThat(link).isEqualTo("https://renraku.example.jp/member/answer.xhtml?t=" + token + "&c=2");
        assertThat(DeliveryToken.parse(token, KEY, DeliveryToken.Purpose.ANSWER)).contains(new DeliveryToken(42, 7));
        // another member's token cannot be made from this one
        String forged = token.replaceFirst("-7-", "-8-");
        assertThat(DeliveryToken.parse(forged, KEY, DeliveryToken.Purpose.ANSWER)).isEmpty();
        assertThat(DeliveryToken.parse(token, OTHER_KEY, DeliveryToken.Purpose.ANSWER)).isEmpty();
    }
}
