package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.bounces.control.BounceKind;
import org.renraku.bounces.control.BounceReport;
import org.renraku.bounces.control.BounceResult;
import org.renraku.bounces.entity.BounceEvent;

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

    private static BounceResult about(String recipient, BounceKind kind, String reason) {
        return new BounceResult(recipient, kind, reason, "", "", "", "");
    }

    @Test
    void aTokenProvenReportShouldActOnlyOnTheAddressItsDeliveryWentTo() {
        BounceReport dsn = report(false, about("hanako@example.jp", BounceKind.HARD, "userunknown"));
        assertThat(BounceIntake.about(dsn, "taro@example.jp")).as("a token of Taro's mail naming Hanako").isEmpty();
        assertThat(BounceIntake.about(dsn, "Hanako@Example.JP")).as("servers change the case").hasSize(1);
        assertThat(BounceIntake.about(dsn, "<hanako@example.jp>")).hasSize(1);
    }

    @Test
    void aComplaintNamingAnotherMemberThanItsTokensDeliveryShouldProveNothing() {
        BounceReport arf = report(true, about("victim@example.jp", BounceKind.NONE, "feedback"));
        assertThat(BounceIntake.about(arf, "attacker@example.jp")).isEmpty();
    }

    @Test
    void aReportNamingSeveralRecipientsShouldCountOnlyTheResultForTheDeliveredAddress() {
        BounceReport r = report(false, about("alias@example.jp", BounceKind.HARD, "userunknown"),
                about("taro@example.jp", BounceKind.SOFT, "mailboxfull"));
        assertThat(BounceIntake.worst(BounceIntake.about(r, "taro@example.jp")).reason()).isEqualTo("mailboxfull");
    }

    @Test
    void aReportNamingNoRecipientShouldBeProvenByItsTokenAlone() {
        BounceReport r = report(true, about("", BounceKind.NONE, "feedback"));
        assertThat(BounceIntake.about(r, "taro@example.jp")).hasSize(1);
    }

    @Test
    void addressesShouldCompareWithoutCaseOrAngleBracketsButNeverMatchNothing() {
        assertThat(BounceIntake.sameAddress(" <Taro@Example.jp> ", "taro@example.jp")).isTrue();
        assertThat(BounceIntake.sameAddress("taro@example.jp", "taro@example.jp.evil")).isFalse();
        assertThat(BounceIntake.sameAddress(null, "taro@example.jp")).isFalse();
    }

    private static final BounceIntake.Delivery TO_TARO = new BounceIntake.Delivery(1, 2, "taro@example.jp", "taro@example.jp");

    @Test
    void aReportWithoutAValidTokenShouldChangeNobodyWhateverNetworkOrAddressItNames() {
        BounceReport forged = new BounceReport(List.of(about("taro@example.jp", BounceKind.HARD, "userunknown")),
                false, List.of("bounce@renraku.test"), "<orig@renraku.test>", Map.of("X-Renraku-Network", "1"), "");
        assertThat(BounceIntake.unproven(forged, null)).contains(BounceIntake.NO_TOKEN);
        BounceReport arf = new BounceReport(List.of(about("taro@example.jp", BounceKind.NONE, "feedback")), true,
                List.of(), "", Map.of("X-Renraku-Network", "1"), "");
        assertThat(BounceIntake.unproven(arf, null)).contains(BounceIntake.NO_TOKEN);
    }

    @Test
    void aTokenForOneMemberNamingAnotherShouldBeQuarantinedAsForAnotherAddress() {
        BounceReport arf = report(true, about("hanako@example.jp", BounceKind.NONE, "feedback"));
        assertThat(BounceIntake.unproven(arf, TO_TARO)).contains(BounceIntake.OTHER_ADDRESS);
    }

    @Test
    void aTokenNamingItsOwnRecipientOrNoneShouldAct() {
        assertThat(BounceIntake.unproven(report(false, about("TARO@example.jp", BounceKind.HARD, "userunknown")), TO_TARO))
                .isEmpty();
        assertThat(BounceIntake.unproven(report(true, about("", BounceKind.NONE, "feedback")), TO_TARO)).isEmpty();
    }

    @Test
    void aBounceOfAnAddressTheMemberNoLongerHasShouldChangeNobody() {
        BounceIntake.Delivery moved = new BounceIntake.Delivery(1, 2, "taro@example.jp", "taro@new.example.jp");
        assertThat(BounceIntake.unproven(report(false, about("taro@example.jp", BounceKind.HARD, "userunknown")), moved))
                .contains(BounceIntake.ADDRESS_CHANGED);
    }
}
