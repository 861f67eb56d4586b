package org.renraku.members.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code members.attributes} ({@code {"<attributeId>": "value" | ["a","b"]}}) read as values by label (a list
 * joined with 「、」), and written back from values by label (CSV import: a MULTI attribute's cell is split at 「、」 into a list).
 */
public final class AttributeValues {

    public static final String LIST_SEPARATOR = "、";

    private AttributeValues() {
    }

    public static Map<String, String> byLabel(String json, List<AttributeLabel> labels) {
        Map<String, String> values = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return values;
        }
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            object = reader.readObject();
        } catch (RuntimeException e) {
            return values;
        }
        for (AttributeLabel label : labels) {
            JsonValue v = object.get(String.valueOf(label.id()));
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                continue;
            }
            values.put(label.label(), switch (v.getValueType()) {
                case STRING -> ((JsonString) v).getString();
                case ARRAY -> v.asJsonArray().stream()
                        .map(e -> e instanceof JsonString s ? s.getString() : e.toString())
                        .collect(Collectors.joining(LIST_SEPARATOR));
                default -> v.toString();
            });
        }
        return values;
    }

    /** JSON of the values whose label is an attribute of the network, or null when there is none. */
    public static String toJson(Map<String, String> byLabel, List<AttributeLabel> labels) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        boolean any = false;
        for (AttributeLabel label : labels) {
            String v = byLabel.get(label.label());
            if (v != null && !v.isBlank()) {
                if (label.multi()) {
                    JsonArrayBuilder list = Json.createArrayBuilder();
                    for (String one : v.split(LIST_SEPARATOR)) {
                        if (!one.isBlank()) {
                            list.add(one.strip());
                        }
                    }
                    builder.add(String.valueOf(label.id()), list);
                } else {
                    builder.add(String.valueOf(label.id()), v);
                }
                any = true;
            }
        }
        return any ? builder.build().toString() : null;
    }
}
