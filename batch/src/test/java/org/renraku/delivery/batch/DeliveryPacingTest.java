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
    void withoutSettingsTheDefaultsShouldHold() {
        Pacing p = DeliveryPacing.of(new Properties(), name -> Optional.empty());
        assertThat(p.avoidFirstMinutes()).isEqualTo(5);
        assertThat(p.group(CarrierGroup.DOCOMO)).isEqualTo(Pacing.Group.defaults(CarrierGroup.DOCOMO));
    }

    @Test
    void aJobParameterShouldWinOverConfigurationAndMobileLimitsStay() {
        Map<String, String> config = Map.of("renraku.delivery.messages-per-connection", "500",
                "renraku.delivery.avoid-first-minutes", "0", "renraku.delivery.connections", "1");
        Properties params = new Properties();
        Pacing fromConfig = DeliveryPacing.of(params, n -> Optional.ofNullable(config.get(n)));
        assertThat(fromConfig.group(CarrierGroup.GMAIL).messagesPerConnection()).isEqualTo(500);
        assertThat(fromConfig.group(CarrierGroup.DOCOMO).messagesPerConnection()).isEqualTo(100);
        assertThat(fromConfig.avoidFirstMinutes()).isZero();

        params.setProperty("messagesPerConnection", "5");
        params.setProperty("pacing", "off");
        Pacing fromJob = DeliveryPacing.of(params, n -> Optional.ofNullable(config.get(n)));
        List<Pacing.Lane> lanes = fromJob.plan(List.of(CarrierGroup.OTHER), false);
        assertThat(lanes).hasSize(1);
        assertThat(lanes.get(0).messagesPerConnection()).isEqualTo(5);
        assertThat(lanes.get(0).perSecond()).isGreaterThan(1000);
    }
}
