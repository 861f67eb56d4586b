package org.renraku.platform.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochSecondsTest {

    @Test
    void decimalsWholeNumbersAndNullShouldBeRead() {
        assertThat(EpochSeconds.instant(new BigDecimal("1795737600.123")))
                .isEqualTo(Instant.parse("2026-11-27T00:00:00.123Z"));
        assertThat(EpochSeconds.instant(1795737600L)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(EpochSeconds.instant(null)).isNull();
        assertThatThrownBy(() -> EpochSeconds.instant("2026-11-27")).isInstanceOf(IllegalArgumentException.class);
    }
}
