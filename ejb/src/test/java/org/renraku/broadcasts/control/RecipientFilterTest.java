package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipientFilterTest {

    @Test
    void allActiveUnsuppressedMembersWithoutConditions() {
        List<Object> params = new ArrayList<>();
        String where = RecipientFilter.all().where(7, params);
        assertThat(where).isEqualTo("m.network_id = ? AND m.status = 'ACTIVE' AND NOT EXISTS"
                + " (SELECT 1 FROM suppressions s WHERE s.network_id = m.network_id AND s.email = m.email)");
        assertThat(params).containsExactly(7L);
        assertThat(RecipientFilter.all().isAll()).isTrue();
    }

    @Test
    void carriersAreAlternativesAndEachAttributeMustMatchOneOfItsValues() {
        RecipientFilter f = new RecipientFilter(List.of("docomo", " au "),
                Map.of(3L, List.of("3年", " 2年 ", ""), 9L, List.of("役員")));
        List<Object> params = new ArrayList<>();
        String where = f.where(1, params);
        // the sending job's condition: one JSON_OVERLAPS per attribute, its values bound as one JSON array
        assertThat(where).startsWith("m.network_id = ? AND m.status = 'ACTIVE'")
                .contains(" AND m.carrier IN (?, ?)")
                .contains("JSON_OVERLAPS(JSON_EXTRACT(m.attributes, '$.\"3\"'), ?)")
                .contains("JSON_OVERLAPS(JSON_EXTRACT(m.attributes, '$.\"9\"'), ?)");
        assertThat(params).hasSize(5).startsWith(1L, "DOCOMO", "AU")
                .contains("[\"3年\",\"2年\"]", "[\"役員\"]");
    }

    @Test
    void emptyValuesAreNoConditionAndAnUnknownCarrierIsRefused() {
        assertThat(new RecipientFilter(Arrays.asList(null, " "), Map.of(3L, List.of(" "))).isAll()).isTrue();
        assertThatThrownBy(() -> new RecipientFilter(List.of("pigeon"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUnsubscribeUrlIsHttpsBelowTheBaseUrl() {
        assertThat(ComposerSettings.unsubscribeUrlPrefix("http://localhost:8080/"))
                .isEqualTo("https://localhost:8080/unsubscribe/");
        assertThat(ComposerSettings.unsubscribeUrlPrefix("https://renraku.example.jp"))
                .isEqualTo("https://renraku.example.jp/unsubscribe/");
        assertThat(ComposerSettings.domainOf("Renraku <noreply@mail.renraku.jp>")).isEqualTo("mail.renraku.jp");
    }
}
