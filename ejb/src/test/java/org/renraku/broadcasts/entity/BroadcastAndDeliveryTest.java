package org.renraku.broadcasts.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.delivery.entity.Delivery;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;

class BroadcastAndDeliveryTest {

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Network NETWORK = new Network("sakura-pta", "さくら小学校PTA", T0);

    @Test
    void aDraftShouldTakeComposeFieldsAndAScheduledBroadcastShouldNot() {
        Broadcast b = new Broadcast(NETWORK, null, " 休校のお知らせ ", "本文", T0);
        b.sender("さくら小PTA\r\nBcc: x@evil.test", " office@sakura.test ", T0);
        b.charset(MailCharset.ISO_2022_JP, T0);
        b.useHtml("<p>本文</p>", T0);
        b.urgent(true, T0);
        b.schedule(T0.plusSeconds(60), RepeatRule.monthly(15, 9, 0), T0.plusSeconds(1));

        assertThat(b.subject()).isEqualTo("休校のお知らせ");
        assertThat(b.fromName()).contains("さくら小PTABcc: x@evil.test");
        assertThat(b.replyTo()).contains("office@sakura.test");
        assertThat(b.charset()).isEqualTo(MailCharset.ISO_2022_JP);
        assertThat(b.status()).isEqualTo(Broadcast.Status.SCHEDULED);
        assertThat(b.repeatRule()).contains(RepeatRule.monthly(15, 9, 0));
        assertThat(b.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThatThrownBy(() -> b.edit("x", "y")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.urgent(false, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.sendingBy(5, T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeliveryShouldSnapshotTheAddressAndCarrierGroupAndCountAttempts() {
        Member member = new Member(NETWORK, EmailAddress.of("taro..yamada.@ymobile.ne.jp"), "山田 太郎", T0);
        Broadcast b = new Broadcast(NETWORK, null, "件名", "本文", T0);
        Delivery d = new Delivery(b, member, T0);

        assertThat(d.email().value()).isEqualTo("taro..yamada.@ymobile.ne.jp");
        assertThat(d.carrierGroup()).isEqualTo(CarrierGroup.SOFTBANK);
        assertThat(d.status()).isEqualTo(Delivery.Status.PENDING);

        d.deferred(451, "451 4.3.0 busy", T0.plusSeconds(300), T0);
        d.sent(250, "250 ok " + "x".repeat(600), T0.plusSeconds(300));

        assertThat(d.status()).isEqualTo(Delivery.Status.SENT);
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.firstAttemptAt()).contains(T0);
        assertThat(d.sentAt()).contains(T0.plusSeconds(300));
        assertThat(d.nextAttemptAt()).isEmpty();
        assertThat(d.smtpReply()).hasSize(Delivery.REPLY_MAX);

        Delivery refused = new Delivery(b, member, T0);
        refused.failed(550, "550 5.1.1 unknown", true, T0);
        assertThat(refused.status()).isEqualTo(Delivery.Status.FAILED);
        Delivery expired = new Delivery(b, member, T0);
        expired.failed(451, "451 busy", false, T0);
        assertThat(expired.status()).isEqualTo(Delivery.Status.SOFT_FAILED);
    }
}
