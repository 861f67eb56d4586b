package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressMaskTest {

    @Test
    void keepsTwoCharactersAndTheDomain() {
        assertThat(AddressMask.mask("taro.yamada@docomo.ne.jp")).isEqualTo("ta***@docomo.ne.jp");
    }

    @Test
    void shortLocalPartsAreNeverShownWhole() {
        assertThat(AddressMask.mask("a@x.jp")).isEqualTo("***@x.jp");
        assertThat(AddressMask.mask("ab@x.jp")).isEqualTo("a***@x.jp");
        assertThat(AddressMask.mask("abc@x.jp")).isEqualTo("ab***@x.jp");
        assertThat(AddressMask.mask("abcd@x.jp")).isEqualTo("ab***@x.jp");
    }

    @Test
    void legacyDocomoAddressAndOddInput() {
        assertThat(AddressMask.mask("taro..yamada.@docomo.ne.jp")).isEqualTo("ta***@docomo.ne.jp");
        assertThat(AddressMask.mask(null)).isEmpty();
        assertThat(AddressMask.mask("noat")).isEqualTo("***");
    }
}
