package org.renraku.members.control;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.renraku.members.boundary.MemberException;

/**
 * What a yearly roll-over (年度切り替え) does to one single-choice attribute: for each old value, a new value, 退会
 * (LEAVE) or 停止 (SUSPEND); a value without a change stays as it is. {@code 1年→2年, 2年→3年, 3年→退会}.
 * <p>
 * The changes are meant <em>simultaneously</em>: a member's change is chosen by the value they had before
 * the roll-over, so {@code 1年→2年} and {@code 2年→3年} never make a 1年 member a 3年 one. The plan itself is only
 * the mapping; {@link org.renraku.members.boundary.RollOver} picks the members by their old value before it
 * writes anything.
 * <p>
 * Checked when made ({@link #of}): a new value must be one of the attribute's choices (a stale form cannot
 * write a removed choice), and a value mapped to itself is no change. Refusals are
 * {@link MemberException}s with a {@code rollover.error.*} key.
 */
public final class RollOverPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String NOTHING_TO_DO = "rollover.error.nothing";
    public static final String TARGET_INVALID = "rollover.error.target";

    /** What happens to the members who have a value. */
    public enum Action { VALUE, LEAVE, SUSPEND }

    /** One change: to a new {@code value} (VALUE), or 退会 / 停止 with the value kept as it is. */
    public record Change(Action action, String value) implements Serializable {

        public Change {
            Objects.requireNonNull(action, "action");
            if (action == Action.VALUE && (value == null || value.isEmpty())) {
                throw new IllegalArgumentException("A VALUE change needs a value");
            }
            if (action != Action.VALUE) {
                value = null;
            }
        }

        public static Change to(String value) {
            return new Change(Action.VALUE, value);
        }

        public static Change leave() {
            return new Change(Action.LEAVE, null);
        }

        public static Change suspend() {
            return new Change(Action.SUSPEND, null);
        }

        /** {@code 2年}, {@code LEFT} or {@code SUSPENDED}: how the audit log writes it. */
        public String describe() {
            return switch (action) {
                case VALUE -> value;
                case LEAVE -> "LEFT";
                case SUSPEND -> "SUSPENDED";
            };
        }
    }

    private final long attributeId;
    private final String label;
    private final LinkedHashMap<String, Change> changes;

    private RollOverPlan(long attributeId, String label, LinkedHashMap<String, Change> changes) {
        this.attributeId = attributeId;
        this.label = label;
        this.changes = changes;
    }

    /**
     * The plan for one attribute.
     *
     * @param choices the attribute's choices: the only values a member may be given
     * @param wanted  old value → change, in display order; a value not given (or mapped to itself) stays
     * @throws MemberException {@link #TARGET_INVALID} with the value as argument when a new value is not a
     *                         choice; {@link #NOTHING_TO_DO} when nothing would change
     */
    public static RollOverPlan of(long attributeId, String label, List<String> choices, Map<String, Change> wanted) {
        LinkedHashMap<String, Change> changes = new LinkedHashMap<>();
        if (wanted != null) {
            wanted.forEach((from, change) -> {
                if (from == null || change == null) {
                    return;
                }
                if (change.action() == Action.VALUE) {
                    if (!choices.contains(change.value())) {
                        throw new MemberException(TARGET_INVALID, change.value());
                    }
                    if (change.value().equals(from)) {
                        return;
                    }
                }
                changes.put(from, change);
            });
        }
        if (changes.isEmpty()) {
            throw new MemberException(NOTHING_TO_DO);
        }
        return new RollOverPlan(attributeId, label, changes);
    }

    /** The change for a member whose value was {@code from}, or null when it stays. */
    public Change changeOf(String from) {
        return changes.get(from);
    }

    /** The old values that change, in the order of the plan. */
    public List<String> froms() {
        return List.copyOf(changes.keySet());
    }

    /**
     * The old values whose members all change (a new value or 退会). 停止 is not among them: it changes only
     * active members ({@link #suspendedFroms()}).
     */
    public List<String> everyoneFroms() {
        return changes.entrySet().stream().filter(e -> e.getValue().action() != Action.SUSPEND)
                .map(Map.Entry::getKey).toList();
    }

    /** The old values whose active members are suspended (a suspended or pending member stays as it is). */
    public List<String> suspendedFroms() {
        return changes.entrySet().stream().filter(e -> e.getValue().action() == Action.SUSPEND)
                .map(Map.Entry::getKey).toList();
    }

    public Map<String, Change> changes() {
        return Collections.unmodifiableMap(changes);
    }

    /** {@code 1年→2年 12, 2年→3年 10, 3年→LEFT 9}: the plan with the number of members per change. */
    public String describe(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        changes.forEach((from, change) -> parts.add(from + "→" + change.describe() + " "
                + counts.getOrDefault(from, 0L)));
        return String.join(", ", parts);
    }

    public long attributeId() { return attributeId; }
    public String label() { return label; }
}
