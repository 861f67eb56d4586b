package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.control.DeliveryToken;

class AnswerAddressesTest {

    private static final byte[] KEY = "test-delivery-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another-secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void replyAddressCarriesTheAnswerTokenOfOneRecipient() {
        String token = new DeliveryToken(12345, 678).sign(KEY, DeliveryToken.Purpose.ANSWER);
        assertThat(AnswerAddresses.replyAddress("sakura-pta", token, "join.example.jp"))
                .isEqualTo("sakura-pta+r-" + token + "@join.example.jp");
        String detail = AnswerAddresses.detail(token);
        assertThat(AnswerAddresses.isReply(detail)).isTrue();
        assertThat(AnswerAddresses.deliveryOf(detail, KEY)).contains(new DeliveryToken(12345, 678));
        // servers may change the case of a local part
        assertThat(AnswerAddresses.deliveryOf(detail.toUpperCase(), KEY)).contains(new DeliveryToken(12345, 678));
    }

    @Test
    void replyDetailWithAnotherMembersIdOrAnotherPurposeOrKeyIsRefused() {
        DeliveryToken delivery = new DeliveryToken(12345, 678);
        String token = delivery.sign(KEY, DeliveryToken.Purpose.ANSWER);
        String otherMember = token.replaceFirst("-" + Long.toString(678, 36) + "-", "-" + Long.toString(679, 36) + "-");
        assertThat(AnswerAddresses.deliveryOf("r-" + otherMember, KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf("r-" + token, OTHER_KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf("r-" + delivery.sign(KEY, DeliveryToken.Purpose.BOUNCE), KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf("r-" + delivery.sign(KEY, DeliveryToken.Purpose.UNSUBSCRIBE), KEY))
                .isEmpty();
        char last = token.charAt(token.length() - 1);
        assertThat(AnswerAddresses.deliveryOf("r-" + token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a'),
                KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf(token, KEY)).as("without the r- prefix").isEmpty();
        assertThat(AnswerAddresses.deliveryOf("post-abc", KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf("r-", KEY)).isEmpty();
        assertThat(AnswerAddresses.deliveryOf(null, KEY)).isEmpty();
        assertThat(AnswerAddresses.isReply("post-abcdef")).isFalse();
    }

    @Test
    void theRetiredSharedAddressOfABroadcastIsRecognisedButNamesNoRecipient() {
        String shared = AnswerAddresses.sharedDetail(KEY, 12345);
        assertThat(shared).matches("r-[0-9a-z]+-[a-z2-7]{13}");
        assertThat(AnswerAddresses.isReply(shared)).isTrue();
        assertThat(AnswerAddresses.isSharedReply(shared, KEY)).isTrue();
        assertThat(AnswerAddresses.isSharedReply(shared.toUpperCase(), KEY)).isTrue();
        assertThat(AnswerAddresses.deliveryOf(shared, KEY)).isEmpty();
        assertThat(AnswerAddresses.isSharedReply(shared, OTHER_KEY)).isFalse();
        String answerDetail = "r-" + new DeliveryToken(12345, 678).sign(KEY, DeliveryToken.Purpose.ANSWER);
        assertThat(AnswerAddresses.isSharedReply(answerDetail, KEY)).isFalse();
        assertThat(AnswerAddresses.isSharedReply("r-zzzzzzzzzzzzz-aaaaaaaaaaaaa", KEY)).isFalse();
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
