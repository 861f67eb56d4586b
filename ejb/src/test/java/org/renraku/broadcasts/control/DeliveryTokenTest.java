package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryTokenTest {

    private static final byte[] KEY = "k1".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedTokenShouldParseBackToItsDelivery() {
        DeliveryToken token = new DeliveryToken(123_456, 9_876_543_210L);
        String text = token.sign(KEY, DeliveryToken.Purpose.BOUNCE);

        assertThat(text).matches("[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}");
        assertThat(DeliveryToken.parse(text, KEY, DeliveryToken.Purpose.BOUNCE)).contains(token);
    }

    @Test
    void aTokenShouldSurviveAMailServerChangingItsCase() {
        String text = new DeliveryToken(5, 7).sign(KEY, DeliveryToken.Purpose.BOUNCE);

        assertThat(DeliveryToken.parse(text.toUpperCase(), KEY, DeliveryToken.Purpose.BOUNCE)).contains(new DeliveryToken(5, 7));
    }

    @Test
    void aTokenForAnotherMemberOrUnderAnotherKeyShouldBeRefused() {
        String text = new DeliveryToken(5, 7).sign(KEY, DeliveryToken.Purpose.BOUNCE);
        String otherMember = "5-8-" + text.substring(text.lastIndexOf('-') + 1);

        assertThat(DeliveryToken.parse(otherMember, KEY, DeliveryToken.Purpose.BOUNCE)).isEmpty();
        assertThat(DeliveryToken.parse(text, "k2".getBytes(StandardCharsets.UTF_8), DeliveryToken.Purpose.BOUNCE)).isEmpty();
    }

    @Test
    void aTokenShouldBeRefusedForAnotherPurpose() {
        DeliveryToken delivery = new DeliveryToken(5, 7);
        String bounce = delivery.sign(KEY, DeliveryToken.Purpose.BOUNCE);
        String unsubscribe = delivery.sign(KEY, DeliveryToken.Purpose.UNSUBSCRIBE);
        String answer = delivery.sign(KEY, DeliveryToken.Purpose.ANSWER);

        assertThat(java.util.Set.of(bounce, unsubscribe, answer)).hasSize(3);
        assertThat(DeliveryToken.parse(answer, KEY, DeliveryToken.Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(DeliveryToken.parse(answer, KEY, DeliveryToken.Purpose.BOUNCE)).isEmpty();
        assertThat(DeliveryToken.parse(bounce, KEY, DeliveryToken.Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(DeliveryToken.parse(bounce, KEY, DeliveryToken.Purpose.ANSWER)).isEmpty();
        assertThat(DeliveryToken.parse(unsubscribe, KEY, DeliveryToken.Purpose.BOUNCE)).isEmpty();
        assertThat(DeliveryToken.parse(unsubscribe, KEY, DeliveryToken.Purpose.UNSUBSCRIBE)).contains(delivery);
    }

    @Test
    void junkShouldBeRefusedWithoutAnException() {
        for (String junk : new String[] {null, "", "abc", "5-7", "5-7-short", "0-7-aaaaaaaaaaaaaaaa",
            "zzzzzzzzzzzzz-7-aaaaaaaaaaaaaaaa", "5-7-aaaaaaaaaaaaaaaa1", "x".repeat(1000)}) {
            assertThat(DeliveryToken.parse(junk, KEY, DeliveryToken.Purpose.BOUNCE)).as(String.valueOf(junk)).isEmpty();
        }
    }

    @Test
    void theVerpAddressShouldCarryTheTokenAndGiveItBack() {
        String token = new DeliveryToken(42, 1001).sign(KEY, DeliveryToken.Purpose.BOUNCE);
        String verp = VerpAddress.of("bounce", token, "bounce.renraku.test");

        assertThat(verp).isEqualTo("bounce+" + token + "@bounce.renraku.test");
        assertThat(VerpAddress.tokenOf("<" + verp.toUpperCase() + ">", "bounce", "bounce.renraku.test"))
                .hasValueSatisfying(t -> assertThat(DeliveryToken.parse(t, KEY, DeliveryToken.Purpose.BOUNCE)).contains(new DeliveryToken(42, 1001)));
        assertThat(VerpAddress.tokenOf(verp, "bounce", "other.test")).isEmpty();
        assertThat(VerpAddress.tokenOf("bounce+@bounce.renraku.test", "bounce", "bounce.renraku.test")).isEmpty();
        assertThat(VerpAddress.tokenOf("someone@bounce.renraku.test", "bounce", "bounce.renraku.test")).isEmpty();
        assertThat(VerpAddress.tokenOf(null, "bounce", "bounce.renraku.test")).isEmpty();
    }
}
