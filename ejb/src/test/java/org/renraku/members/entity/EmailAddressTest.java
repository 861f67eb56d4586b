package org.renraku.members.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"taro..yamada@docomo.ne.jp", "hanako.@ezweb.ne.jp", ".dot.first@softbank.ne.jp",
            "a+tag@gmail.com", "o'brien@example.co.jp"})
    void shouldAcceptLegacyJapaneseCarrierAddressesThatBreakRfc5322(String raw) {
        assertThat(EmailAddress.of(raw).value()).isEqualTo(raw);
    }

    @Test
    void shouldNormaliseToLowerCaseAndTrim() {
        assertThat(EmailAddress.of("  Taro@DoCoMo.NE.jp ").value()).isEqualTo("taro@docomo.ne.jp");
    }

    @Test
    void shouldSplitLocalPartAndDomain() {
        EmailAddress address = EmailAddress.of("hanako@i.softbank.jp");
        assertThat(address.localPart()).isEqualTo("hanako");
        assertThat(address.domain()).isEqualTo("i.softbank.jp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "@docomo.ne.jp", "taro@", "taro@localhost", "taro@-bad.jp",
            "taro yamada@docomo.ne.jp", "taro@docomo..ne.jp", "<taro>@docomo.ne.jp", "太郎@docomo.ne.jp"})
    void shouldRejectWhatNoServerDelivers(String raw) {
        assertThat(EmailAddress.isValid(raw)).isFalse();
        assertThatThrownBy(() -> EmailAddress.of(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectNull() {
        assertThat(EmailAddress.isValid(null)).isFalse();
    }
}
