package org.renraku.delivery.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.boundary.CarrierLimits.Limits;
import org.renraku.delivery.boundary.CarrierLimits.Problem;
import org.renraku.delivery.entity.CarrierGroup;

/** The rules of the operator's limits per carrier group, and what the audit says about a change. */
class CarrierLimitsTest {

    private static List<String> fields(Limits limits) {
        return CarrierLimits.problems(limits).stream().map(Problem::field).toList();
    }

    @Test
    void theDefaultsOfEveryGroupAreAllowed() {
        for (CarrierGroup g : CarrierGroup.values()) {
            assertThat(CarrierLimits.problems(Limits.defaults(g))).as(g.name()).isEmpty();
        }
    }

    @Test
    void connectionsAreOneToSixtyFour() {
        assertThat(fields(new Limits(CarrierGroup.DOCOMO, 0, 100, 5, 20, 5))).containsExactly("connections");
        assertThat(fields(new Limits(CarrierGroup.DOCOMO, 65, 100, 5, 20, 5))).containsExactly("connections");
        assertThat(fields(new Limits(CarrierGroup.DOCOMO, 1, 100, 5, 20, 5))).isEmpty();
        assertThat(fields(new Limits(CarrierGroup.DOCOMO, 64, 100, 5, 20, 5))).isEmpty();
        assertThat(CarrierLimits.problems(new Limits(CarrierGroup.DOCOMO, 65, 100, 5, 20, 5)).get(0).arguments())
                .containsExactly("1", "64");
    }

    @Test
    void japaneseMobileCarriersTakeAtMostOneHundredMessagesPerConnectionOthersOneThousand() {
        for (CarrierGroup g : List.of(CarrierGroup.DOCOMO, CarrierGroup.AU, CarrierGroup.SOFTBANK,
                CarrierGroup.RAKUTEN)) {
            List<Problem> p = CarrierLimits.problems(new Limits(g, 2, 101, 5, 20, 5));
            assertThat(p).as(g.name()).extracting(Problem::field).containsExactly("messagesPerConnection");
            assertThat(p.get(0).key()).isEqualTo("operator.carriers.error.messagesPerConnectionMobile");
            assertThat(p.get(0).arguments()).containsExactly("1", "100");
            assertThat(fields(new Limits(g, 2, 100, 5, 20, 5))).isEmpty();
        }
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 1000, 5, 20, 5))).isEmpty();
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 1001, 5, 20, 5))).containsExactly("messagesPerConnection");
        assertThat(fields(new Limits(CarrierGroup.OTHER, 2, 0, 5, 20, 5))).containsExactly("messagesPerConnection");
    }

    @Test
    void ratesAreAboveZeroAndAtMostTenThousandAndTheUrgentRateIsNeverBelowTheNormalOne() {
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, 0, 20, 5))).containsExactly("perSecond");
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, -1, 20, 5))).containsExactly("perSecond");
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, Double.NaN, 20, 5))).containsExactly("perSecond");
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, 5, 10_000.5, 5))).containsExactly("urgentPerSecond");
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, 10_000, 10_000, 5))).isEmpty();
        assertThat(fields(new Limits(CarrierGroup.GMAIL, 2, 100, 0.5, 0.5, 5))).isEmpty();
        List<Problem> below = CarrierLimits.problems(new Limits(CarrierGroup.GMAIL, 2, 100, 20, 10, 5));
        assertThat(below).extracting(Problem::key).containsExactly("operator.carriers.error.urgentBelowNormal");
        assertThat(below.get(0).arguments()).containsExactly("20");
    }

    @Test
    void quietMinutesAreZeroToThirty() {
        assertThat(fields(new Limits(CarrierGroup.AU, 2, 100, 5, 20, -1))).containsExactly("quietMinutes");
        assertThat(fields(new Limits(CarrierGroup.AU, 2, 100, 5, 20, 31))).containsExactly("quietMinutes");
        assertThat(fields(new Limits(CarrierGroup.AU, 2, 100, 5, 20, 0))).isEmpty();
        assertThat(fields(new Limits(CarrierGroup.AU, 2, 100, 5, 20, 30))).isEmpty();
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        assertThat(fields(new Limits(CarrierGroup.SOFTBANK, 0, 500, 0, 0, 60)))
                .containsExactly("connections", "messagesPerConnection", "perSecond", "urgentPerSecond",
                        "quietMinutes");
    }

    @Test
    void theAuditNamesWhatChangedFromAndTo() {
        Limits before = new Limits(CarrierGroup.DOCOMO, 2, 100, 5, 20, 5);
        assertThat(CarrierLimits.changes(before, before)).isEmpty();
        assertThat(CarrierLimits.changes(before, new Limits(CarrierGroup.DOCOMO, 4, 80, 2.5, 20, 10)))
                .isEqualTo("connections 2→4, messages_per_connection 100→80, per_second 5→2.5, quiet_minutes 5→10");
    }

    @Test
    void theRateAllowedNowIsTheLimitHalvedOnceForEachHalving() {
        assertThat(CarrierStates.allowed(8, 0)).isEqualTo(8);
        assertThat(CarrierStates.allowed(8, 1)).isEqualTo(4);
        assertThat(CarrierStates.allowed(8, 3)).isEqualTo(1);
        assertThat(CarrierStates.allowed(5, -2)).isEqualTo(5);
    }
}
