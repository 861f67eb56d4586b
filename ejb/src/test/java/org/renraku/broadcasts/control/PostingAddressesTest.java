package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.control.PostingAddresses.Kind;

class PostingAddressesTest {

    private static final byte[] KEY = "posting-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSecretShouldBeSixteenLowerCaseBase32CharactersPerSenderAndVersion() {
        String s = PostingAddresses.secret(KEY, Kind.MEMBER, 42, 0);

        assertThat(s).matches("[a-z2-7]{16}");
        assertThat(PostingAddresses.secret(KEY, Kind.MEMBER, 42, 0)).isEqualTo(s);
        assertThat(PostingAddresses.secret(KEY, Kind.MEMBER, 42, 1)).as("regenerated").isNotEqualTo(s);
        assertThat(PostingAddresses.secret(KEY, Kind.ADMIN, 42, 0)).as("an admin with the same id").isNotEqualTo(s);
        assertThat(PostingAddresses.secret(KEY, Kind.MEMBER, 43, 0)).isNotEqualTo(s);
        assertThat(PostingAddresses.secret("other".getBytes(StandardCharsets.UTF_8), Kind.MEMBER, 42, 0)).isNotEqualTo(s);
    }

    @Test
    void theAddressShouldCarryTheSecretInThePlusDetailOfTheJoinAddress() {
        assertThat(PostingAddresses.address("sakura-pta", "abcdefgh23456777", "join.renraku.test"))
                .isEqualTo("sakura-pta+post-abcdefgh23456777@join.renraku.test");
        assertThat(PostingAddresses.secretOf("post-ABCDEFGH23456777")).contains("abcdefgh23456777");
        assertThat(PostingAddresses.secretOf("post")).isEmpty();
        assertThat(PostingAddresses.secretOf("post-")).isEmpty();
        assertThat(PostingAddresses.isPosting("post")).isTrue();
        assertThat(PostingAddresses.isPosting("poster")).isFalse();
        assertThat(PostingAddresses.isPosting("join")).isFalse();
        assertThat(PostingAddresses.isPosting(null)).isFalse();
    }

    @Test
    void secretsShouldBeComparedIgnoringCase() {
        String s = PostingAddresses.secret(KEY, Kind.ADMIN, 1, 3);
        assertThat(PostingAddresses.matches(s, s.toUpperCase())).isTrue();
        assertThat(PostingAddresses.matches(s, s.substring(1))).isFalse();
        assertThat(PostingAddresses.matches(s, null)).isFalse();
    }
}
