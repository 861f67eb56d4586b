package org.renraku.web.member;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalLinkCookieTest {

    @Test
    void aRememberedLinkShouldGiveBackItsMemberAndSignature() {
        assertThat(PersonalLinkCookie.parse("42.abc_DEF-123"))
                .contains(new PersonalLinkCookie.Remembered(42, "abc_DEF-123"));
    }

    @Test
    void anythingElseShouldBeIgnored() {
        for (String junk : new String[] {null, "", "42", "42.", ".abc", "x.abc", "42.a b", "42.<script>",
                "1234567890123456789.abc", "42.abc.def"}) {
            assertThat(PersonalLinkCookie.parse(junk)).as(String.valueOf(junk)).isEmpty();
        }
    }
}
