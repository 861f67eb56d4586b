package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.control.MemberChanges;

class ImportViewTest {

    private static final java.util.function.UnaryOperator<String> JA =
            key -> org.renraku.web.i18n.Messages.text(java.util.Locale.JAPANESE, key);

    @Test
    void attributesOfAPreviewLineAreListedInTheOrderOfTheDefinitions() {
        Map<Long, String> labels = new LinkedHashMap<>();
        labels.put(7L, "学年");
        labels.put(3L, "部活");
        labels.put(9L, "備考");

        assertThat(ImportView.attributeText(Map.of(3L, List.of("野球", "吹奏楽"), 7L, List.of("1年")), labels))
                .isEqualTo("学年: 1年 / 部活: 野球、吹奏楽");
        assertThat(ImportView.attributeText(Map.of(), labels)).isEmpty();
    }

    @Test
    void aChangeOfTheUpdatePreviewReadsFieldColonOldArrowNewWithNoneForAnEmptyValue() {
        assertThat(ImportView.changeText(new MemberChanges.Change(MemberChanges.Field.ATTRIBUTE, "学年", "1年", "2年"),
                "(なし)", JA)).isEqualTo("学年: 1年 → 2年");
        assertThat(ImportView.changeText(new MemberChanges.Change(MemberChanges.Field.ATTRIBUTE, "部活", "", "野球、美術"),
                "(なし)", JA)).isEqualTo("部活: (なし) → 野球、美術");
        assertThat(ImportView.changeText(new MemberChanges.Change(MemberChanges.Field.NAME, null, "山田", "山田 花子"),
                "(なし)", JA)).isEqualTo("名前: 山田 → 山田 花子");
    }
}
