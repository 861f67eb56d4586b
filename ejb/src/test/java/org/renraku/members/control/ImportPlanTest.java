package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.renraku.members.control.TestAttributes.attribute;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.control.ImportPlan.Outcome;
import org.renraku.members.control.ImportPlan.Row;
import org.renraku.members.control.MemberChanges.Change;
import org.renraku.members.control.MemberChanges.Field;
import org.renraku.members.control.MemberCsv.Encoding;
import org.renraku.members.control.MemberCsv.Existing;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/** The CSV update mode (「既存の会員を更新する」): which line adds, updates, leaves alone or is refused, and why. */
class ImportPlanTest {

    private static final MemberAttribute GRADE = attribute(1, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), true, false);
    private static final MemberAttribute CLUBS = attribute(2, "部活", Kind.MULTI, List.of("野球", "吹奏楽", "美術"), false, false);
    private static final MemberAttribute NOTE = attribute(3, "連絡事項", Kind.TEXT, null, false, true);
    private static final List<MemberAttribute> DEFINITIONS = List.of(GRADE, CLUBS, NOTE);

    private static final Map<String, Existing> EXISTING = Map.of(
            "hanako@gmail.com", new Existing(10, "山﨑 花子", Map.of(1L, List.of("1年"), 2L, List.of("野球"))),
            "taro@docomo.ne.jp", new Existing(11, "髙橋 太郎", Map.of(1L, List.of("2年"), 3L, List.of("兄が3年"))),
            "jiro@au.com", new Existing(12, "佐藤 次郎", Map.of(1L, List.of("3年"))));

    @Test
    void eachLineShouldBeNewUpdateUnchangedOrRefusedWithTheChangedFieldsOldToNew() {
        ImportPlan plan = plan(csv("名前,メールアドレス,学年,部活,連絡事項",
                "山﨑 花子,HANAKO@gmail.com,2年,野球、美術,",
                "髙橋 太郎,taro@docomo.ne.jp,2年,,",
                "新人 三郎,saburo@ezweb.ne.jp,1年,,",
                "佐藤 次郎,jiro@au.com,4年,,",
                "鈴木 四郎,shiro@gmail.com,,,"));

        assertThat(plan.rows()).extracting(Row::lineNumber, Row::outcome).containsExactly(
                tuple(2, Outcome.UPDATE), tuple(3, Outcome.UNCHANGED), tuple(4, Outcome.NEW),
                tuple(5, Outcome.REFUSED), tuple(6, Outcome.REFUSED));
        assertThat(plan.rows().get(0).changes()).containsExactly(
                new Change(Field.ATTRIBUTE, "学年", "1年", "2年"),
                new Change(Field.ATTRIBUTE, "部活", "野球", "野球、美術"));
        assertThat(plan.rows().get(0).line().memberId()).isEqualTo(10L);
        assertThat(plan.rows().get(2).line().memberId()).isNull();
        assertThat(plan.rows().get(3).problem().reason()).isEqualTo("csv.error.attributeInvalid");
        assertThat(plan.rows().get(3).problem().details()).containsExactly("学年", "4年", "1年、2年、3年");
        assertThat(plan.rows().get(4).problem().reason()).isEqualTo("csv.error.attributeRequired"); // a new member needs it
        assertThat(plan.clean()).isFalse();
        assertThat(plan.count(Outcome.UPDATE)).isEqualTo(1);
        assertThat(plan.changing()).extracting(Row::lineNumber).containsExactly(2, 4);
    }

    @Test
    void blankCellsAndMissingColumnsShouldLeaveTheStoredValuesUnchanged() {
        ImportPlan plan = plan(csv("名前,メールアドレス,部活",
                ",hanako@gmail.com,",
                "髙橋 太郎 (父),taro@docomo.ne.jp,吹奏楽"));

        Row hanako = plan.rows().get(0);
        assertThat(hanako.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(hanako.line().name()).isEqualTo("山﨑 花子");
        assertThat(hanako.line().attributes()).isEqualTo(Map.of(1L, List.of("1年"), 2L, List.of("野球")));

        Row taro = plan.rows().get(1);
        assertThat(taro.outcome()).isEqualTo(Outcome.UPDATE);
        assertThat(taro.changes()).containsExactly(
                new Change(Field.NAME, null, "髙橋 太郎", "髙橋 太郎 (父)"),
                new Change(Field.ATTRIBUTE, "部活", "", "吹奏楽"));
        // the admin-only note and the grade had no cell: kept as stored
        assertThat(taro.line().attributes()).isEqualTo(Map.of(1L, List.of("2年"), 2L, List.of("吹奏楽"), 3L, List.of("兄が3年")));
        assertThat(plan.clean()).isTrue();
    }

    @Test
    void withoutTheUpdateModeAnExistingAddressIsStillRefused() {
        MemberCsv.Parsed parsed = MemberCsv.parse(csv("名前,メールアドレス,学年", "山﨑 花子,hanako@gmail.com,2年"),
                Encoding.UTF_8, EXISTING.keySet(), DEFINITIONS);
        assertThat(parsed.valid()).isEmpty();
        assertThat(parsed.problems()).extracting(MemberCsv.Problem::reason).containsExactly("csv.error.exists");
    }

    @Test
    void aBlankNameOfANewAddressIsStillRefusedAndTheSameAddressTwiceIsADuplicate() {
        ImportPlan plan = plan(csv("名前,メールアドレス,学年",
                ",new@gmail.com,1年",
                "山﨑 花子,hanako@gmail.com,3年",
                "山﨑 花子,hanako@gmail.com,2年"));
        assertThat(plan.rows()).extracting(Row::outcome, r -> r.problem() == null ? null : r.problem().reason())
                .containsExactly(tuple(Outcome.REFUSED, "csv.error.nameRequired"), tuple(Outcome.UPDATE, null),
                        tuple(Outcome.REFUSED, "csv.error.duplicateInFile"));
    }

    private static ImportPlan plan(byte[] csv) {
        return ImportPlan.of(MemberCsv.parseForUpdate(csv, Encoding.UTF_8, EXISTING, DEFINITIONS), EXISTING, DEFINITIONS);
    }

    private static byte[] csv(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
