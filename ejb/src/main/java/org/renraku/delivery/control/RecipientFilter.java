package org.renraku.delivery.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.members.entity.Carrier;

/**
 * The recipients of a broadcast as SQL: the active, not suppressed members of its network, narrowed by the
 * broadcast's target filter. The filter is JSON (the shape of {@code broadcasts.target_filter} and
 * {@code target_groups.filter}):
 * <pre>{"carriers": ["DOCOMO", "AU"], "attributes": {"3": ["3年", "4年"], "5": ["A組"]}}</pre>
 * Both parts are optional; null or {@code {}} means every active member. The answer status of an earlier broadcast
 * ({@link AnswerStatus}, issue #7): {@code "answers": {"broadcast": 123, "status": "ANSWERED"|"UNANSWERED"|"CHOICE",
 * "choice": 2}}; unreadable, it is refused like the rest. Carriers: a member of one of them.
 * Attributes (keyed by {@code member_attributes.id}): for every attribute listed, the member's value (or, for a
 * multiple choice, one of its values) is one of those given. Members without the attribute do not match.
 * Other keys (e.g. {@code statuses}) are ignored: only ACTIVE members ever receive a broadcast.
 *
 * @param carriers   carriers to keep; empty for all
 * @param attributes attribute id → accepted values; empty for no condition
 */
public record RecipientFilter(List<Carrier> carriers, Map<Long, List<String>> attributes, AnswerStatus answers) {

    public static final RecipientFilter ALL = new RecipientFilter(List.of(), Map.of());

    /** Carriers and attributes only, no answer status. */
    public RecipientFilter(List<Carrier> carriers, Map<Long, List<String>> attributes) {
        this(carriers, attributes, null);
    }

    public RecipientFilter {
        carriers = List.copyOf(carriers == null ? List.of() : carriers);
        Map<Long, List<String>> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
        }
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reads the JSON filter; null or blank is {@link #ALL}. */
    public static RecipientFilter parse(String json) {
        if (json == null || json.isBlank()) {
            return ALL;
        }
        JsonObject o;
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            o = r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("A target filter is a JSON object: " + e.getMessage(), e);
        }
        List<Carrier> carriers = new ArrayList<>();
        if (o.containsKey("carriers") && o.get("carriers").getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : o.getJsonArray("carriers")) {
                carriers.add(Carrier.valueOf(((JsonString) v).getString()));
            }
        }
        Map<Long, List<String>> attributes = new LinkedHashMap<>();
        if (o.containsKey("attributes") && o.get("attributes").getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> e : o.getJsonObject("attributes").entrySet()) {
                List<String> values = new ArrayList<>();
                if (e.getValue() instanceof JsonArray a) {
                    a.forEach(v -> values.add(v instanceof JsonString s ? s.getString() : v.toString()));
                } else {
                    values.add(e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString());
                }
                attributes.put(Long.parseLong(e.getKey().strip()), values);
            }
        }
        return new RecipientFilter(carriers, attributes, AnswerStatus.read(o));
    }

    /** SQL giving the carrier group of {@code m.carrier}, as {@link CarrierGroup#of} does. */
    public static String carrierGroupSql() {
        StringBuilder sql = new StringBuilder("CASE m.carrier");
        for (Carrier c : Carrier.values()) {
            sql.append(" WHEN '").append(c.name()).append("' THEN '").append(CarrierGroup.of(c).name()).append('\'');
        }
        return sql.append(" ELSE 'OTHER' END").toString();
    }

    /**
     * The conditions on the member row {@code m} (after {@code WHERE m.network_id = ? AND ...}), each value a
     * {@code ?} in {@link #parameters()} order; the attribute ids are numbers, so they go into the JSON path.
     */
    public String whereSql() {
        StringBuilder sql = new StringBuilder("m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM suppressions s"
                + " WHERE s.network_id = m.network_id AND s.email = m.email)");
        if (!carriers.isEmpty()) {
            sql.append(" AND m.carrier IN (").append(String.join(", ", carriers.stream().map(c -> "?").toList()))
                    .append(')');
        }
        for (Long id : attributes.keySet()) {
            sql.append(" AND COALESCE(JSON_OVERLAPS(JSON_EXTRACT(m.attributes, '$.\"").append(id)
                    .append("\"'), ?), FALSE)");
        }
        if (answers != null) {
            sql.append(" AND ").append(answers.whereSql());
        }
        return sql.toString();
    }

    /** The values of the {@code ?} of {@link #whereSql()}, in order. */
    public List<Object> parameters() {
        List<Object> p = new ArrayList<>();
        carriers.forEach(c -> p.add(c.name()));
        attributes.values().forEach(values -> p.add(jsonArray(values)));
        if (answers != null) {
            p.add(answers.broadcastId());
            if (answers.choice() != null) {
                p.add(answers.choice());
            }
        }
        return p;
    }

    static String jsonArray(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (String v : values) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"');
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            s.append('"');
        }
        return s.append(']').toString();
    }
}
