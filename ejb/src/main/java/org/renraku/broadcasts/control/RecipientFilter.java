package org.renraku.broadcasts.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.entity.Carrier;

/**
 * Who a broadcast goes to: the network's ACTIVE members whose address is not suppressed, narrowed by carriers
 * (any of them) and attribute values (per attribute any of the values, all attributes together). Empty = all
 * active members; and optionally by how they answered an earlier broadcast ({@link AnswerStatus}, issue #7:
 * {@code "answers": {"broadcast": 123, "status": "UNANSWERED"}}). Stored as JSON in {@code broadcasts.target_filter} and {@code target_groups.filter}:
 * {@code {"carriers": ["DOCOMO"], "attributes": {"<attribute id>": ["3年", ...]}}} (the attributes part in the
 * shape of {@code members.attributes}, read by {@link AttributeJson}).
 * <p>
 * {@link #where} is the SQL condition on {@code members m}, the one place that decides who is a recipient: the
 * console's count and the sending job's snapshot use the same text. Suspended, pending and former members and
 * suppressed addresses are never recipients, whatever the filter says.
 */
public record RecipientFilter(List<String> carriers, Map<Long, List<String>> attributes, AnswerStatus answers)
        implements Serializable {

    /** Carriers and attributes only, no answer status. */
    public RecipientFilter(List<String> carriers, Map<Long, List<String>> attributes) {
        this(carriers, attributes, null);
    }

    /** The same filter with the answer status {@code status} (null: none) instead of its own. */
    public RecipientFilter withAnswers(AnswerStatus status) {
        return new RecipientFilter(carriers, attributes, status);
    }

    public RecipientFilter {
        List<String> cs = new ArrayList<>();
        for (String c : carriers == null ? List.<String>of() : carriers) {
            if (c != null && !c.isBlank()) {
                cs.add(Carrier.valueOf(c.strip().toUpperCase(Locale.ROOT)).name()); // unknown → IllegalArgumentException
            }
        }
        carriers = List.copyOf(cs);
        Map<Long, List<String>> as = new TreeMap<>();
        (attributes == null ? Map.<Long, List<String>>of() : attributes).forEach((id, values) -> {
            List<String> vs = values == null ? List.of()
                    : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).distinct().toList();
            if (id != null && !vs.isEmpty()) {
                as.put(id, vs);
            }
        });
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(as));
    }

    public static RecipientFilter all() {
        return new RecipientFilter(List.of(), Map.of());
    }

    public boolean isAll() {
        return carriers.isEmpty() && attributes.isEmpty() && answers == null;
    }

    /** The JSON to store, or null for "all active members". */
    public String toJson() {
        if (isAll()) {
            return null;
        }
        JsonObjectBuilder o = Json.createObjectBuilder();
        if (!carriers.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            carriers.forEach(a::add);
            o.add("carriers", a);
        }
        if (!attributes.isEmpty()) {
            JsonObjectBuilder attrs = Json.createObjectBuilder();
            attributes.forEach((id, values) -> {
                JsonArrayBuilder a = Json.createArrayBuilder();
                values.forEach(a::add);
                attrs.add(String.valueOf(id), a);
            });
            o.add("attributes", attrs);
        }
        if (answers != null) {
            JsonObjectBuilder a = Json.createObjectBuilder().add("broadcast", answers.broadcastId())
                    .add("status", answers.status().name());
            if (answers.choice() != null) {
                a.add("choice", answers.choice());
            }
            o.add("answers", a);
        }
        return o.build().toString();
    }

    /** Reads a stored filter; null or blank is "all". Unknown carriers are dropped, malformed JSON is "all". */
    public static RecipientFilter fromJson(String json) {
        if (json == null || json.isBlank()) {
            return all();
        }
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            o = reader.readObject();
        } catch (RuntimeException malformed) {
            return all();
        }
        List<String> carriers = new ArrayList<>();
        JsonValue cs = o.get("carriers");
        if (cs != null && cs.getValueType() == JsonValue.ValueType.ARRAY) {
            cs.asJsonArray().stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                    .map(v -> ((JsonString) v).getString()).filter(RecipientFilter::isCarrier).forEach(carriers::add);
        }
        JsonValue attrs = o.get("attributes");
        Map<Long, List<String>> attributes = attrs != null && attrs.getValueType() == JsonValue.ValueType.OBJECT
                ? AttributeJson.read(attrs.toString()) : Map.of();
        AnswerStatus answers;
        try {
            answers = AnswerStatus.read(o);
        } catch (IllegalArgumentException unreadable) {
            answers = null;
        }
        return new RecipientFilter(carriers, attributes, answers);
    }

    private static boolean isCarrier(String name) {
        try {
            Carrier.valueOf(name.strip().toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The condition on {@code members m} (without WHERE) selecting the recipients in network {@code networkId};
     * {@code params} receives the values of its positional placeholders, in order. It is the sending job's own
     * condition ({@link org.renraku.delivery.control.RecipientFilter}, read from the same JSON), so the count the
     * console shows and the recipients the job snapshots cannot drift apart (same carriers and values).
     */
    public String where(long networkId, List<Object> params) {
        org.renraku.delivery.control.RecipientFilter snapshot = new org.renraku.delivery.control.RecipientFilter(
                carriers.stream().map(org.renraku.members.entity.Carrier::valueOf).toList(), attributes, answers);
        params.add(networkId);
        params.addAll(snapshot.parameters());
        return "m.network_id = ? AND " + snapshot.whereSql();
    }
}
