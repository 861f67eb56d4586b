package org.renraku.members.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.renraku.members.entity.Member;

class MemberNamesTest {

    @Test
    void controlCharactersShouldBeRemovedAndBlanksStripped() {
        assertThat(Members.checkedName(" 山田\r\n花子\t")).isEqualTo("山田花子");
        assertThat(Members.checkedName("山田\u200b 花子")).as("zero-width characters too").isEqualTo("山田 花子");
        assertThat(Member.cleanName(null)).isEmpty();
    }

    @Test
    void emptyTooLongOrMarkupNamesShouldBeRefusedWithTheirKey() {
        assertThatThrownBy(() -> Members.checkedName(" \r\n ")).isInstanceOfSatisfying(MemberException.class,
                e -> assertThat(e.key()).isEqualTo(MemberException.NAME_INVALID));
        assertThatThrownBy(() -> Members.checkedName("あ".repeat(200))).isInstanceOfSatisfying(MemberException.class,
                e -> {
                    assertThat(e.key()).isEqualTo(MemberException.NAME_TOO_LONG);
                    assertThat(e.arguments()).containsExactly("100");
                });
        assertThatThrownBy(() -> Members.checkedName("<script>alert(1)</script>"))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.NAME_MARKUP));
        assertThat(Members.checkedName("あ".repeat(100))).hasSize(100);
    }
}
