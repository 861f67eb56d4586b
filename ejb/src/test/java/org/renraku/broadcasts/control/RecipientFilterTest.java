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

    // --- hand-picked members

    @Test
    void handPickedMembersAlsoReceiveBesideThoseMatchingTheConditions() {
        RecipientFilter f = new RecipientFilter(List.of("AU"), Map.of(3L, List.of("1年", "2年"), 4L, List.of("2組")))
                .withMembers(List.of(41L, 57L, 41L), RecipientFilter.MemberMode.ALSO);
        assertThat(f.whereSql()).endsWith(" AND ((m.carrier IN (?) AND COALESCE(JSON_OVERLAPS(JSON_EXTRACT("
                + "m.attributes, '$.\"3\"'), ?), FALSE) AND COALESCE(JSON_OVERLAPS(JSON_EXTRACT(m.attributes,"
                + " '$.\"4\"'), ?), FALSE)) OR m.id IN (?, ?))");
        assertThat(f.whereSql()).startsWith("m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM suppressions s");
        assertThat(f.parameters()).containsExactly("AU", "[\"1年\",\"2年\"]", "[\"2組\"]", 41L, 57L);
        assertThat(f.isAll()).isFalse();
    }

    @Test
    void onlyTheHandPickedMembersNarrowedByTheConditions() {
        RecipientFilter f = new RecipientFilter(List.of(), Map.of(3L, List.of("1年")))
                .withMembers(List.of(41L, 57L), RecipientFilter.MemberMode.ONLY);
        assertThat(f.whereSql()).endsWith(" AND COALESCE(JSON_OVERLAPS(JSON_EXTRACT(m.attributes, '$.\"3\"'), ?),"
                + " FALSE) AND m.id IN (?, ?)");
        assertThat(f.parameters()).containsExactly("[\"1年\"]", 41L, 57L);
    }

    @Test
    void handPickedMembersWithoutConditionsAreJustThoseMembersInEitherMode() {
        for (RecipientFilter.MemberMode mode : RecipientFilter.MemberMode.values()) {
            RecipientFilter f = RecipientFilter.all().withMembers(List.of(9L), mode);
            assertThat(f.whereSql()).as(mode.name()).endsWith("s.email = m.email) AND m.id IN (?)");
            assertThat(f.parameters()).as(mode.name()).containsExactly(9L);
            assertThat(f.isAll()).isFalse();
            assertThat(f.hasConditions()).isFalse();
        }
    }

    @Test
    void aFilterWithHandPickedMembersShouldReadBackAsWritten() {
        RecipientFilter f = new RecipientFilter(List.of("DOCOMO"), Map.of(3L, List.of("1年", "2年"), 4L, List.of("2組")))
                .withMembers(List.of(57L, 41L), RecipientFilter.MemberMode.ONLY);
        assertThat(f.toJson()).isEqualTo("{\"carriers\":[\"DOCOMO\"],\"attributes\":{\"3\":[\"1年\",\"2年\"],"
                + "\"4\":[\"2組\"]},\"members\":[57,41],\"memberMode\":\"ONLY\"}");
        assertThat(RecipientFilter.fromJson(f.toJson())).isEqualTo(f);
        RecipientFilter also = RecipientFilter.all().withMembers(List.of(41L), null);
        assertThat(also.memberMode()).isEqualTo(RecipientFilter.MemberMode.ALSO);
        assertThat(RecipientFilter.fromJson(also.toJson())).isEqualTo(also);
        // as the brief writes it: members alone, the mode ALSO by default
        assertThat(RecipientFilter.fromJson("{\"members\": [41, 57]}"))
                .isEqualTo(RecipientFilter.all().withMembers(List.of(41L, 57L), RecipientFilter.MemberMode.ALSO));
        assertThat(RecipientFilter.fromJson("{\"members\": []}").isAll()).isTrue();
    }

    @Test
    void malformedHandPickedMembersShouldBeRefusedNeverDropped() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"members\": 41}", "members of a recipient filter are not a list");
        refused.put("{\"members\": [\"41\"]}", "Not a member id");
        refused.put("{\"members\": [0]}", "Not a member id");
        refused.put("{\"members\": [-4]}", "Not a member id");
        refused.put("{\"members\": [4.5]}", "Not a member id");
        refused.put("{\"members\": [null]}", "Not a member id");
        refused.put("{\"members\": [4], \"memberMode\": \"only\"}", "Not a member mode");
        refused.put("{\"members\": [4], \"memberMode\": \"EXCEPT\"}", "Not a member mode");
        refused.put("{\"members\": [4], \"memberMode\": true}", "Not a member mode");
        refused.put("{\"member\": [4]}", "unknown part \"member\"");
        StringBuilder many = new StringBuilder("{\"members\": [");
        for (int i = 1; i <= RecipientFilter.MEMBERS_MAX + 1; i++) {
            many.append(i == 1 ? "" : ",").append(i);
        }
        refused.put(many.append("]}").toString(), "More than " + RecipientFilter.MEMBERS_MAX);
        refused.forEach((json, reason) -> assertThatThrownBy(() -> RecipientFilter.fromJson(json))
                .as(json.length() > 80 ? json.substring(0, 80) : json)
                .isInstanceOf(RecipientFilter.Unreadable.class).hasMessageContaining(reason));
        assertThatThrownBy(() -> RecipientFilter.all().withMembers(java.util.Arrays.asList(3L, null), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
