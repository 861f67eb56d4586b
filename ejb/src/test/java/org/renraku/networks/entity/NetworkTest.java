package org.renraku.networks.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

    private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

    @Test
    void newNetworkShouldBeActiveAndOpenForJoining() {
        Network network = new Network("sakura-pta", " さくら小学校PTA ", NOW);
        assertThat(network.status()).isEqualTo(Network.Status.ACTIVE);
        assertThat(network.joiningOpen()).isTrue();
        assertThat(network.name()).isEqualTo("さくら小学校PTA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Sakura", "sakura_pta", "-sakura", "sakura-", "さくら"})
    void slugShouldBeLowerCaseAsciiBecauseItBecomesAMailLocalPart(String slug) {
        assertThatThrownBy(() -> new Network(slug, "name", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nameShouldNotBeBlank() {
        assertThatThrownBy(() -> new Network("sakura", "  ", NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
