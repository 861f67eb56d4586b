package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.renraku.members.control.TestAttributes.attribute;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

class AttributeValuesTest {

    private static final MemberAttribute GRADE = attribute(1, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), true, false);
    private static final MemberAttribute CLUBS = attribute(2, "部活", Kind.MULTI, List.of("野球", "サッカー", "吹奏楽"), false, false);
    private static final MemberAttribute NOTE = attribute(3, "備考", Kind.TEXT, null, false, false);
    private static final MemberAttribute SECRET = attribute(4, "管理メモ", Kind.TEXT, null, true, true);
    private static final List<MemberAttribute> ALL = List.of(GRADE, CLUBS, NOTE, SECRET);

    @Test
    void validValuesShouldBeCleanedAndKeptInTheOrderOfTheChoices() {
        Map<Long, List<String>> clean = AttributeValues.clean(ALL,
                Map.of(1L, List.of("2年"), 2L, List.of("吹奏楽", "野球", "野球"), 3L, List.of(" 兄が\r\n3年 ")),
                Map.of(), true);
        assertThat(clean).containsEntry(1L, List.of("2年")).containsEntry(2L, List.of("野球", "吹奏楽"))
                .containsEntry(3L, List.of("兄が3年")).doesNotContainKey(4L);
    }

    @Test
    void missingRequiredAttributeShouldBeRefusedWithItsLabel() {
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(3L, List.of("x")), Map.of(), true))
                .isInstanceOfSatisfying(MemberException.class, e -> {
                    assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_REQUIRED);
                    assertThat(e.arguments()).containsExactly("学年");
                });
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(1L, List.of("  ")), Map.of(), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_REQUIRED));
    }

    @Test
    void adminOnlyAttributeShouldKeepItsStoredValueWhenAMemberSubmits() {
        Map<Long, List<String>> clean = AttributeValues.clean(ALL,
                Map.of(1L, List.of("1年"), 4L, List.of("forged by the member")),
                Map.of(4L, List.of("admin note")), true);
        assertThat(clean).containsEntry(4L, List.of("admin note"));
    }

    @Test
    void adminOnlyRequiredAttributeShouldBeRequiredFromAnAdmin() {
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(1L, List.of("1年")), Map.of(), false))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.arguments()).containsExactly("管理メモ"));
    }

    @Test
    void unknownChoiceShouldBeRefused() {
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(1L, List.of("4年")), Map.of(), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_INVALID));
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(1L, List.of("1年"), 2L, List.of("卓球")), Map.of(), true))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.arguments()).containsExactly("部活"));
        assertThatThrownBy(() -> AttributeValues.clean(ALL, Map.of(1L, List.of("1年", "2年")), Map.of(), true))
                .isInstanceOf(MemberException.class);
    }

    @Test
    void tooLongTextShouldBeRefused() {
        assertThatThrownBy(() -> AttributeValues.clean(ALL,
                Map.of(1L, List.of("1年"), 3L, List.of("あ".repeat(AttributeValues.TEXT_MAX + 1))), Map.of(), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_TOO_LONG));
    }

    @Test
    void definitionShouldNeedALabelAndChoicesForChoiceKinds() {
        assertThatThrownBy(() -> attribute(9, " \n", Kind.TEXT, null, false, false))
                .hasMessage("attributes.error.label");
        assertThatThrownBy(() -> attribute(9, "x".repeat(51), Kind.TEXT, null, false, false))
                .hasMessage("attributes.error.label");
        assertThatThrownBy(() -> attribute(9, "クラス", Kind.SINGLE, List.of(" ", ""), false, false))
                .hasMessage("attributes.error.choicesMissing");
        assertThat(attribute(9, "クラス", Kind.MULTI, List.of("A組\nB組\n\nA組"), false, false).choices())
                .containsExactly("A組", "B組");
    }
}
