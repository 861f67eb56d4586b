package org.renraku.members.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.entity.Member;
import org.renraku.members.entity.MemberAttribute;

/**
 * Checks the attribute values a member or an admin submitted against the network's attribute definitions.
 * Values are lists of strings: TEXT and SINGLE hold at most one element, MULTI any number of choices.
 * <ul>
 * <li>text: control characters removed, stripped, at most {@value #TEXT_MAX} characters;</li>
 * <li>a choice must be one of the attribute's choices (a stale form cannot store a removed choice);</li>
 * <li>a required attribute needs a value; an admin-only attribute is not the member's to set: it keeps its
 *     stored value when the member submits the form.</li>
 * </ul>
 */
public final class AttributeValues {

    public static final int TEXT_MAX = 200;

    private AttributeValues() {
    }

    /**
     * The cleaned values, keyed by attribute id in the order of the definitions.
     *
     * @param byMember true for the member's own pages: admin-only attributes are taken from {@code stored}
     * @throws MemberException with {@code member.error.attribute*} and the attribute's label as argument
     */
    public static Map<Long, List<String>> clean(List<MemberAttribute> definitions, Map<Long, List<String>> submitted,
                                                Map<Long, List<String>> stored, boolean byMember) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (MemberAttribute a : definitions) {
            if (byMember && a.adminOnly()) {
                List<String> kept = stored == null ? null : stored.get(a.id());
                if (kept != null && !kept.isEmpty()) {
                    out.put(a.id(), kept);
                }
                continue;
            }
            List<String> values = cleanOne(a, submitted == null ? null : submitted.get(a.id()));
            if (values.isEmpty()) {
                if (a.required() && !(byMember && a.adminOnly())) {
                    throw new MemberException(MemberException.ATTRIBUTE_REQUIRED, a.label());
                }
                continue;
            }
            out.put(a.id(), values);
        }
        return out;
    }

    private static List<String> cleanOne(MemberAttribute a, List<String> raw) {
        List<String> given = new ArrayList<>();
        if (raw != null) {
            for (String v : raw) {
                String c = Member.cleanName(v);
                if (!c.isEmpty()) {
                    given.add(c);
                }
            }
        }
        switch (a.kind()) {
            case TEXT -> {
                if (given.isEmpty()) {
                    return List.of();
                }
                String text = given.get(0);
                if (text.length() > TEXT_MAX) {
                    throw new MemberException(MemberException.ATTRIBUTE_TOO_LONG, a.label(), String.valueOf(TEXT_MAX));
                }
                return List.of(text);
            }
            case SINGLE -> {
                if (given.isEmpty()) {
                    return List.of();
                }
                if (given.size() > 1 || !a.choices().contains(given.get(0))) {
                    throw new MemberException(MemberException.ATTRIBUTE_INVALID, a.label());
                }
                return List.of(given.get(0));
            }
            default -> {
                LinkedHashSet<String> chosen = new LinkedHashSet<>();
                for (String v : given) {
                    if (!a.choices().contains(v)) {
                        throw new MemberException(MemberException.ATTRIBUTE_INVALID, a.label());
                    }
                    chosen.add(v);
                }
                // in the order of the choices, whatever order the form sent them in
                return a.choices().stream().filter(chosen::contains).toList();
            }
        }
    }
}
