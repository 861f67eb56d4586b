package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResendDelaysTest {

    private static final Instant FINISHED = Instant.parse("2026-11-27T03:00:00Z");

    @Test
    void shouldReadTheAdminsMinutesInAnyUsualSpelling() {
        assertThat(ResendDelays.parse("15, 30, 60")).containsExactly(15, 30, 60);
        assertThat(ResendDelays.parse("１５、３０　６０")).containsExactly(15, 30, 60);
        assertThat(ResendDelays.parse(" 90 ")).containsExactly(90);
        assertThat(ResendDelays.parse("")).isEmpty();
        assertThat(ResendDelays.parse(null)).isEmpty();
    }

    @Test
    void shouldRefuseMoreThanThreeOrUnorderedOrOutOfRangeOrWords() {
        assertThat(ResendDelays.problem("15,30,60,120")).isEqualTo(ResendDelays.Problem.TOO_MANY);
        assertThat(ResendDelays.problem("30,15")).isEqualTo(ResendDelays.Problem.NOT_INCREASING);
        assertThat(ResendDelays.problem("15,15")).isEqualTo(ResendDelays.Problem.NOT_INCREASING);
        assertThat(ResendDelays.problem("0")).isEqualTo(ResendDelays.Problem.OUT_OF_RANGE);
        assertThat(ResendDelays.problem("10081")).isEqualTo(ResendDelays.Problem.OUT_OF_RANGE);
        assertThat(ResendDelays.problem("15分")).isEqualTo(ResendDelays.Problem.NOT_A_NUMBER);
        assertThat(ResendDelays.problem("-5")).isEqualTo(ResendDelays.Problem.OUT_OF_RANGE);
        assertThatThrownBy(() -> ResendDelays.parse("a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStoreAndReadBack() {
        assertThat(ResendDelays.format(List.of(15, 30, 60))).isEqualTo("15,30,60");
        assertThat(ResendDelays.format(List.of())).isNull();
        assertThat(ResendDelays.stored("15,30,60")).containsExactly(15, 30, 60);
        assertThat(ResendDelays.stored(null)).isEmpty();
        assertThat(ResendDelays.stored("junk")).isEmpty();
        assertThat(ResendDelays.display(List.of(15, 30, 60))).isEqualTo("15, 30, 60");
    }

    @Test
    void theNextReSendShouldBeTheDelayAfterTheFinishOfTheOnesMadeSoFar() {
        List<Integer> d = List.of(15, 30, 60);
        assertThat(ResendDelays.next(d, 0, FINISHED)).contains(Instant.parse("2026-11-27T03:15:00Z"));
        assertThat(ResendDelays.next(d, 1, FINISHED)).contains(Instant.parse("2026-11-27T03:30:00Z"));
        assertThat(ResendDelays.next(d, 2, FINISHED)).contains(Instant.parse("2026-11-27T04:00:00Z"));
        assertThat(ResendDelays.next(d, 3, FINISHED)).isEmpty();
        assertThat(ResendDelays.next(List.of(15), 1, FINISHED)).isEmpty();
        assertThat(ResendDelays.next(d, 0, null)).isEmpty();
    }

    @Test
    void anAutomaticReSendShouldTakeEveryDelayThatHasPassedAndNothingBefore() {
        List<Integer> d = List.of(15, 30, 60);
        assertThat(ResendDelays.dueThrough(d, 0, FINISHED, FINISHED.plusSeconds(14 * 60))).isZero();
        assertThat(ResendDelays.dueThrough(d, 0, FINISHED, FINISHED.plusSeconds(15 * 60))).isEqualTo(1);
        assertThat(ResendDelays.dueThrough(d, 1, FINISHED, FINISHED.plusSeconds(16 * 60))).isEqualTo(1);
        assertThat(ResendDelays.dueThrough(d, 0, FINISHED, FINISHED.plusSeconds(45 * 60))).as("15 and 30 missed: one")
                .isEqualTo(2);
        assertThat(ResendDelays.dueThrough(d, 1, FINISHED, FINISHED.plusSeconds(24 * 3600))).isEqualTo(3);
        assertThat(ResendDelays.dueThrough(d, 3, FINISHED, FINISHED.plusSeconds(24 * 3600))).isEqualTo(3);
        assertThat(ResendDelays.dueThrough(List.of(), 0, FINISHED, FINISHED.plusSeconds(24 * 3600))).isZero();
    }
}
