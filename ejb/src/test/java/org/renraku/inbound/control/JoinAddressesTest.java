package org.renraku.inbound.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JoinAddressesTest {

    private static MimeMessage mail(String... headers) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        for (int i = 0; i < headers.length; i += 2) {
            m.addHeader(headers[i], headers[i + 1]);
        }
        return m;
    }

    @Test
    void catchAllShouldFindTheNetworkFromTheEnvelopeRecipientFirst() throws Exception {
        MimeMessage m = mail("Delivered-To", "sakura-pta@join.renraku.test",
                "To", "\"PTA\" <other@join.renraku.test>");
        assertThat(JoinAddresses.slug(m, "join.renraku.test")).contains("sakura-pta");
    }

    @Test
    void catchAllShouldIgnoreOtherDomainsAndDetail() throws Exception {
        MimeMessage m = mail("To", "friend@example.jp, \"入会\" <Sakura-PTA+x@JOIN.renraku.test>");
        assertThat(JoinAddresses.slug(m, "join.renraku.test")).contains("sakura-pta");
        assertThat(JoinAddresses.slug(mail("To", "a@example.jp"), "join.renraku.test")).isEmpty();
    }

    @Test
    void catchAllShouldRouteAMembersReplyAddressWithItsAnswerTokenIntact() throws Exception {
        byte[] key = "test-delivery-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.renraku.broadcasts.control.DeliveryToken delivery = new org.renraku.broadcasts.control.DeliveryToken(4242, 77);
        String token = delivery.sign(key, org.renraku.broadcasts.control.DeliveryToken.Purpose.ANSWER);
        // a server may have upper-cased the local part on the way
        MimeMessage m = mail("Delivered-To", ("Sakura-PTA+r-" + token).toUpperCase() + "@join.renraku.test",
                "To", "\"PTA\" <sakura-pta@join.renraku.test>");
        String local = JoinAddresses.localPart(m, "join.renraku.test").orElseThrow();
        assertThat(JoinAddresses.slugOf(local)).isEqualTo("sakura-pta");
        assertThat(org.renraku.answers.control.AnswerAddresses.deliveryOf(JoinAddresses.detailOf(local).orElseThrow(),
                key)).contains(delivery);
    }

    @Test
    void thePostingAddressShouldKeepItsDetailInTheLocalPart() throws Exception {
        MimeMessage m = mail("Delivered-To", "Sakura-PTA+post-ABCDEFGH23456777@join.renraku.test");
        assertThat(JoinAddresses.localPart(m, "join.renraku.test")).contains("sakura-pta+post-abcdefgh23456777");
        assertThat(JoinAddresses.slug(m, "join.renraku.test")).contains("sakura-pta");
        assertThat(JoinAddresses.slugOf("sakura-pta+post-x")).isEqualTo("sakura-pta");
        assertThat(JoinAddresses.detailOf("sakura-pta+post-x")).contains("post-x");
        assertThat(JoinAddresses.detailOf("sakura-pta")).isEmpty();
        assertThat(JoinAddresses.detailOf("sakura-pta+")).isEmpty();
    }

    @Test
    void aHugeHeaderOfAddressCharactersWithoutAnAtSignShouldBeReadInLinearTime() throws Exception {
        // before: the address pattern retried the run from every character, 40 s for 100 KB
        MimeMessage m = mail("Delivered-To", "a".repeat(1_000_000), "To", "b".repeat(1_000_000) + "@",
                "Cc", "sakura-pta@join.renraku.test");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> assertThat(JoinAddresses.slug(m, "join.renraku.test")).contains("sakura-pta"));
    }
}
