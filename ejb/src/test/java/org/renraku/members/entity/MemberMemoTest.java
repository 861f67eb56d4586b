package org.renraku.members.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 役員メモ as stored: lines kept, other control and format characters gone, a limit on its length. */
class MemberMemoTest {

    @Test
    void lineBreaksShouldBeKeptAsLfAndOtherControlCharactersRemoved() {
        assertThat(Member.cleanMemo("  兄が3年\r\n\u0007アレルギー:\tそば\u200B\r祖母がお迎え\u2028 "))
                .isEqualTo("兄が3年\nアレルギー:そば\n祖母がお迎え");
    }

    @Test
    void aBlankMemoShouldBeNone() {
        assertThat(Member.cleanMemo(" \r\n\t")).isNull();
        assertThat(Member.cleanMemo(null)).isNull();
    }

    @Test
    void aMemoOverTheLimitShouldBeRefused() {
        Member member = new Member(networkless(), EmailAddress.of("a@gmail.com"), "花子", Instant.EPOCH);
        member.writeMemo("あ".repeat(Member.MEMO_MAX), Instant.EPOCH);
        assertThat(member.adminMemo()).hasSize(Member.MEMO_MAX);
        assertThatThrownBy(() -> member.writeMemo("あ".repeat(Member.MEMO_MAX + 1), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(member.adminMemo()).hasSize(Member.MEMO_MAX);
    }

    @Test
    void anAdminsCarrierMarkShouldHoldUntilTheAddressChanges() {
        Member member = new Member(networkless(), EmailAddress.of("hanako@example.jp"), "花子", Instant.EPOCH);
        assertThat(member.carrier()).isEqualTo(Carrier.OTHER);
        member.markCarrier(Carrier.DOCOMO, Instant.EPOCH);
        assertThat(member.carrier()).isEqualTo(Carrier.DOCOMO);
        member.changeEmail(EmailAddress.of("hanako@ezweb.ne.jp"), Instant.EPOCH);
        assertThat(member.carrier()).isEqualTo(Carrier.AU);
    }

    private static org.renraku.networks.entity.Network networkless() {
        return new org.renraku.networks.entity.Network("pta", "PTA", Instant.EPOCH);
    }
}
