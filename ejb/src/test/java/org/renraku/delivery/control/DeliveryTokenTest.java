package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryTokenTest {

    private static final byte[] KEY = "k1".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedTokenShouldParseBackToItsDelivery() {
        DeliveryToken token = new DeliveryToken(123_456, 9_876_543_210L);
        String text = token.sign(KEY);

        assertThat(text).matches("[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}");
        assertThat(DeliveryToken.parse(text, KEY)).contains(token);
    }

    @Test
    void aTokenShouldSurviveAMailServerChangingItsCase() {
        String text = new DeliveryToken(5, 7).sign(KEY);

        assertThat(DeliveryToken.parse(text.toUpperCase(), KEY)).contains(new DeliveryToken(5, 7));
    }

    @Test
    void aTokenForAnotherMemberOrUnderAnotherKeyShouldBeRefused() {
        String text = new DeliveryToken(5, 7).sign(KEY);
        String otherMember = "5-8-" + text.substring(text.lastIndexOf('-') + 1);

        assertThat(DeliveryToken.parse(otherMember, KEY)).isEmpty();
        assertThat(DeliveryToken.parse(text, "k2".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void junkShouldBeRefusedWithoutAnException() {
        for (String junk : new String[] {null, "", "abc", "5-7", "5-7-short", "0-7-aaaaaaaaaaaaaaaa",
            "zzzzzzzzzzzzz-7-aaaaaaaaaaaaaaaa", "5-7-aaaaaaaaaaaaaaaa1", "x".repeat(1000)}) {
            assertThat(DeliveryToken.parse(junk, KEY)).as(String.valueOf(junk)).isEmpty();
        }
    }

    @Test
    void theVerpAddressShouldCarryTheTokenAndGiveItBack() {
        String token = new DeliveryToken(42, 1001).sign(KEY);
        String verp = VerpAddress.of("bounce", token, "bounce.renraku.test");

        assertThat(verp).isEqualTo("bounce+" + token + "@bounce.renraku.test");
        assertThat(VerpAddress.tokenOf("<" + verp.toUpperCase() + ">", "bounce", "bounce.renraku.test"))
                .hasValueSatisfying(t -> assertThat(DeliveryToken.parse(t, KEY)).contains(new DeliveryToken(42, 1001)));
        assertThat(VerpAddress.tokenOf(verp, "bounce", "other.test")).isEmpty();
        assertThat(VerpAddress.tokenOf("bounce+@bounce.renraku.test", "bounce", "bounce.renraku.test")).isEmpty();
        assertThat(VerpAddress.tokenOf("someone@bounce.renraku.test", "bounce", "bounce.renraku.test")).isEmpty();
        assertThat(VerpAddress.tokenOf(null, "bounce", "bounce.renraku.test")).isEmpty();
    }
}
