package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberLinksTest {

    private static final byte[] KEY = "test secret of some length".getBytes(StandardCharsets.UTF_8);

    @Test
    void linkShouldCarryTheMemberIdAndItsSignature() {
        String link = MemberLinks.link("https://renraku.example", KEY, 42, 1);
        assertThat(link).startsWith("https://renraku.example/member/page.xhtml?m=42&s=")
                .endsWith(MemberLinks.sign(KEY, 42, 1));
        assertThat(MemberLinks.sign(KEY, 42, 1)).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void signatureShouldMatchOnlyItsMemberVersionAndKey() {
        String s = MemberLinks.sign(KEY, 42, 1);
        assertThat(MemberLinks.matches(KEY, 42, 1, s)).isTrue();
        assertThat(MemberLinks.matches(KEY, 43, 1, s)).as("another member").isFalse();
        assertThat(MemberLinks.matches(KEY, 42, 2, s)).as("a raised link version revokes it").isFalse();
        assertThat(MemberLinks.matches("another key".getBytes(StandardCharsets.UTF_8), 42, 1, s)).isFalse();
    }

    @Test
    void signatureShouldBeDeterministic() {
        assertThat(MemberLinks.sign(KEY, 7, 3)).isEqualTo(MemberLinks.sign(KEY, 7, 3));
        assertThat(MemberLinks.sign(KEY, 7, 3)).isNotEqualTo(MemberLinks.sign(KEY, 73, 3));
    }

    @Test
    void junkShouldNotMatch() {
        assertThat(MemberLinks.matches(KEY, 42, 1, null)).isFalse();
        assertThat(MemberLinks.matches(KEY, 42, 1, "")).isFalse();
        assertThat(MemberLinks.matches(KEY, 42, 1, "x".repeat(1000))).isFalse();
        String s = MemberLinks.sign(KEY, 42, 1);
        assertThat(MemberLinks.matches(KEY, 42, 1, s.substring(0, 42))).isFalse();
        assertThat(MemberLinks.matches(KEY, 42, 1, s + "A")).isFalse();
    }

    @Test
    void shortLinkShouldCarryTheIdAndTheSignatureCutTo96Bits() {
        String link = MemberLinks.shortLink("https://renraku.example", KEY, 42, 1);
        assertThat(link).isEqualTo("https://renraku.example/p/42." + MemberLinks.sign(KEY, 42, 1).substring(0, 16));
        String shortSignature = link.substring(link.lastIndexOf('.') + 1);
        assertThat(MemberLinks.Short.parse("42." + shortSignature))
                .contains(new MemberLinks.Short(42, shortSignature));
    }

    @Test
    void shortSignatureShouldMatchOnlyItsMemberVersionAndKey() {
        String s = MemberLinks.sign(KEY, 42, 1).substring(0, 16);
        assertThat(MemberLinks.matchesShort(KEY, 42, 1, s)).isTrue();
        assertThat(MemberLinks.matchesShort(KEY, 43, 1, s)).as("another member").isFalse();
        assertThat(MemberLinks.matchesShort(KEY, 42, 2, s)).as("a raised link version revokes it").isFalse();
        assertThat(MemberLinks.matchesShort("another key".getBytes(StandardCharsets.UTF_8), 42, 1, s)).isFalse();
        assertThat(MemberLinks.matchesShort(KEY, 42, 1, MemberLinks.sign(KEY, 42, 1)))
                .as("the full signature is not the short form").isFalse();
        assertThat(MemberLinks.matchesShort(KEY, 42, 1, null)).isFalse();
        assertThat(MemberLinks.matchesShort(KEY, 42, 1, s.substring(1) + "A")).isFalse();
    }

    @Test
    void shortPathsThatAreNotAnIdAndASixteenCharacterSignatureShouldNotParse() {
        for (String junk : new String[] {null, "", "42", "42.", ".abcdefghijklmnop", "x2.abcdefghijklmnop",
                "42.abc", "42.abcdefghijklmnopq", "-1.abcdefghijklmnop", "99999999999999999999.abcdefghijklmnop",
                "0.sample"}) {
            assertThat(MemberLinks.Short.parse(junk)).as(String.valueOf(junk)).isEmpty();
        }
    }
}
