package org.renraku.members.control;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.renraku.members.entity.MemberAttribute;

/**
 * What an admin's change does to a member, field by field: the one comparison behind the edit page's audit entry
 * and the CSV update preview. A field that did not change gives no entry; attribute values are compared as the
 * lists they are (a multiple choice in the order of its choices, as {@link AttributeValues#clean} puts it).
 */
public final class MemberChanges {

    /** The fields of a member an admin changes. */
    public enum Field { NAME, ATTRIBUTE, CARRIER, LANGUAGE, MEMO }

    /**
     * One changed field. {@code label}: the attribute's label for {@link Field#ATTRIBUTE}, else null;
     * {@code before}/{@code after}: the values as shown (a multiple choice joined with 「、」, "" for none). For the
     * memo both stay null: its text is not repeated anywhere (see {@link #auditDetail}).
     */
    public record Change(Field field, String label, String before, String after) implements Serializable {
    }

    /**
     * A member's editable fields at one moment. Null carrier, language or memo means "not compared" (the CSV
     * update touches name and attributes only).
     */
    public record State(String name, Map<Long, List<String>> attributes, String carrier, String language,
                        String memo, boolean compareMemo) {

        /** Name and attributes only, as a CSV line carries them. */
        public static State of(String name, Map<Long, List<String>> attributes) {
            return new State(name, attributes, null, null, null, false);
        }
    }

    private MemberChanges() {
    }

    /** The changes from {@code before} to {@code after}, in the order name, attributes (definition order), carrier, language, memo. */
    public static List<Change> between(State before, State after, List<MemberAttribute> definitions) {
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(before.name(), after.name())) {
            changes.add(new Change(Field.NAME, null, nullToEmpty(before.name()), nullToEmpty(after.name())));
        }
        for (MemberAttribute a : definitions) {
            List<String> was = values(before.attributes(), a.id());
            List<String> now = values(after.attributes(), a.id());
            if (!was.equals(now)) {
                changes.add(new Change(Field.ATTRIBUTE, a.label(), shown(was), shown(now)));
            }
        }
        if (after.carrier() != null && !Objects.equals(before.carrier(), after.carrier())) {
            changes.add(new Change(Field.CARRIER, null, nullToEmpty(before.carrier()), after.carrier()));
        }
        if (after.language() != null && !Objects.equals(before.language(), after.language())) {
            changes.add(new Change(Field.LANGUAGE, null, nullToEmpty(before.language()), after.language()));
        }
        if (after.compareMemo() && !Objects.equals(before.memo(), after.memo())) {
            changes.add(new Change(Field.MEMO, null, null, null));
        }
        return List.copyOf(changes);
    }

    /**
     * The audit entry's detail: {@code name: 山田 → 山田 花子; 学年: 1年 → 2年; carrier: DOCOMO → AU;
     * language: ja → en; memo: changed}. The memo's text is left out on purpose: the audit log is written once and
     * never changed, so a memo an admin shortens or empties because it said too much (health, family matters)
     * must not live on there; every admin of the network reads the log. That the memo changed, and by whom, is
     * recorded.
     */
    public static String auditDetail(List<Change> changes) {
        return changes.stream().map(c -> switch (c.field()) {
            case NAME -> "name: " + c.before() + " → " + c.after();
            case ATTRIBUTE -> c.label() + ": " + empty(c.before()) + " → " + empty(c.after());
            case CARRIER -> "carrier: " + c.before() + " → " + c.after();
            case LANGUAGE -> "language: " + c.before() + " → " + c.after();
            case MEMO -> "memo: changed";
        }).collect(Collectors.joining("; "));
    }

    private static List<String> values(Map<Long, List<String>> values, long id) {
        List<String> v = values == null ? null : values.get(id);
        return v == null ? List.of() : List.copyOf(v);
    }

    private static String shown(List<String> values) {
        return String.join(MemberCsv.LIST_SEPARATOR, values);
    }

    private static String empty(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
