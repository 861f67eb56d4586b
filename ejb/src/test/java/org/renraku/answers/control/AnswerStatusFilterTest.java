package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.control.RecipientFilter;

/**
 * The "answer status" target condition in the recipient SQL and in the stored JSON of a recipient filter
 * (read through the {@code META-INF/services} registration of {@link AnswerStatus.Reader}).
 */
class AnswerStatusFilterTest {

    private static final String ACTIVE = "m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM suppressions s"
            + " WHERE s.network_id = m.network_id AND s.email = m.email)";

    @Test
    void answeredShouldBeAnAnswerRowOfThatBroadcastInTheMembersNetwork() {
        RecipientFilter f = new RecipientFilter(List.of(), Map.of(), new AnswerStatus(42, AnswerStatus.Status.ANSWERED, null));
        assertThat(f.whereSql()).isEqualTo(ACTIVE + " AND EXISTS (SELECT 1 FROM answers a WHERE a.broadcast_id = ?"
                + " AND a.member_id = m.id AND a.network_id = m.network_id)");
        assertThat(f.parameters()).containsExactly(42L);
    }

    @Test
    void unansweredShouldBeARecipientOfThatBroadcastWithoutAnAnswerRow() {
        RecipientFilter f = new RecipientFilter(List.of(), Map.of(), new AnswerStatus(42, AnswerStatus.Status.UNANSWERED, null));
        assertThat(f.whereSql()).isEqualTo(ACTIVE + " AND EXISTS (SELECT 1 FROM deliveries d LEFT JOIN answers a"
                + " ON a.broadcast_id = d.broadcast_id AND a.member_id = d.member_id WHERE d.broadcast_id = ?"
                + " AND d.member_id = m.id AND a.id IS NULL)");
        assertThat(f.parameters()).containsExactly(42L);
    }

    @Test
    void aChoiceShouldComeAfterCarriersAndAttributesAsParameters() {
        RecipientFilter f = new RecipientFilter(List.of("AU"), Map.of(7L, List.of("3年")),
                new AnswerStatus(42, AnswerStatus.Status.CHOICE, 2));
        assertThat(f.carriers()).containsExactly("AU");
        assertThat(f.whereSql()).endsWith(" AND m.carrier IN (?) AND COALESCE(JSON_OVERLAPS(JSON_EXTRACT("
                + "m.attributes, '$.\"7\"'), ?), FALSE) AND EXISTS (SELECT 1 FROM answers a WHERE a.broadcast_id = ?"
                + " AND a.member_id = m.id AND a.network_id = m.network_id AND a.choice = ?)");
        assertThat(f.parameters()).containsExactly("AU", "[\"3年\"]", 42L, 2);
    }

    @Test
    void aChoiceOutOfRangeOrNoBroadcastShouldBeRefused() {
        assertThatThrownBy(() -> new AnswerStatus(42, AnswerStatus.Status.CHOICE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerStatus(42, AnswerStatus.Status.CHOICE, 11))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnswerStatus(0, AnswerStatus.Status.ANSWERED, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AnswerStatus(42, AnswerStatus.Status.ANSWERED, 3).choice()).isNull();
    }

    @Test
    void theFilterShouldPutTheNetworkFirst() {
        RecipientFilter console = new RecipientFilter(
                List.of("DOCOMO"), Map.of(), new AnswerStatus(42, AnswerStatus.Status.CHOICE, 3));
        assertThat(console.isAll()).isFalse();
        assertThat(RecipientFilter.all().withAnswers(
                new AnswerStatus(42, AnswerStatus.Status.ANSWERED, null)).isAll()).isFalse();
        List<Object> params = new java.util.ArrayList<>();
        assertThat(console.where(5, params)).startsWith("m.network_id = ? AND ").endsWith("AND a.choice = ?)");
        assertThat(params).containsExactly(5L, "DOCOMO", 42L, 3);
    }

    @Test
    void theSelectsValueShouldNameTheStatus() {
        assertThat(AnswerStatus.of(42L, "CHOICE-2")).isEqualTo(new AnswerStatus(42, AnswerStatus.Status.CHOICE, 2));
        assertThat(AnswerStatus.of(42L, "UNANSWERED").code()).isEqualTo("UNANSWERED");
        assertThat(AnswerStatus.of(42L, "CHOICE-11")).isNull();
        assertThat(AnswerStatus.of(null, "ANSWERED")).isNull();
        assertThat(AnswerStatus.of(42L, "")).isNull();
    }

    @Test
    void theStoredJsonShouldReadBackAsTheSameStatus() {
        RecipientFilter f = new RecipientFilter(List.of("AU"), Map.of(), new AnswerStatus(42, AnswerStatus.Status.CHOICE, 2));
        assertThat(f.toJson()).isEqualTo("{\"carriers\":[\"AU\"],\"answers\":{\"broadcast\":42,\"status\":\"CHOICE\",\"choice\":2}}");
        assertThat(RecipientFilter.fromJson(f.toJson())).isEqualTo(f);
        assertThat(RecipientFilter.fromJson("{\"answers\": {\"broadcast\": 7, \"status\": \"UNANSWERED\"}}").answers())
                .isEqualTo(new AnswerStatus(7, AnswerStatus.Status.UNANSWERED, null));
    }

    @Test
    void anUnreadableStatusShouldRefuseTheWholeFilterNeverDropTheCondition() {
        for (String bad : List.of("{\"answers\": {\"broadcast\": 7, \"status\": \"MAYBE\"}}",
                "{\"answers\": {\"status\": \"ANSWERED\"}}",
                "{\"answers\": {\"broadcast\": 7, \"status\": \"CHOICE\"}}",
                "{\"answers\": {\"broadcast\": 7, \"status\": \"CHOICE\", \"choice\": \"2\"}}",
                "{\"answers\": {\"broadcast\": 7, \"status\": \"ANSWERED\", \"choice\": 2}}",
                "{\"answers\": {\"broadcast\": 7, \"status\": \"CHOICE\", \"choice\": 99999999999}}",
                "{\"answers\": null}", "{\"answers\": \"UNANSWERED\"}")) {
            assertThatThrownBy(() -> RecipientFilter.fromJson(bad)).as(bad)
                    .isInstanceOf(RecipientFilter.Unreadable.class).hasMessageContaining("answer");
        }
    }
}
