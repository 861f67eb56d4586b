package org.renraku.broadcasts.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.renraku.members.entity.Carrier;

/**
 * Who a broadcast goes to — the one definition, used by the console's count ({@code Broadcasts.countRecipients})
 * and by the sending job's snapshot ({@code DeliveryRun}) with the same text of {@link #where}: the network's
 * ACTIVE members whose address is not suppressed, narrowed by carriers (any of them), attribute values (per
 * attribute any of its values, all attributes together) and optionally by how they answered an earlier broadcast
 * ({@link AnswerCondition}). It lives in {@code broadcasts} because a broadcast and a target group own
 * it: both store it as JSON ({@code broadcasts.target_filter}, {@code target_groups.filter}):
 * <pre>{"carriers": ["DOCOMO"], "attributes": {"3": ["3年", "4年"]}, "answers": {"broadcast": 123, "status": "CHOICE", "choice": 2},
 *  "members": [41, 57], "memberMode": "ALSO"}</pre>
 * <p>
 * <b>Hand-picked members</b> combine with the conditions (carriers, attributes, answers) in one of two
 * ways, the admin's choice ({@link MemberMode}): {@code ALSO} — "these people too": the members matching the
 * conditions and, besides, the picked ones (1年 and also the two 役員 of 2年); {@code ONLY} — "only these": the
 * picked ones, narrowed by the conditions if there are any (of the 役員, those who have not answered). With no
 * condition both modes mean just the picked members (never "everyone plus these", which nobody means). Either way
 * only ACTIVE members of the network with an unsuppressed address receive, picked or not.
 * <p>
 * Reading stored JSON ({@link #fromJson}) is strict, and the same for the count and the snapshot: every part is
 * either understood or the whole filter is refused with {@link Unreadable} — never dropped, since dropping a
 * condition widens the broadcast (a filter of one unknown carrier would become "everyone"). Accepted:
 * <ul>
 * <li>null, blank or {@code {}}: all active members;</li>
 * <li>{@code carriers}: an array of carrier names ({@link Carrier}, any case); empty = any carrier;</li>
 * <li>{@code attributes}: an object from attribute id (a positive number) to an array of values (strings or
 * numbers) or, as written by early versions, one value; an empty array = no condition on that attribute;</li>
 * <li>{@code answers}: read by the {@code answers} feature ({@link AnswerConditionReader}); unreadable is
 * refused;</li>
 * <li>{@code members}: an array of member ids (positive numbers, at most {@link #MEMBERS_MAX}); empty = none
 * picked;</li>
 * <li>{@code memberMode}: {@code "ALSO"} or {@code "ONLY"} (see above); absent = {@code ALSO}; always written
 * with {@code members};</li>
 * <li>{@code statuses}: written by the first version (V5); ignored, because only ACTIVE members ever receive a
 * broadcast whatever it said — so ignoring it never widens.</li>
 * </ul>
 * Anything else (not an object, another key, a value of the wrong type) is refused.
 */
