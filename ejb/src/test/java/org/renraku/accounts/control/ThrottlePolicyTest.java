package org.renraku.accounts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.accounts.control.ThrottlePolicy.Verdict;

/** Throttling slows logins down, more with every failure, and never refuses one. */
class ThrottlePolicyTest {

    private static List<Instant> failures(int count) {
        return Collections.nCopies(count, Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void fewFailuresShouldLetTheAttemptThroughAtOnce() {
        assertThat(ThrottlePolicy.assess(failures(ThrottlePolicy.ACCOUNT_SLOW - 1), failures(ThrottlePolicy.CLIENT_SLOW - 1)))
                .isInstanceOf(Verdict.Allow.class);
    }

    @Test
    void failuresForTheAccountShouldSlowEachAttemptMoreUpToTheMaximum() {
        assertThat(ThrottlePolicy.assess(failures(3), failures(0))).isEqualTo(new Verdict.Slow(Duration.ofSeconds(1)));
        assertThat(ThrottlePolicy.assess(failures(4), failures(0))).isEqualTo(new Verdict.Slow(Duration.ofSeconds(2)));
        assertThat(ThrottlePolicy.assess(failures(5), failures(0))).isEqualTo(new Verdict.Slow(Duration.ofSeconds(4)));
        assertThat(ThrottlePolicy.assess(failures(6), failures(0))).isEqualTo(new Verdict.Slow(ThrottlePolicy.MAX_DELAY));
        assertThat(ThrottlePolicy.assess(failures(ThrottlePolicy.COUNTED), failures(0)))
                .isEqualTo(new Verdict.Slow(ThrottlePolicy.MAX_DELAY));
    }

    @Test
    void failuresFromTheClientShouldSlowEveryAccountFromItAndTheLongerDelayApplies() {
        assertThat(ThrottlePolicy.assess(failures(0), failures(ThrottlePolicy.CLIENT_SLOW)))
                .isEqualTo(new Verdict.Slow(Duration.ofSeconds(1)));
        assertThat(ThrottlePolicy.assess(failures(3), failures(ThrottlePolicy.CLIENT_SLOW + 2)))
                .isEqualTo(new Verdict.Slow(Duration.ofSeconds(4)));
    }

    @Test
    void noNumberOfFailuresShouldEverRefuseALogin() {
        for (int n = 0; n <= ThrottlePolicy.COUNTED; n++) {
            Verdict verdict = ThrottlePolicy.assess(failures(n), failures(n));
            assertThat(verdict).isInstanceOfAny(Verdict.Allow.class, Verdict.Slow.class);
            if (verdict instanceof Verdict.Slow slow) {
                assertThat(slow.delay()).isLessThanOrEqualTo(ThrottlePolicy.MAX_DELAY);
            }
        }
    }
}
