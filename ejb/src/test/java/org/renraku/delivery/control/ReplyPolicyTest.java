package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.ReplyPolicy.Verdict;

class ReplyPolicyTest {

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void repliesShouldParseWithAndWithoutEnhancedCodes() {
        assertThat(reply("250 2.0.0 Ok: queued as 4F2")).isEqualTo(new SmtpReply(250, "2.0.0", "Ok: queued as 4F2"));
        assertThat(reply("550 User unknown")).isEqualTo(new SmtpReply(550, null, "User unknown"));
        assertThat(reply("421-4.7.0 Try again later\r\n421 4.7.0 closing connection"))
                .isEqualTo(new SmtpReply(421, "4.7.0", "Try again later closing connection"));
        assertThat(SmtpReply.parse("hello")).isEmpty();
        assertThat(SmtpReply.parse(null)).isEmpty();
        assertThat(reply("550 5.1.1 <a@b>: Recipient address rejected").toString())
                .isEqualTo("550 5.1.1 <a@b>: Recipient address rejected");
    }

    @Test
    void twoHundredsShouldBeSent() {
        assertThat(ReplyPolicy.classify(reply("250 2.0.0 Ok"), 0, null, T0).verdict()).isEqualTo(Verdict.SENT);
    }

    @Test
    void fourHundredsShouldBeRetriedAfter5Then15MinutesThenAnHourThenEvery4Hours() {
        SmtpReply busy = reply("451 4.3.0 Temporary local problem");
        Instant now = T0;
        Duration[] expected = {Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(4), Duration.ofHours(4)};
        for (int i = 0; i < expected.length; i++) {
            ReplyPolicy.Outcome o = ReplyPolicy.classify(busy, i, T0, now);
            assertThat(o.verdict()).isEqualTo(Verdict.DEFERRED);
            assertThat(Duration.between(now, o.retryAt())).as("deferral %d", i + 1).isEqualTo(expected[i]);
            assertThat(o.bounceKind()).isNull();
            now = o.retryAt();
        }
    }

    @Test
    void fourHundredsShouldBecomeASoftFailureAfter24Hours() {
        SmtpReply busy = reply("450 4.2.1 Mailbox busy");
        // the last retry is put on the 24 h mark, not beyond it
        ReplyPolicy.Outcome late = ReplyPolicy.classify(busy, 6, T0, T0.plus(Duration.ofHours(22)));
        assertThat(late.retryAt()).isEqualTo(T0.plus(Duration.ofHours(24)));

        ReplyPolicy.Outcome end = ReplyPolicy.classify(busy, 7, T0, T0.plus(Duration.ofHours(24)));
        assertThat(end.verdict()).isEqualTo(Verdict.SOFT_FAILED);
        assertThat(end.retryAt()).isNull();
    }

    @Test
    void fiveHundredsShouldFailWithABounceOfTheRightKind() {
        assertThat(failed("550 5.1.1 <x@docomo.ne.jp>: Recipient address rejected: User unknown"))
                .isEqualTo(ReplyPolicy.Refusal.HARD);
        assertThat(failed("550 Unknown user x@ezweb.ne.jp")).isEqualTo(ReplyPolicy.Refusal.HARD);
        assertThat(failed("552 5.2.2 Mailbox full")).isEqualTo(ReplyPolicy.Refusal.SOFT);
        assertThat(failed("552 5.3.4 Message size exceeds fixed limit")).isEqualTo(ReplyPolicy.Refusal.SOFT);
        assertThat(failed("550 5.7.1 Our system has detected an unusual rate of unsolicited mail"))
                .isEqualTo(ReplyPolicy.Refusal.BLOCKED);
        assertThat(failed("554 Service unavailable; Client host blocked using zen.spamhaus.org"))
                .isEqualTo(ReplyPolicy.Refusal.BLOCKED);
        assertThat(failed("554 Transaction failed")).isEqualTo(ReplyPolicy.Refusal.SOFT);
    }

    @Test
    void connectionErrorsShouldBeRetriedSoonThenBackOffAndEndAfter24Hours() {
        assertThat(ReplyPolicy.connectionFailed(0, null, T0).retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(ReplyPolicy.connectionFailed(1, T0, T0).retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(ReplyPolicy.connectionFailed(9, T0, T0).retryAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(ReplyPolicy.connectionFailed(9, T0, T0.plus(Duration.ofDays(1))).verdict())
                .isEqualTo(Verdict.SOFT_FAILED);
    }

    @Test
    void throttlingShouldBeRecognisedByCodeEnhancedCodeAndText() {
        assertThat(ReplyPolicy.isThrottling(reply("421 Too many connections"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply("421 4.7.0 Try again later"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply("450 4.7.1 Client host rejected"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply("550 5.7.1 Message rejected"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply(
                "452 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional"
                        + " messages from being delivered. rate limited"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply("451 Message temporarily deferred - [TSS04]"))).isTrue();
        assertThat(ReplyPolicy.isThrottling(reply("452 4.5.3 Too many recipients"))).isTrue();

        assertThat(ReplyPolicy.isThrottling(reply("250 2.0.0 Ok"))).isFalse();
        assertThat(ReplyPolicy.isThrottling(reply("450 4.2.0 Greylisted, please try again later"))).isFalse();
        assertThat(ReplyPolicy.isThrottling(reply("550 5.1.1 User unknown"))).isFalse();
        assertThat(ReplyPolicy.isThrottling(reply("552 5.2.2 Mailbox quota exceeded"))).isFalse();
    }

    private static ReplyPolicy.Refusal failed(String line) {
        ReplyPolicy.Outcome o = ReplyPolicy.classify(reply(line), 0, null, T0);
        assertThat(o.verdict()).as(line).isEqualTo(Verdict.FAILED);
        return o.bounceKind();
    }

    private static SmtpReply reply(String line) {
        return SmtpReply.parse(line).orElseThrow();
    }
}
