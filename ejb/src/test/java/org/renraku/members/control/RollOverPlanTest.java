package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.control.RollOverPlan.Action;
import org.renraku.members.control.RollOverPlan.Change;

class RollOverPlanTest {

    private static final List<String> GRADES = List.of("1年", "2年", "3年");

    @Test
    void everyOldValueHasItsOwnChangeAndUnmappedValuesStay() {
        RollOverPlan plan = RollOverPlan.of(7, "学年", GRADES, mapping(
                "1年", Change.to("2年"), "2年", Change.to("3年"), "3年", Change.leave()));

        assertThat(plan.changeOf("1年")).isEqualTo(Change.to("2年"));
        assertThat(plan.changeOf("2年")).isEqualTo(Change.to("3年"));
        assertThat(plan.changeOf("3年").action()).isEqualTo(Action.LEAVE);
        assertThat(plan.changeOf("4年")).isNull();
        assertThat(plan.froms()).containsExactly("1年", "2年", "3年");
        assertThat(plan.everyoneFroms()).containsExactly("1年", "2年", "3年");
        assertThat(plan.suspendedFroms()).isEmpty();
    }

    @Test
    void suspendIsKeptApartBecauseItChangesOnlyActiveMembers() {
        RollOverPlan plan = RollOverPlan.of(7, "学年", GRADES, mapping("1年", Change.to("2年"), "3年", Change.suspend()));

        assertThat(plan.everyoneFroms()).containsExactly("1年");
        assertThat(plan.suspendedFroms()).containsExactly("3年");
    }

    @Test
    void aValueMappedToItselfIsNoChange() {
        RollOverPlan plan = RollOverPlan.of(7, "学年", GRADES, mapping("1年", Change.to("1年"), "2年", Change.to("3年")));

        assertThat(plan.froms()).containsExactly("2年");
    }

    @Test
    void aNewValueMustBeAChoiceOfTheAttribute() {
        assertThatThrownBy(() -> RollOverPlan.of(7, "学年", GRADES, mapping("3年", Change.to("卒業"))))
                .isInstanceOf(MemberException.class)
                .satisfies(e -> {
                    assertThat(((MemberException) e).key()).isEqualTo(RollOverPlan.TARGET_INVALID);
                    assertThat(((MemberException) e).arguments()).containsExactly("卒業");
                });
    }

    @Test
    void aPlanThatChangesNothingIsRefused() {
        assertThatThrownBy(() -> RollOverPlan.of(7, "学年", GRADES, Map.of()))
                .isInstanceOf(MemberException.class).hasMessage(RollOverPlan.NOTHING_TO_DO);
        assertThatThrownBy(() -> RollOverPlan.of(7, "学年", GRADES, mapping("2年", Change.to("2年"))))
                .isInstanceOf(MemberException.class).hasMessage(RollOverPlan.NOTHING_TO_DO);
    }

    @Test
    void leaveAndSuspendKeepNoValue() {
        assertThat(new Change(Action.LEAVE, "2年").value()).isNull();
        assertThatThrownBy(() -> new Change(Action.VALUE, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesEveryChangeWithItsCountForTheAuditLog() {
        RollOverPlan plan = RollOverPlan.of(7, "学年", GRADES, mapping(
                "1年", Change.to("2年"), "2年", Change.to("3年"), "3年", Change.leave(), "4年", Change.suspend()));

        assertThat(plan.describe(Map.of("1年", 3L, "2年", 2L, "3年", 2L)))
                .isEqualTo("1年→2年 3, 2年→3年 2, 3年→LEFT 2, 4年→SUSPENDED 0");
    }

    private static Map<String, Change> mapping(Object... pairs) {
        Map<String, Change> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Change) pairs[i + 1]);
        }
        return map;
    }
}
