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

    @Test
    void carriersAndAttributesShouldBecomeParametersNeverText() {
        RecipientFilter f = new RecipientFilter(List.of("DOCOMO", "AU"), Map.of(7L, List.of("3年", "a\"b\\c")));
        assertThat(f.whereSql()).endsWith(" AND m.carrier IN (?, ?) AND COALESCE(JSON_OVERLAPS("
                + "JSON_EXTRACT(m.attributes, '$.\"7\"'), ?), FALSE)");
        assertThat(f.parameters()).containsExactly("DOCOMO", "AU", "[\"3年\",\"a\\\"b\\\\c\"]");
    }

    @Test
    void aCurrentFilterShouldReadBackAsWritten() {
        RecipientFilter f = new RecipientFilter(List.of("au", "DOCOMO"), Map.of(3L, List.of("3年", "4年"), 9L, List.of("役員")));
        assertThat(f.toJson()).isEqualTo("{\"carriers\":[\"AU\",\"DOCOMO\"],\"attributes\":{\"3\":[\"3年\",\"4年\"],\"9\":[\"役員\"]}}");
        assertThat(RecipientFilter.fromJson(f.toJson())).isEqualTo(f);
        assertThat(RecipientFilter.all().toJson()).isNull();
    }

    @Test
    void nothingStoredShouldMeanEveryActiveMember() {
        for (String none : Arrays.asList(null, "", "  ", "{}", "null")) {
            assertThat(RecipientFilter.fromJson(none).isAll()).as(String.valueOf(none)).isTrue();
        }
    }

    @Test
    void anOldFilterShouldKeepItsMeaning() {
        // V5 wrote "statuses" (ignored: only ACTIVE members ever receive), carriers in any case, a single value
        RecipientFilter old = RecipientFilter.fromJson(
                "{\"statuses\": [\"ACTIVE\"], \"carriers\": [\"docomo\", \" au\"], \"attributes\": {\" 3 \": \"3年\", \"5\": [2, \"A組\"]}}");
        assertThat(old).isEqualTo(new RecipientFilter(List.of("DOCOMO", "AU"), Map.of(3L, List.of("3年"), 5L, List.of("2", "A組"))));
        // an empty list is no condition on that part, as the compose page means it
        assertThat(RecipientFilter.fromJson("{\"carriers\": [], \"attributes\": {\"3\": []}}").isAll()).isTrue();
    }

    @Test
    void aMalformedFilterShouldBeRefusedWithItsReasonNeverReadAsEveryone() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"carriers\": [\"DOCOMO\"", "not JSON");
        refused.put("[\"DOCOMO\"]", "not a JSON object");
        refused.put("\"DOCOMO\"", "not a JSON object");
        refused.put("{\"carriers\": [\"PIGEON\"]}", "Unknown carrier");
        refused.put("{\"carriers\": \"DOCOMO\"}", "not a list");
        refused.put("{\"carriers\": [3]}", "Not a carrier");
        refused.put("{\"attributes\": [\"3年\"]}", "not an object");
        refused.put("{\"attributes\": {\"grade\": [\"3年\"]}}", "Not an attribute id");
        refused.put("{\"attributes\": {\"-3\": [\"3年\"]}}", "Not an attribute id");
        refused.put("{\"attributes\": {\"3\": [{\"v\": 1}]}}", "Not a value of attribute 3");
        refused.put("{\"attributes\": {\"3\": null}}", "Not a value of attribute 3");
        refused.put("{\"carrier\": [\"DOCOMO\"]}", "unknown part \"carrier\"");
        refused.forEach((json, reason) -> assertThatThrownBy(() -> RecipientFilter.fromJson(json)).as(json)
                .isInstanceOf(RecipientFilter.Unreadable.class).hasMessageContaining(reason));
    }
}
