package org.renraku.members.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.renraku.members.entity.MemberAttribute;

/**
 * The {@code members.attributes} column: {@code {"<attributeId>": "value" | ["a","b"]}} — a string for TEXT
 * and SINGLE, an array for MULTI. Read leniently: an unknown or malformed entry is skipped, never an error.
 */
public final class AttributeJson {

    private AttributeJson() {
    }

    public static String write(Map<Long, List<String>> values, List<MemberAttribute> definitions) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        Map<Long, MemberAttribute.Kind> kinds = new LinkedHashMap<>();
        definitions.forEach(d -> kinds.put(d.id(), d.kind()));
        JsonObjectBuilder o = Json.createObjectBuilder();
        values.forEach((id, list) -> {
            if (list == null || list.isEmpty()) {
                return;
            }
            if (kinds.get(id) == MemberAttribute.Kind.MULTI) {
                JsonArrayBuilder a = Json.createArrayBuilder();
                list.forEach(a::add);
                o.add(String.valueOf(id), a);
            } else {
                o.add(String.valueOf(id), list.get(0));
            }
        });
        return o.build().toString();
    }

    public static Map<Long, List<String>> read(String json) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            o = reader.readObject();
        } catch (RuntimeException malformed) {
            return out;
        }
        o.forEach((key, value) -> {
            long id;
            try {
                id = Long.parseLong(key);
            } catch (NumberFormatException e) {
                return;
            }
            List<String> list = new ArrayList<>();
            if (value.getValueType() == JsonValue.ValueType.STRING) {
                list.add(((JsonString) value).getString());
            } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
                value.asJsonArray().stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                        .forEach(v -> list.add(((JsonString) v).getString()));
            }
            if (!list.isEmpty()) {
                out.put(id, List.copyOf(list));
            }
        });
        return out;
    }
}
