package org.renraku.delivery.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.renraku.members.entity.Carrier;

class CarrierGroupTest {

    @Test
    void everyCarrierShouldHaveAGroupAndYmobileShouldGoWithSoftbank() {
        EnumSet<CarrierGroup> used = EnumSet.noneOf(CarrierGroup.class);
        for (Carrier c : Carrier.values()) {
            used.add(CarrierGroup.of(c));
        }

        assertThat(used).containsExactlyInAnyOrder(CarrierGroup.values());
        assertThat(CarrierGroup.of(Carrier.YMOBILE)).isEqualTo(CarrierGroup.SOFTBANK);
        assertThat(CarrierGroup.of(Carrier.OUTLOOK)).isEqualTo(CarrierGroup.MICROSOFT);
    }

    @Test
    void theJapaneseMobileGroupsShouldBeTheJapaneseMobileCarriers() {
        for (Carrier c : Carrier.values()) {
            assertThat(CarrierGroup.of(c).japaneseMobile()).as(c.name()).isEqualTo(c.japaneseMobile());
        }
    }

    @Test
    void theCarrierGroupSqlShouldMapAsCarrierGroupDoes() {
        String sql = CarrierGroup.sqlOfMemberCarrier();
        for (Carrier c : Carrier.values()) {
            assertThat(sql).contains("WHEN '" + c.name() + "' THEN '" + CarrierGroup.of(c).name() + "'");
        }
        assertThat(sql).startsWith("CASE m.carrier").endsWith(" ELSE 'OTHER' END");
    }
}
