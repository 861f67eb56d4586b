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

    @ParameterizedTest
    @ValueSource(strings = {"\"taro yamada\"@example.jp", "\"a@b\"@example.jp", "\"say \\\"hi\\\"\"@example.jp"})
    void shouldAcceptQuotedLocalPartsAsRfc5321AllowsThem(String raw) {
        EmailAddress address = EmailAddress.of(raw);
        assertThat(address.value()).isEqualTo(raw);
        assertThat(address.domain()).isEqualTo("example.jp");
        assertThat(address.localPart()).startsWith("\"").endsWith("\"");
    }

    @Test
    void shouldDropQuotesAroundALocalPartThatNeedsNone() {
        assertThat(EmailAddress.of("\"Taro\"@example.jp").value()).isEqualTo("taro@example.jp");
        assertThat(EmailAddress.of("\"taro..yamada.\"@docomo.ne.jp")).isEqualTo(EmailAddress.of("taro..yamada.@docomo.ne.jp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unterminated@example.jp", "\"tab\there\"@example.jp", "\"\u592a\u90ce\"@example.jp",
            "\"a\"b@example.jp", "\"\\\"@example.jp"})
    void shouldRejectBrokenOrNonAsciiQuotedLocalParts(String raw) {
        assertThat(EmailAddress.isValid(raw)).as(raw).isFalse();
    }

    @Test
    void shouldStoreAnInternationalisedDomainAsItsALabel() {
        assertThat(EmailAddress.of("user@\u4f8b\u3048.jp").value()).isEqualTo("user@xn--r8jz45g.jp");
        assertThat(EmailAddress.of("User@\u4F8B\u3048\u3002JP").value()).as("ideographic full stop, upper case")
                .isEqualTo("user@xn--r8jz45g.jp");
        assertThat(EmailAddress.of("user@xn--r8jz45g.jp")).isEqualTo(EmailAddress.of("user@\u4f8b\u3048.jp"));
        assertThat(EmailAddress.isValid("user@\u4f8b\u3048..jp")).isFalse();
        assertThat(EmailAddress.isValid("user@\u4f8b_\u3048.jp")).isFalse();
    }

    @Test
    void shouldKeepLegacyDocomoAddressesValid() {
        assertThat(EmailAddress.of("taro..yamada.@docomo.ne.jp").value()).isEqualTo("taro..yamada.@docomo.ne.jp");
        assertThat(EmailAddress.of("..taro@docomo.ne.jp").localPart()).isEqualTo("..taro");
    }
}
