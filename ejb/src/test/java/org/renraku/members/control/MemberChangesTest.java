package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.renraku.members.control.TestAttributes.attribute;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.control.MemberChanges.Change;
import org.renraku.members.control.MemberChanges.Field;
import org.renraku.members.control.MemberChanges.State;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

class MemberChangesTest {

    private static final MemberAttribute GRADE = attribute(1, "学年", Kind.SINGLE, List.of("1年", "2年"), false, false);
    private static final MemberAttribute CLUBS = attribute(2, "部活", Kind.MULTI, List.of("野球", "美術"), false, false);
    private static final List<MemberAttribute> DEFINITIONS = List.of(GRADE, CLUBS);

    @Test
    void onlyTheChangedFieldsShouldBeListedInDefinitionOrderAndTheMemoWithoutItsText() {
        State before = new State("山田", Map.of(1L, List.of("1年"), 2L, List.of("野球")), "OTHER", "ja", "古いメモ", true);
        State after = new State("山田 花子", Map.of(2L, List.of("野球"), 1L, List.of("2年")), "DOCOMO", "en", "新しいメモ", true);

        List<Change> changes = MemberChanges.between(before, after, DEFINITIONS);

        assertThat(changes).containsExactly(
                new Change(Field.NAME, null, "山田", "山田 花子"),
                new Change(Field.ATTRIBUTE, "学年", "1年", "2年"),
                new Change(Field.CARRIER, null, "OTHER", "DOCOMO"),
                new Change(Field.LANGUAGE, null, "ja", "en"),
                new Change(Field.MEMO, null, null, null));
        assertThat(MemberChanges.auditDetail(changes)).isEqualTo(
                "name: 山田 → 山田 花子; 学年: 1年 → 2年; carrier: OTHER → DOCOMO; language: ja → en; memo: changed")
                .doesNotContain("メモ");
    }

    @Test
    void theSameValuesShouldGiveNoChangeAndARemovedValueShowsAsADash() {
        State same = new State("山田", Map.of(2L, List.of("野球", "美術")), "AU", "ja", null, true);
        assertThat(MemberChanges.between(same, same, DEFINITIONS)).isEmpty();

        List<Change> removed = MemberChanges.between(State.of("山田", Map.of(2L, List.of("野球", "美術"))),
                State.of("山田", Map.of()), DEFINITIONS);
        assertThat(removed).containsExactly(new Change(Field.ATTRIBUTE, "部活", "野球、美術", ""));
        assertThat(MemberChanges.auditDetail(removed)).isEqualTo("部活: 野球、美術 → -");
    }

    @Test
    void valuesOfAttributesTheNetworkNoLongerHasAreNotCompared() {
        assertThat(MemberChanges.between(State.of("山田", Map.of(99L, List.of("x"))), State.of("山田", Map.of()),
                DEFINITIONS)).isEmpty();
    }
}
