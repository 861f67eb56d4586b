package org.renraku.web.member;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.renraku.members.entity.MemberAttribute;

/**
 * One attribute input of a member form (registration, own page), kept in the view as plain values, never the
 * entity: TEXT is a text field, SINGLE a select, MULTI checkboxes.
 */
public final class AttributeField implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String label;
    private final String kind;
    private final List<String> choices;
    private final boolean required;
    private String text;
    private String single;
    private List<String> multi = new ArrayList<>();

    public AttributeField(MemberAttribute a, List<String> values) {
        this.id = a.id();
        this.label = a.label();
        this.kind = a.kind().name();
        this.choices = new ArrayList<>(a.choices());
        this.required = a.required();
        List<String> v = values == null ? List.of() : values;
        if (!v.isEmpty()) {
            text = v.get(0);
            single = v.get(0);
            multi = new ArrayList<>(v);
        }
    }

    public static List<AttributeField> of(List<MemberAttribute> definitions, Map<Long, List<String>> values) {
        return new ArrayList<>(definitions.stream().map(a -> new AttributeField(a, values.get(a.id()))).toList());
    }

    /** The values of every field, as the boundary takes them. */
    public static Map<Long, List<String>> values(List<AttributeField> fields) {
        Map<Long, List<String>> out = new HashMap<>();
        for (AttributeField f : fields) {
            out.put(f.id, f.submitted());
        }
        return out;
    }

    private List<String> submitted() {
        return switch (kind) {
            case "TEXT" -> text == null ? List.of() : List.of(text);
            case "SINGLE" -> single == null || single.isEmpty() ? List.of() : List.of(single);
            default -> multi == null ? List.of() : new ArrayList<>(multi);
        };
    }

    public long getId() { return id; }
    public String getLabel() { return label; }
    public String getKind() { return kind; }
    public List<String> getChoices() { return choices; }
    public boolean isRequired() { return required; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getSingle() { return single; }
    public void setSingle(String single) { this.single = single; }
    public List<String> getMulti() { return multi; }
    public void setMulti(List<String> multi) { this.multi = multi; }
}
