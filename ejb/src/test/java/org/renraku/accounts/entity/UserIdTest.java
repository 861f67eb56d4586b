package org.renraku.accounts.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin", "pta_2026", "sakura-school.office"})
    void shouldAcceptHalfWidthLettersDigitsAndPunctuation(String raw) {
        assertThat(new UserId(raw).value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "ａｄｍｉｎ", "管理者", "-admin", "has space", ""})
    void shouldRejectFullWidthShortOrOddIds(String raw) {
        assertThat(UserId.isValid(raw)).isFalse();
        assertThatThrownBy(() -> new UserId(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
