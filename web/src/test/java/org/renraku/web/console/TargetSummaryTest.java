package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.answers.boundary.AnswerTargets;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.control.RecipientFilter.MemberMode;
import org.renraku.broadcasts.entity.AnswerKind;

class TargetSummaryTest {

    private static final Map<Long, String> ATTRIBUTES = Map.of(3L, "学年", 4L, "クラス");
    private static final Map<Long, String> MEMBERS = Map.of(41L, "田中 花子", 57L, "佐藤 一郎", 60L, "鈴木 次郎",
            61L, "高橋 三郎");
    private static final Map<Long, AnswerTargets.Asked> ASKED = Map.of(9L, new AnswerTargets.Asked(9, "運動会の出欠",
            AnswerKind.CHOICE, List.of("出席", "欠席"), Instant.parse("2026-05-01T00:00:00Z")));

    private static String ja(RecipientFilter f) {
        return new TargetSummary(Locale.JAPANESE, ATTRIBUTES, MEMBERS, ASKED).of(f);
    }

    private static String en(RecipientFilter f) {
        return new TargetSummary(Locale.ENGLISH, ATTRIBUTES, MEMBERS, ASKED).of(f);
    }

    @Test
    void valuesOfOneAttributeReadAsOrAndAttributesAsAnd() {
        RecipientFilter f = new RecipientFilter(List.of(), Map.of(3L, List.of("1年", "2年"), 4L, List.of("2組")));
        assertThat(ja(f)).isEqualTo("学年: 1年 または 2年 かつ クラス: 2組");
        assertThat(en(f)).isEqualTo("学年: 1年 or 2年 and クラス: 2組");
    }

    @Test
    void noConditionIsEveryActiveMember() {
        assertThat(ja(RecipientFilter.all())).isEqualTo("有効な会員全員");
        assertThat(en(RecipientFilter.all())).isEqualTo("All active members");
    }

    @Test
    void carriersAndAnAnswerStatusNameTheirCarriersAndTheEarlierBroadcast() {
        RecipientFilter f = new RecipientFilter(List.of("DOCOMO", "AU"), Map.of(3L, List.of("3年")),
                new AnswerStatus(9, AnswerStatus.Status.CHOICE, 2));
        assertThat(ja(f)).isEqualTo("学年: 3年 かつ 携帯会社: docomo または au かつ 「運動会の出欠」の回答: 「欠席」と回答");
        assertThat(ja(RecipientFilter.all().withAnswers(new AnswerStatus(9, AnswerStatus.Status.UNANSWERED, null))))
                .isEqualTo("「運動会の出欠」の回答: 未回答");
        assertThat(en(RecipientFilter.all().withAnswers(new AnswerStatus(12, AnswerStatus.Status.ANSWERED, null))))
                .isEqualTo("Answers to \"broadcast #12\": answered");
    }

    @Test
    void handPickedMembersAreNamedAndJoinedAsTheirModeCombinesThem() {
        RecipientFilter grades = new RecipientFilter(List.of(), Map.of(3L, List.of("1年")));
        assertThat(ja(grades.withMembers(List.of(41L, 57L), MemberMode.ALSO)))
                .isEqualTo("学年: 1年、さらに 個別に選んだ 2 人 (田中 花子、佐藤 一郎)");
        assertThat(ja(grades.withMembers(List.of(41L, 57L), MemberMode.ONLY)))
                .isEqualTo("個別に選んだ 2 人 (田中 花子、佐藤 一郎) かつ 学年: 1年");
        assertThat(en(grades.withMembers(List.of(41L), MemberMode.ALSO)))
                .isEqualTo("学年: 1年, and also 1 picked (田中 花子)");
        // alone, both modes are just those members
        assertThat(ja(RecipientFilter.all().withMembers(List.of(41L), MemberMode.ONLY)))
                .isEqualTo("個別に選んだ 1 人 (田中 花子)");
    }

    @Test
    void manyPickedMembersShowTheFirstNamesAndHowManyMore() {
        RecipientFilter f = RecipientFilter.all().withMembers(List.of(41L, 57L, 60L, 61L, 99L), MemberMode.ALSO);
        assertThat(ja(f)).isEqualTo("個別に選んだ 5 人 (田中 花子、佐藤 一郎、鈴木 次郎 ほか 2 人)");
        assertThat(en(f)).isEqualTo("5 picked (田中 花子, 佐藤 一郎, 鈴木 次郎 and 2 more)");
    }

    @Test
    void aDeletedAttributeOrMemberIsShownAsDeletedNeverLeftOut() {
        RecipientFilter f = new RecipientFilter(List.of(), Map.of(77L, List.of("赤"))).withMembers(List.of(99L),
                MemberMode.ONLY);
        assertThat(ja(f)).isEqualTo("個別に選んだ 1 人 (削除された会員 (#99)) かつ 削除された属性 (#77): 赤");
    }
}
