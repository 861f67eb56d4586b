package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.renraku.mail.control.BounceKind;
import org.renraku.bounces.control.BounceReport;
import org.renraku.bounces.control.BounceResult;
import org.renraku.bounces.control.MailtoUnsubscribe;
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

    /** The one-click unsubscribe as the intake sees it: what it was asked, and what it answers. */
    private static final class RecordingUnsubscribes extends Unsubscribes {
        final List<String> asked = new java.util.ArrayList<>();
        Optional<Target> answer = Optional.empty();

        @Override
        public Optional<Target> unsubscribe(String token) {
            asked.add(token);
            return answer;
        }
    }

    private static BounceIntake intake(RecordingUnsubscribes unsubscribes) {
        BounceIntake intake = new BounceIntake();
        intake.unsubscribes = unsubscribes;
        return intake;
    }

    @Test
    void aMailtoUnsubscribeWithAVerifiedTokenShouldLeaveThroughTheOneClickUnsubscribe() {
        RecordingUnsubscribes one = new RecordingUnsubscribes();
        one.answer = Optional.of(new Unsubscribes.Target("さくら小PTA", false));

        BounceIntake.Result result = intake(one).unsubscribe(new MailtoUnsubscribe(Optional.of("1b-2s-token")), true);

        assertThat(one.asked).containsExactly("1b-2s-token");
        assertThat(result).isEqualTo(new BounceIntake.Result(BounceIntake.Disposition.UNSUBSCRIBED,
                BounceIntake.UNSUBSCRIBE_DONE, 0));
        assertThat(result.quarantine()).isFalse();
    }

    @Test
    void aSecondMailtoUnsubscribeOfTheSameMemberShouldBeRecordedAsChangingNothing() {
        RecordingUnsubscribes one = new RecordingUnsubscribes();
        one.answer = Optional.of(new Unsubscribes.Target("さくら小PTA", true));

        BounceIntake.Result result = intake(one).unsubscribe(new MailtoUnsubscribe(Optional.of("1b-2s-token")), true);

        assertThat(result).isEqualTo(new BounceIntake.Result(BounceIntake.Disposition.UNSUBSCRIBED,
                BounceIntake.UNSUBSCRIBE_AGAIN, 0));
    }

    @Test
    void aMailtoUnsubscribeWithoutAVerifiedTokenShouldBeQuarantinedWithItsReasonAndAskNobody() {
        RecordingUnsubscribes one = new RecordingUnsubscribes();
        BounceIntake intake = intake(one);

        assertThat(intake.unsubscribe(new MailtoUnsubscribe(Optional.empty()), false)).isEqualTo(
                new BounceIntake.Result(BounceIntake.Disposition.QUARANTINED, BounceIntake.UNSUBSCRIBE_NO_TOKEN, 0));
        assertThat(intake.unsubscribe(new MailtoUnsubscribe(Optional.of("1b-2s-aaaaaaaaaaaaaaaa")), false)).isEqualTo(
                new BounceIntake.Result(BounceIntake.Disposition.QUARANTINED, BounceIntake.UNSUBSCRIBE_FORGED, 0));
        assertThat(one.asked).isEmpty();
        // verified, but its broadcast or member is gone (or of two networks): the one-click call changed nothing
        assertThat(intake.unsubscribe(new MailtoUnsubscribe(Optional.of("1b-2s-token")), true)).isEqualTo(
                new BounceIntake.Result(BounceIntake.Disposition.QUARANTINED, BounceIntake.UNSUBSCRIBE_GONE, 0));
        assertThat(BounceIntake.UNSUBSCRIBE_FORGED.length()).isLessThanOrEqualTo(255);
    }
}
