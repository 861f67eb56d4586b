package org.renraku.delivery.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.entity.CarrierGroup;

class DeliveryRoutingTest {

    private static Function<String, Optional<String>> config(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void byDefaultShapedGroupsGoDirectToPort25AndOtherThroughTheRelay() {
        DeliveryRouting r = DeliveryRouting.of(false, config(Map.of("renraku.base-url", "https://renraku.example.jp/")));

        assertThat(r.mxPort()).isEqualTo(25);
        assertThat(r.ehloName()).as("the host of the base URL").isEqualTo("renraku.example.jp");
        for (CarrierGroup g : CarrierGroup.values()) {
            assertThat(r.direct(g)).as(g.name()).isEqualTo(g != CarrierGroup.OTHER);
        }
        assertThat(DeliveryRouting.of(false, config(Map.of())).ehloName()).isEqualTo("localhost");
    }

    @Test
    void theRelayModeAndARelayGivenForTheRunSendEverythingThroughTheRelay() {
        DeliveryRouting relay = DeliveryRouting.of(false, config(Map.of("renraku.delivery.route", " Relay ")));
        DeliveryRouting given = DeliveryRouting.of(true, config(Map.of("renraku.delivery.route", "direct")));

        for (CarrierGroup g : CarrierGroup.values()) {
            assertThat(relay.direct(g)).isFalse();
            assertThat(given.direct(g)).isFalse();
        }
    }

    @Test
    void mxConnectionsSayTheConfiguredNameAndUseOpportunisticTls() {
        DeliveryRouting r = DeliveryRouting.of(false, config(Map.of("renraku.delivery.mx-port", "3025",
                "renraku.delivery.ehlo-name", "mail.renraku.test")));

        var p = r.mxProperties(true);
        assertThat(p.getProperty("mail.smtp.port")).isEqualTo("3025");
        assertThat(p.getProperty("mail.smtp.localhost")).isEqualTo("mail.renraku.test");
        assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(p.getProperty("mail.smtp.starttls.required")).isEqualTo("false");
        assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("false");
        assertThat(p.getProperty("mail.smtp.connectiontimeout")).isEqualTo("30000");
        assertThat(p.getProperty("mail.smtp.timeout")).isEqualTo("120000");
        assertThat(r.mxProperties(false).getProperty("mail.smtp.starttls.enable")).isEqualTo("false");
    }

    @Test
    void wrongValuesAreNamedInTheError() {
        assertThatThrownBy(() -> DeliveryRouting.of(false, config(Map.of("renraku.delivery.route", "smarthost"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("renraku.delivery.route is 'direct' or 'relay', not 'smarthost'");
        assertThatThrownBy(() -> DeliveryRouting.of(false, config(Map.of("renraku.delivery.mx-port", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("renraku.delivery.mx-port is a port number, not '0'");
        assertThatThrownBy(() -> DeliveryRouting.of(false, config(Map.of("renraku.delivery.mx-port", "smtp"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'smtp'");
    }
}
