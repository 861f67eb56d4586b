package org.renraku.tokens.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenDigestTest {

    @Test
    void tokensShouldBeUrlSafeAndDistinct() {
        String a = TokenDigest.newToken();
        String b = TokenDigest.newToken();
        assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    }

    @Test
    void digestShouldBeSha256Hex() {
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        assertThat(TokenDigest.digest("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
