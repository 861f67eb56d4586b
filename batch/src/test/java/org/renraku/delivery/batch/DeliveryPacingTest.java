package org.renraku.delivery.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

class DeliveryPacingTest {

    @Test
    void withoutSettingsTheOperatorsLimitsShouldHold() {
        Map<CarrierGroup, Pacing.Group> limits = Map.of(CarrierGroup.DOCOMO, new Pacing.Group(3, 9, 50, 4));
        Pacing p = DeliveryPacing.of(new Properties(), limits, name -> Optional.empty());
        assertThat(p.paced()).isTrue();
        assertThat(p.group(CarrierGroup.DOCOMO)).isEqualTo(new Pacing.Group(3, 9, 50, 4));
        assertThat(p.group(CarrierGroup.GMAIL)).isEqualTo(Pacing.Group.defaults(CarrierGroup.GMAIL));
        assertThat(p.plan(List.of(CarrierGroup.DOCOMO))).extracting(Pacing.Lane::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aJobParameterShouldWinOverConfigurationAndMobileLimitsStay() {
        Map<String, String> config = Map.of("renraku.delivery.messages-per-connection", "500");
        Properties params = new Properties();
        Pacing fromConfig = DeliveryPacing.of(params, Map.of(), n -> Optional.ofNullable(config.get(n)));
        assertThat(fromConfig.group(CarrierGroup.GMAIL).messagesPerConnection()).isEqualTo(500);
        assertThat(fromConfig.group(CarrierGroup.DOCOMO).messagesPerConnection()).isEqualTo(100);

        params.setProperty("messagesPerConnection", "5");
        params.setProperty("pacing", "off");
        Pacing fromJob = DeliveryPacing.of(params, Map.of(), n -> Optional.ofNullable(config.get(n)));
        List<Pacing.Lane> lanes = fromJob.plan(List.of(CarrierGroup.OTHER));
        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0).messagesPerConnection()).isEqualTo(5);
        assertThat(fromJob.paced()).isFalse();
    }
}
