package org.renraku.bounces.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.control.DeliveryToken;

class MailtoUnsubscribeTest {

    private static final String DOMAIN = "bounce.renraku.test";
    private static final byte[] KEY = "test-delivery-secret".getBytes(StandardCharsets.UTF_8);
    private static final String TOKEN = new DeliveryToken(4242, 77).sign(KEY, DeliveryToken.Purpose.UNSUBSCRIBE);

    private static byte[] mail(String headers) {
        return (headers + "Subject: unsubscribe\r\nMessage-ID: <m1@phone.example.jp>\r\n\r\nunsubscribe\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<MailtoUnsubscribe> recognise(byte[] raw) {
        return MailtoUnsubscribe.of(raw, "unsubscribe", DOMAIN);
    }

    @Test
    void aMailDeliveredToTheUnsubscribeAddressShouldCarryTheTokenThatVerifiesForUnsubscribe() {
        byte[] raw = mail("Delivered-To: unsubscribe+" + TOKEN + "@" + DOMAIN + "\r\n"
                + "From: someone-else@example.jp\r\nTo: <unsubscribe+" + TOKEN + "@" + DOMAIN + ">\r\n");

        Optional<MailtoUnsubscribe> found = recognise(raw);

        assertThat(found).isPresent();
        assertThat(found.get().token()).contains(TOKEN);
        assertThat(found.get().token().flatMap(t -> DeliveryToken.parse(t, KEY, DeliveryToken.Purpose.UNSUBSCRIBE)))
                .contains(new DeliveryToken(4242, 77));
    }

    @Test
    void theMailboxAndDomainShouldMatchWithoutCaseAndTheTokenSurviveAnUpperCasedLocalPart() {
        byte[] raw = mail("Delivered-To: " + ("UNSUBSCRIBE+" + TOKEN).toUpperCase() + "@Bounce.Renraku.TEST\r\n");

        assertThat(recognise(raw).flatMap(MailtoUnsubscribe::token)
                .flatMap(t -> DeliveryToken.parse(t, KEY, DeliveryToken.Purpose.UNSUBSCRIBE)))
                .contains(new DeliveryToken(4242, 77));
    }

    @Test
    void theEnvelopeRecipientShouldDecideNotAnAddressInTheHeadersBelowIt() {
        // a bounce delivered to its VERP address whose To (or a Delivered-To its sender wrote) names the unsubscribe
        // address is a bounce; and the topmost Delivered-To, written by our own server, wins over a forged one
        String verp = "bounce+1b-2s-abcdefghijklmnop@" + DOMAIN;
        assertThat(recognise(mail("Delivered-To: " + verp + "\r\nTo: unsubscribe+" + TOKEN + "@" + DOMAIN + "\r\n")))
                .isEmpty();
        assertThat(recognise(mail("Delivered-To: " + verp + "\r\nDelivered-To: unsubscribe+" + TOKEN + "@" + DOMAIN
                + "\r\n"))).isEmpty();
        assertThat(recognise(mail("Delivered-To: unsubscribe+" + TOKEN + "@" + DOMAIN + "\r\nDelivered-To: " + verp
                + "\r\n")).flatMap(MailtoUnsubscribe::token)).contains(TOKEN);
    }

    @Test
    void withoutAnEnvelopeHeaderTheToAddressInTheBounceDomainShouldBeRead() {
        byte[] raw = mail("From: taro@example.jp\r\nTo: \"配信停止\" <unsubscribe+" + TOKEN + "@" + DOMAIN + ">\r\n");

        assertThat(recognise(raw).flatMap(MailtoUnsubscribe::token)).contains(TOKEN);
    }

    @Test
    void bouncesComplaintsAndMailForOtherDomainsShouldNotBeUnsubscribes() {
        assertThat(recognise(mail("Delivered-To: bounce+1b-2s-abcdefghijklmnop@" + DOMAIN + "\r\n"))).isEmpty();
        assertThat(recognise(mail("Delivered-To: bounce@" + DOMAIN + "\r\n"))).isEmpty();
        assertThat(recognise(mail("Delivered-To: unsubscribe+" + TOKEN + "@join.renraku.test\r\n"))).isEmpty();
        assertThat(recognise(mail("Delivered-To: unsubscribe+" + TOKEN + "@evil" + DOMAIN + "\r\n"))).isEmpty();
        assertThat(recognise(mail("Delivered-To: unsubscribers+" + TOKEN + "@" + DOMAIN + "\r\n"))).isEmpty();
        assertThat(recognise(mail("From: x@example.jp\r\n"))).isEmpty();
    }

    @Test
    void theBareUnsubscribeMailboxShouldBeRecognisedWithoutAToken() {
        assertThat(recognise(mail("Delivered-To: unsubscribe@" + DOMAIN + "\r\n"))).contains(
                new MailtoUnsubscribe(Optional.empty()));
        assertThat(recognise(mail("Delivered-To: unsubscribe+@" + DOMAIN + "\r\n"))).contains(
                new MailtoUnsubscribe(Optional.empty()));
    }

    @Test
    void garbageOrOtherPurposeTokensShouldBeRecognisedButNeverVerify() {
        String answer = new DeliveryToken(4242, 77).sign(KEY, DeliveryToken.Purpose.ANSWER);
        String bounce = new DeliveryToken(4242, 77).sign(KEY, DeliveryToken.Purpose.BOUNCE);
        for (String token : new String[] {answer, bounce, "1b-2s-aaaaaaaaaaaaaaaa", "..--..", "x".repeat(500)}) {
            Optional<String> presented = recognise(mail("Delivered-To: unsubscribe+" + token + "@" + DOMAIN + "\r\n"))
                    .flatMap(MailtoUnsubscribe::token);
            assertThat(presented).as(token).isPresent();
            assertThat(DeliveryToken.parse(presented.get(), KEY, DeliveryToken.Purpose.UNSUBSCRIBE)).as(token).isEmpty();
        }
    }

    @Test
    void hostileHeadersShouldNeverThrowNorTakeLong() {
        String huge = "a".repeat(2_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(recognise(mail("Delivered-To: " + huge + "\r\nTo: " + huge + "@\r\n"))).isEmpty();
            assertThat(recognise(mail("Delivered-To: " + huge + "+x@" + DOMAIN + "\r\n"))).isEmpty();
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                many.append("Delivered-To: someone").append(i).append("@example.jp\r\n");
            }
            assertThat(recognise(mail(many + "Delivered-To: unsubscribe+" + TOKEN + "@" + DOMAIN + "\r\n"))
                    .flatMap(MailtoUnsubscribe::token)).contains(TOKEN);
        });
        assertThat(recognise(new byte[0])).isEmpty();
        assertThat(recognise(new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n'})).isEmpty();
        assertThat(recognise(null)).isEmpty();
        assertThat(MailtoUnsubscribe.of(mail("Delivered-To: unsubscribe+" + TOKEN + "@" + DOMAIN + "\r\n"), "", DOMAIN))
                .isEmpty();
    }
}
