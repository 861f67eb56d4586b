package org.renraku.tokens.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PurgeExpiredTokensTest {

    @Test
    void graceShouldDefaultToZeroWhenUnset() {
        assertThat(PurgeExpiredTokens.parseGrace(null)).isZero();
        assertThat(PurgeExpiredTokens.parseGrace(" ")).isZero();
    }

    @Test
    void graceShouldNeverBeNegative() {
        assertThat(PurgeExpiredTokens.parseGrace("-5")).isZero();
        assertThat(PurgeExpiredTokens.parseGrace(" 30 ")).isEqualTo(30);
    }

    @Test
    void graceShouldRejectWhatIsNotANumber() {
        assertThatThrownBy(() -> PurgeExpiredTokens.parseGrace("soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soon");
    }
}
