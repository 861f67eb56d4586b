package org.renraku.tokens.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.renraku.tokens.control.TokenDigest;

class OneTimeTokenTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

    private static OneTimeToken reset() {
        return new OneTimeToken(TokenDigest.digest(TokenDigest.newToken()), TokenPurpose.PASSWORD_RESET, 1L,
                "admin", NOW);
    }

    @Test
    void passwordResetShouldExpireAfterThirtyMinutes() {
        assertThat(reset().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void tokenShouldBeRedeemableOnlyOnce() {
        OneTimeToken token = reset();
        assertThat(token.redeem(NOW.plusSeconds(60))).isTrue();
        assertThat(token.redeem(NOW.plusSeconds(61))).isFalse();
        assertThat(token.used()).isTrue();
    }

    @Test
    void tokenShouldNotBeRedeemableAtOrAfterExpiry() {
        assertThat(reset().redeem(NOW.plus(Duration.ofMinutes(30)))).isFalse();
    }
}
