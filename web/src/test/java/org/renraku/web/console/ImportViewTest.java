package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportViewTest {

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
}
