package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.bounces.control.BounceKind;
import org.renraku.bounces.control.BounceReport;
import org.renraku.bounces.control.BounceResult;
import org.renraku.delivery.entity.BounceEvent;

class BounceIntakeTest {

    private static BounceResult result(BounceKind kind, String reason) {
        return new BounceResult("taro@example.jp", kind, reason, "", "", "", "");
    }

    private static BounceReport report(boolean complaint, BounceResult... results) {
        return new BounceReport(List.of(results), complaint, List.of(), "", Map.of(), "");
    }

    @Test
    void kindsShouldSeparateRefusalsOfUsFromBadAddresses() {
        assertThat(BounceIntake.kind(report(false), result(BounceKind.HARD, "userunknown"))).isEqualTo(BounceEvent.Kind.HARD);
        assertThat(BounceIntake.kind(report(false), result(BounceKind.SOFT, "mailboxfull"))).isEqualTo(BounceEvent.Kind.SOFT);
        assertThat(BounceIntake.kind(report(false), result(BounceKind.SOFT, "blocked"))).isEqualTo(BounceEvent.Kind.BLOCKED);
        assertThat(BounceIntake.kind(report(false), result(BounceKind.HARD, "spamdetected"))).isEqualTo(BounceEvent.Kind.BLOCKED);
        // filtered stays a bounce of the address: the policy asks the member to allow our domain (指定受信)
        assertThat(BounceIntake.kind(report(false), result(BounceKind.SOFT, "filtered"))).isEqualTo(BounceEvent.Kind.SOFT);
        assertThat(BounceIntake.kind(report(true), result(BounceKind.NONE, "feedback"))).isEqualTo(BounceEvent.Kind.COMPLAINT);
        assertThat(BounceIntake.kind(report(false), result(BounceKind.NONE, "vacation"))).isEqualTo(BounceEvent.Kind.NONE);
    }

    @Test
    void onlyAutoRepliesAndSuccessReportsAreKnownNotToBeBounces() {
        assertThat(BounceIntake.recognised(report(false, result(BounceKind.NONE, "vacation")))).isTrue();
        assertThat(BounceIntake.recognised(report(false, result(BounceKind.NONE, "delivered")))).isTrue();
        assertThat(BounceIntake.recognised(report(false, result(BounceKind.NONE, "undefined")))).isFalse();
        assertThat(BounceIntake.recognised(report(false))).isFalse();
    }

    @Test
    void aDeliveryShouldCountOnceWithItsMostSeriousResult() {
        BounceReport r = report(false, result(BounceKind.SOFT, "mailboxfull"), result(BounceKind.HARD, "userunknown"),
                result(BounceKind.NONE, "delivered"));
        assertThat(BounceIntake.worst(r).reason()).isEqualTo("userunknown");
        assertThat(BounceIntake.worst(report(false)).kind()).isEqualTo(BounceKind.NONE);
    }

    @Test
    void theBounceMailsOwnMessageIdShouldBeFoundInItsHeadersOnly() {
        byte[] mail = ("From: x@y\r\nMessage-ID:\r\n <abc@mx.example>\r\nSubject: s\r\n\r\nMessage-ID: <body@x>\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(BounceIntake.messageId(mail)).isEqualTo("<abc@mx.example>");
        assertThat(BounceIntake.messageId("Subject: s\n\nMessage-ID: <b@x>\n".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(BounceIntake.sha256(new byte[0])).hasSize(64);
    }
}
