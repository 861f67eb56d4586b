package org.renraku.web.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.renraku.answers.boundary.AnswerTargets;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.web.i18n.Messages;

/**
 * A recipient filter as one line people read, next to the compose page's live count and beside each
 * saved group: 「学年: 1年 または 2年 かつ クラス: 2組」. Values of one attribute (and carriers) are joined by
 * "or", the parts by "and"; the answer status names the earlier broadcast; hand-picked members are named (the first
 * {@link #NAMES_SHOWN}, then "and N more") and joined as the filter combines them ({@link RecipientFilter.MemberMode}):
 * after the conditions with "and also" (ALSO), or as one more "and" part (ONLY). Every word comes from the bundle.
 *
 * @param locale     the language of the page
 * @param attributes attribute labels by id (an id not there is shown as a deleted attribute)
 * @param members    member names by id (an id not there is shown as a deleted member)
 * @param asked      the earlier broadcasts with answers by id (their subjects and choices)
 */
public record TargetSummary(Locale locale, Map<Long, String> attributes, Map<Long, String> members,
                            Map<Long, AnswerTargets.Asked> asked) {

    /** How many picked members are named before "and N more". */
    static final int NAMES_SHOWN = 3;

    public String of(RecipientFilter filter) {
        if (filter.isAll()) {
            return text("target.summary.all");
        }
        List<String> parts = new ArrayList<>();
        filter.attributes().forEach((id, values) -> parts.add(text("target.summary.attribute",
                attributes.getOrDefault(id, text("target.attribute.deleted", String.valueOf(id))), or(values))));
        if (!filter.carriers().isEmpty()) {
            parts.add(text("target.summary.carriers",
                    or(filter.carriers().stream().map(c -> text("members.carrier." + c)).toList())));
        }
        if (filter.answers() != null) {
            parts.add(answers(filter.answers()));
        }
        if (filter.members().isEmpty()) {
            return and(parts);
        }
        String picked = picked(filter.members());
        if (parts.isEmpty()) {
            return picked;
        }
        if (filter.memberMode() == RecipientFilter.MemberMode.ONLY) {
            parts.add(0, picked);
            return and(parts);
        }
        return text("target.summary.also", and(parts), picked);
    }

    private String answers(RecipientFilter.AnswerCondition condition) {
        AnswerTargets.Asked a = asked.get(condition.broadcastId());
        String broadcast = a == null ? text("target.summary.answers.unknown", String.valueOf(condition.broadcastId()))
                : a.subject();
        String code = condition.code();
        String status;
        if (code.startsWith("CHOICE-")) {
            int n = Integer.parseInt(code.substring("CHOICE-".length()));
            status = text("target.summary.answers.CHOICE",
                    a != null && n >= 1 && n <= a.choices().size() ? a.choices().get(n - 1) : String.valueOf(n));
        } else {
            status = text("target.summary.answers." + code);
        }
        return text("target.summary.answers", broadcast, status);
    }

    private String picked(List<Long> ids) {
        List<String> names = new ArrayList<>();
        for (Long id : ids.subList(0, Math.min(NAMES_SHOWN, ids.size()))) {
            String name = members.get(id);
            names.add(name == null ? text("target.members.deleted", String.valueOf(id)) : name);
        }
        String shown = names.stream().reduce((x, y) -> text("target.summary.names", x, y)).orElse("");
        if (ids.size() > NAMES_SHOWN) {
            shown = text("target.summary.moreNames", shown, ids.size() - NAMES_SHOWN);
        }
        return text("target.summary.members", ids.size(), shown);
    }

    private String or(List<String> values) {
        return values.stream().reduce((a, b) -> text("target.summary.or", a, b)).orElse("");
    }

    private String and(List<String> parts) {
        return parts.stream().reduce((a, b) -> text("target.summary.and", a, b)).orElse("");
    }

    private String text(String key, Object... arguments) {
        return Messages.text(locale, key, arguments);
    }
}
