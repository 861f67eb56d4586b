package org.renraku.answers.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import org.renraku.broadcasts.control.RecipientFilter;

/**
 * The "answer status" target condition: members by how they answered an earlier broadcast of the
 * network that asked for answers — answered it (any answer), did not answer it although they were among its
 * recipients, or answered choice {@code choice} (1-based) of it. Part of a target filter's JSON:
 * <pre>{"answers": {"broadcast": 123, "status": "CHOICE", "choice": 2}}</pre>
 * The recipient filter ({@link RecipientFilter}, in {@code broadcasts}) knows it only as its
 * {@link RecipientFilter.AnswerCondition}; it reads it with {@link Reader}, registered in
 * {@code META-INF/services}.
 *
 * @param broadcastId the earlier broadcast (of the same network: the SQL only looks at rows of the member's network)
 * @param status      which members
 * @param choice      the choice for {@link Status#CHOICE}; null otherwise
 */
public record AnswerStatus(long broadcastId, Status status, Integer choice) implements RecipientFilter.AnswerCondition {

    public enum Status {
        /** Answered the broadcast (confirmed, or any choice). */
        ANSWERED,
        /** Was a recipient of the broadcast (has a delivery of it) and has not answered. */
        UNANSWERED,
        /** Answered the given choice. */
        CHOICE
    }

    public AnswerStatus {
        Objects.requireNonNull(status, "status");
        if (broadcastId <= 0) {
            throw new IllegalArgumentException("No broadcast " + broadcastId);
        }
        if (status == Status.CHOICE && (choice == null || choice < 1 || choice > 10)) {
            throw new IllegalArgumentException("A choice is 1-10, not " + choice);
        }
        if (status != Status.CHOICE) {
            choice = null;
        }
    }

    /**
     * The condition on the member row {@code m}; its {@code ?} are {@link #broadcastId} and, for a choice, the
     * choice, in that order.
     */
    @Override
    public String whereSql() {
        return switch (status) {
            case ANSWERED -> "EXISTS (SELECT 1 FROM answers a WHERE a.broadcast_id = ? AND a.member_id = m.id"
                    + " AND a.network_id = m.network_id)";
            case CHOICE -> "EXISTS (SELECT 1 FROM answers a WHERE a.broadcast_id = ? AND a.member_id = m.id"
                    + " AND a.network_id = m.network_id AND a.choice = ?)";
            case UNANSWERED -> "EXISTS (SELECT 1 FROM deliveries d LEFT JOIN answers a ON a.broadcast_id = d.broadcast_id"
                    + " AND a.member_id = d.member_id WHERE d.broadcast_id = ? AND d.member_id = m.id AND a.id IS NULL)";
        };
    }

    /** {@link #broadcastId} and, for a choice, the choice: the values of {@link #whereSql()}. */
    @Override
    public List<Object> parameters() {
        return choice == null ? List.of(broadcastId) : List.of(broadcastId, choice);
    }

    /** The value of a target filter's {@code "answers"}. */
    @Override
    public JsonObject toJson() {
        JsonObjectBuilder a = Json.createObjectBuilder().add("broadcast", broadcastId).add("status", status.name());
        if (choice != null) {
            a.add("choice", choice);
        }
        return a.build();
    }

    /** Reads the {@code "answers"} value of a stored recipient filter for {@link RecipientFilter#fromJson}. */
    public static final class Reader implements RecipientFilter.AnswerConditionReader {
        @Override
        public AnswerStatus read(JsonValue value) {
            if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("An answer status is a JSON object, not " + value);
            }
            return AnswerStatus.of(value.asJsonObject());
        }
    }

    /**
     * An answer status as stored: {@code {"broadcast": 123, "status": "CHOICE", "choice": 2}}.
     *
     * @throws IllegalArgumentException when it is unreadable (a choice that is not a number included)
     */
    static AnswerStatus of(JsonObject a) {
        if (a.containsKey("choice") && a.get("choice").getValueType() != JsonValue.ValueType.NUMBER
                && a.get("choice").getValueType() != JsonValue.ValueType.NULL) {
            throw new IllegalArgumentException("Unreadable choice in an answer status: " + a);
        }
        try {
            Integer choice = a.containsKey("choice") && a.get("choice").getValueType() == JsonValue.ValueType.NUMBER
                    ? Integer.valueOf(a.getJsonNumber("choice").intValueExact()) : null;
            Status status = Status.valueOf(a.getString("status"));
            if (status != Status.CHOICE && choice != null) {
                // "answered choice 2" read as "answered" would widen the broadcast: refused instead
                throw new IllegalArgumentException("A choice with status " + status);
            }
            return new AnswerStatus(a.getJsonNumber("broadcast").longValueExact(), status, choice);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unreadable answer status in a target filter: " + a, e);
        }
    }

    /** The one value ({@code "UNANSWERED"}, {@code "CHOICE-2"}, …) a page's select offers for it. */
    @Override
    public String code() {
        return status == Status.CHOICE ? "CHOICE-" + choice : status.name();
    }

    /** The status of a select's value ({@link #code()}) for broadcast {@code broadcastId}; null for none or junk. */
    public static AnswerStatus of(Long broadcastId, String code) {
        if (broadcastId == null || code == null || code.isBlank()) {
            return null;
        }
        try {
            if (code.startsWith("CHOICE-")) {
                return new AnswerStatus(broadcastId, Status.CHOICE, Integer.parseInt(code.substring(7)));
            }
            return new AnswerStatus(broadcastId, Status.valueOf(code), null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
