package org.renraku.members.boundary;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.renraku.members.control.MemberCsv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code members.attributes} ({@code {"<attributeId>": "value" | ["a","b"]}}) read as values by label (a list
 * joined with 「、」), for the detail dialog and the CSV export (the import reads such a cell back in
 * {@link MemberCsv}).
 */
public final class AttributeValues {

    public static final String LIST_SEPARATOR = MemberCsv.LIST_SEPARATOR;

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
}