public record RecipientFilter(List<String> carriers, Map<Long, List<String>> attributes, AnswerCondition answers,
                              List<Long> members, MemberMode memberMode) implements Serializable {

    /** How hand-picked members combine with the conditions (see the class comment). */
    public enum MemberMode {
        /** The members matching the conditions, and these too (OR). */
        ALSO,
        /** Only these members, narrowed by the conditions (AND). */
        ONLY
    }

    /** At most this many hand-picked members (a larger list is a condition, or a saved attribute). */
    public static final int MEMBERS_MAX = 500;

    /**
     * The answer-status part of a filter. The {@code answers} feature defines it ({@code AnswerStatus}); it is an
     * interface here because {@code answers} depends on {@code broadcasts}, never the other way round.
     */
    public interface AnswerCondition extends Serializable {
        /** The earlier broadcast whose answers are asked about. */
        long broadcastId();

        /** The value a page's select offers for it ({@code UNANSWERED}, {@code CHOICE-2}, …). */
        String code();

        /** The condition on the member row {@code m}, its values as {@code ?} in {@link #parameters()} order. */
        String whereSql();

        List<Object> parameters();

        /** The value stored under {@code "answers"}. */
        JsonObject toJson();
    }

    /** Reads the {@code "answers"} value; found with {@link ServiceLoader} (the answers feature provides one). */
    public interface AnswerConditionReader {
        /** @throws IllegalArgumentException when the value is not a readable answer status */
        AnswerCondition read(JsonValue value);
    }

    /** A stored filter that cannot be read as a whole; its message says which part. */
    public static final class Unreadable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message) {
            super(message);
        }

        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Set<String> KEYS = Set.of("carriers", "attributes", "answers", "members", "memberMode",
            "statuses");

    /** Carriers and attributes only, no answer status. */
    public RecipientFilter(List<String> carriers, Map<Long, List<String>> attributes) {
        this(carriers, attributes, null);
    }

    /** Carriers, attributes and an answer status (null: none), no hand-picked members. */
    public RecipientFilter(List<String> carriers, Map<Long, List<String>> attributes, AnswerCondition answers) {
        this(carriers, attributes, answers, List.of(), MemberMode.ALSO);
    }

    /**
     * As a page builds it: carrier names in any case (unknown → {@link IllegalArgumentException}), blank carriers
     * and values left out, an attribute without values is no condition.
     */
    public RecipientFilter {
        List<String> cs = new ArrayList<>();
        for (String c : carriers == null ? List.<String>of() : carriers) {
            if (c != null && !c.isBlank()) {
                String name = carrier(c);
                if (!cs.contains(name)) {
                    cs.add(name);
                }
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
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(as));
        List<Long> ms = new ArrayList<>();
        for (Long id : members == null ? List.<Long>of() : members) {
            if (id == null || id <= 0) {
                throw new IllegalArgumentException("Not a member id: " + id);
            }
            if (!ms.contains(id)) {
                ms.add(id);
            }
        }
        if (ms.size() > MEMBERS_MAX) {
            throw new IllegalArgumentException("More than " + MEMBERS_MAX + " hand-picked members: " + ms.size());
        }
        members = List.copyOf(ms);
        memberMode = memberMode == null ? MemberMode.ALSO : memberMode;
    }

    public static RecipientFilter all() {
        return new RecipientFilter(List.of(), Map.of());
    }

    /** The same filter with the answer status {@code status} (null: none) instead of its own. */
    public RecipientFilter withAnswers(AnswerCondition status) {
        return new RecipientFilter(carriers, attributes, status, members, memberMode);
    }

    /** The same filter with the hand-picked members {@code ids} combined by {@code mode} instead of its own. */
    public RecipientFilter withMembers(List<Long> ids, MemberMode mode) {
        return new RecipientFilter(carriers, attributes, answers, ids, mode);
    }

    public boolean isAll() {
        return !hasConditions() && members.isEmpty();
    }

    /** True when carriers, attributes or an answer status narrow the recipients (hand-picked members aside). */
    public boolean hasConditions() {
        return !carriers.isEmpty() || !attributes.isEmpty() || answers != null;
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
            o.add("answers", answers.toJson());
        }
        if (!members.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            members.forEach(a::add);
            o.add("members", a).add("memberMode", memberMode.name());
        }
        return o.build().toString();
    }

    /**
     * Reads a stored filter (see the class comment); null or blank is "all".
     *
     * @throws Unreadable when any part of it cannot be read
     */
    public static RecipientFilter fromJson(String json) {
        if (json == null || json.isBlank()) {
            return all();
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            value = reader.readValue();
        } catch (RuntimeException malformed) {
            throw new Unreadable("The recipient filter is not JSON: " + malformed.getMessage(), malformed);
        }
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return all();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Unreadable("The recipient filter is not a JSON object but " + value.getValueType());
        }
        JsonObject o = value.asJsonObject();
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new Unreadable("The recipient filter has an unknown part \"" + key + "\"");
            }
        }
        return new RecipientFilter(carriers(o.get("carriers")), attributes(o.get("attributes")),
                answers(o.get("answers")), members(o.get("members")), memberMode(o.get("memberMode")));
    }

    private static List<Long> members(JsonValue v) {
        if (v == null) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new Unreadable("The members of a recipient filter are not a list: " + v);
        }
        List<Long> out = new ArrayList<>();
        for (JsonValue m : v.asJsonArray()) {
            if (!(m instanceof JsonNumber n) || !n.isIntegral() || n.longValue() <= 0) {
                throw new Unreadable("Not a member id in a recipient filter: " + m);
            }
            out.add(n.longValue());
        }
        if (out.stream().distinct().count() > MEMBERS_MAX) {
            throw new Unreadable("More than " + MEMBERS_MAX + " members in a recipient filter: " + out.size());
        }
        return out;
    }

    private static MemberMode memberMode(JsonValue v) {
        if (v == null) {
            return MemberMode.ALSO;
        }
        if (v instanceof JsonString s) {
            for (MemberMode mode : MemberMode.values()) {
                if (mode.name().equals(s.getString())) {
                    return mode;
                }
            }
        }
        throw new Unreadable("Not a member mode (ALSO or ONLY) in a recipient filter: " + v);
    }

    private static List<String> carriers(JsonValue v) {
        if (v == null) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new Unreadable("The carriers of a recipient filter are not a list: " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonValue c : v.asJsonArray()) {
            if (!(c instanceof JsonString s) || s.getString().isBlank()) {
                throw new Unreadable("Not a carrier in a recipient filter: " + c);
            }
            try {
                out.add(carrier(s.getString()));
            } catch (IllegalArgumentException unknown) {
                throw new Unreadable("Unknown carrier in a recipient filter: " + s.getString(), unknown);
            }
        }
        return out;
    }

    private static Map<Long, List<String>> attributes(JsonValue v) {
        if (v == null) {
            return Map.of();
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new Unreadable("The attributes of a recipient filter are not an object: " + v);
        }
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            long id;
            try {
                id = Long.parseLong(e.getKey().strip());
            } catch (NumberFormatException notANumber) {
                throw new Unreadable("Not an attribute id in a recipient filter: \"" + e.getKey() + "\"");
            }
            if (id <= 0) {
                throw new Unreadable("Not an attribute id in a recipient filter: " + id);
            }
            List<String> values = new ArrayList<>();
            if (e.getValue().getValueType() == JsonValue.ValueType.ARRAY) {
                e.getValue().asJsonArray().forEach(x -> values.add(attributeValue(id, x)));
            } else {
                values.add(attributeValue(id, e.getValue()));
            }
            out.put(id, values);
        }
        return out;
    }

    private static String attributeValue(long id, JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        throw new Unreadable("Not a value of attribute " + id + " in a recipient filter: " + v);
    }

    private static AnswerCondition answers(JsonValue v) {
        if (v == null) {
            return null;
        }
        AnswerConditionReader reader = ReaderHolder.READER;
        if (reader == null) {
            throw new Unreadable("No reader of answer conditions is installed");
        }
        try {
            return reader.read(v);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("Unreadable answer status in a recipient filter: " + v, e);
        }
    }

    /** Loaded on first use: the answers feature's reader ({@code META-INF/services}). */
    private static final class ReaderHolder {
        static final AnswerConditionReader READER = ServiceLoader
                .load(AnswerConditionReader.class, RecipientFilter.class.getClassLoader()).findFirst().orElse(null);
    }

    private static String carrier(String name) {
        return Carrier.valueOf(name.strip().toUpperCase(Locale.ROOT)).name(); // unknown → IllegalArgumentException
    }

    /**
     * The condition on {@code members m} (without WHERE) selecting the recipients in network {@code networkId};
     * {@code params} receives the values of its positional placeholders, in order. The console's count and the
     * sending job's snapshot both use this text.
     */
    public String where(long networkId, List<Object> params) {
        params.add(networkId);
        params.addAll(parameters());
        return "m.network_id = ? AND " + whereSql();
    }

    /**
     * The conditions on the member row {@code m} (after {@code m.network_id = ? AND}), each value a {@code ?} in
     * {@link #parameters()} order; attribute ids are numbers, so they go into the JSON path as text.
     */
    public String whereSql() {
        String base = "m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM suppressions s"
                + " WHERE s.network_id = m.network_id AND s.email = m.email)";
        List<String> conditions = new ArrayList<>();
        if (!carriers.isEmpty()) {
            conditions.add("m.carrier IN (" + placeholders(carriers.size()) + ")");
        }
        for (Long id : attributes.keySet()) {
            conditions.add("COALESCE(JSON_OVERLAPS(JSON_EXTRACT(m.attributes, '$.\"" + id + "\"'), ?), FALSE)");
        }
        if (answers != null) {
            conditions.add(answers.whereSql());
        }
        if (!members.isEmpty()) {
            String picked = "m.id IN (" + placeholders(members.size()) + ")";
            if (memberMode == MemberMode.ALSO && !conditions.isEmpty()) {
                // the conditions, or picked: the picked members' values come last, as in parameters()
                String all = "(" + String.join(" AND ", conditions) + ")";
                conditions.clear();
                conditions.add("(" + all + " OR " + picked + ")");
            } else {
                conditions.add(picked);
            }
        }
        StringBuilder sql = new StringBuilder(base);
        conditions.forEach(c -> sql.append(" AND ").append(c));
        return sql.toString();
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** The values of the {@code ?} of {@link #whereSql()}, in order. */
    public List<Object> parameters() {
        List<Object> p = new ArrayList<>(carriers);
        attributes.values().forEach(values -> p.add(jsonArray(values)));
        if (answers != null) {
            p.addAll(answers.parameters());
        }
        p.addAll(members);
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
