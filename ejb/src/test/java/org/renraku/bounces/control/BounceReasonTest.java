package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import org.renraku.mail.control.BounceReason;
import org.renraku.mail.control.BounceReasons;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.ReplyPolicy;
import org.renraku.delivery.control.SmtpReply;

/** One vocabulary: the same reply gets the same reason and kind at send time and in a DSN; the precedence holds. */
class BounceReasonTest {

    private final BounceClassifier classifier = new BounceClassifier();

    private BounceResult dsn(String status, String diagnostic) {
        return classifier.classify(BounceClassifierBudgetTest.dsn("kijitora@example.jp", diagnostic)
                .replace("Status: 5.1.1", "Status: " + status).getBytes(StandardCharsets.UTF_8)).results().get(0);
    }

    @Test
    void sendTimeFiveFiftyFiveOneOneAndADsnWithStatusFiveOneOneGiveTheSameReasonAndKind() {
        SmtpReply reply = SmtpReply.parse("550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown")
                .orElseThrow();
        BounceResult inDsn = dsn("5.1.1", "smtp; 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown");

        BounceReason atSend = ReplyPolicy.reason(reply);

        assertThat(atSend).isEqualTo(BounceReason.USERUNKNOWN);
        assertThat(inDsn.reason()).isEqualTo(atSend.code());
        assertThat(inDsn.kind()).isEqualTo(BounceKind.HARD).isEqualTo(atSend.kind(false));
        assertThat(ReplyPolicy.classify(reply, 0, null, Instant.EPOCH).bounceKind()).isEqualTo(ReplyPolicy.Refusal.HARD);
    }

    @Test
    void sendTimeMailboxFullAndTheSameDsnAgreeOnSoftMailboxFull() {
        SmtpReply reply = SmtpReply.parse("552 5.2.2 <kijitora@example.jp>: Mailbox full").orElseThrow();
        BounceResult inDsn = dsn("5.2.2", "smtp; 552 5.2.2 <kijitora@example.jp>: Mailbox full");

        assertThat(ReplyPolicy.reason(reply)).isEqualTo(BounceReason.MAILBOXFULL);
        assertThat(inDsn.reason()).isEqualTo("mailboxfull");
        assertThat(inDsn.kind()).isEqualTo(BounceKind.SOFT);
        assertThat(ReplyPolicy.classify(reply, 0, null, Instant.EPOCH).bounceKind()).isEqualTo(ReplyPolicy.Refusal.SOFT);
    }

    @Test
    void statusCodeComesBeforeTheTextExceptWhereTheTextNamesABetterReason() {
        // 5.2.2 alone says mailbox full, whatever the words
        assertThat(BounceReasons.decide(new BounceReasons.Facts(null, "5.2.2", "550 sorry", "SMTP", "RCPT", "failed",
                "550"))).isEqualTo(BounceReason.MAILBOXFULL);
        // a 5.1.1 whose text says relaying is denied is a relay refusal, not a dead address
        assertThat(BounceReasons.decide(new BounceReasons.Facts(null, "5.1.1", "554 5.1.1 relay access denied", "SMTP",
                "RCPT", "failed", "554"))).isEqualTo(BounceReason.NORELAYING);
    }

    @Test
    void replyCodeDecidesWhenThereIsNoStatusAndNoKnownText() {
        assertThat(BounceReasons.decide(new BounceReasons.Facts(null, "", "503 bad sequence", "SMTP", "DATA", "failed",
                "503"))).isEqualTo(BounceReason.SYNTAXERROR);
    }

    @Test
    void unknownTextNeverGivesAHardBounce() {
        BounceReason r = BounceReasons.decide(new BounceReasons.Facts(null, "", "something odd happened", "SMTP", "",
                "failed", ""));

        assertThat(r).isEqualTo(BounceReason.ONHOLD);
        assertThat(r.kind(false)).isEqualTo(BounceKind.SOFT);
        assertThat(BounceReasons.decide(new BounceReasons.Facts(null, "", "", "SMTP", "", "failed", "")))
                .isEqualTo(BounceReason.UNDEFINED);
    }

    @Test
    void hardAndSoftFollowSisimaiFour() {
        assertThat(BounceReason.USERUNKNOWN.kind(true)).isEqualTo(BounceKind.HARD);
        assertThat(BounceReason.HOSTUNKNOWN.kind(false)).isEqualTo(BounceKind.HARD);
        assertThat(BounceReason.HASMOVED.kind(false)).isEqualTo(BounceKind.HARD);
        assertThat(BounceReason.NOTACCEPT.kind(false)).isEqualTo(BounceKind.HARD);
        assertThat(BounceReason.NOTACCEPT.kind(true)).isEqualTo(BounceKind.SOFT);
        assertThat(BounceReason.MAILBOXFULL.kind(false)).isEqualTo(BounceKind.SOFT);
        assertThat(BounceReason.VACATION.kind(false)).isEqualTo(BounceKind.NONE);
        assertThat(BounceReason.BLOCKED.refusesOurTraffic()).isTrue();
        assertThat(BounceReason.USERUNKNOWN.refusesOurTraffic()).isFalse();
    }
}
