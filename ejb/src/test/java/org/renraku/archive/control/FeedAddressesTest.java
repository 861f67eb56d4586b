package org.renraku.archive.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeedAddressesTest {

    private static final byte[] KEY = "test key".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSecretDependsOnNetworkAndVersionAndParsesBackFromTheFileName() {
        String s1 = FeedAddresses.secret(KEY, 7, 1);
        assertThat(s1).matches("[a-z2-7]{16}");
        assertThat(FeedAddresses.secret(KEY, 7, 2)).isNotEqualTo(s1);
        assertThat(FeedAddresses.secret(KEY, 8, 1)).isNotEqualTo(s1);
        String url = FeedAddresses.url("https://r.example", 7, s1);
        assertThat(url).isEqualTo("https://r.example/feed/7-" + s1 + ".atom");
        FeedAddresses.Presented p = FeedAddresses.parse(FeedAddresses.fileName(7, s1).toUpperCase()).orElseThrow();
        assertThat(p.networkId()).isEqualTo(7);
        assertThat(FeedAddresses.matches(s1, p.secret())).isTrue();
        assertThat(FeedAddresses.matches(s1, FeedAddresses.secret(KEY, 7, 2))).isFalse();
        assertThat(FeedAddresses.matches(s1, null)).isFalse();
        assertThat(FeedAddresses.parse("7.atom")).isEmpty();
        assertThat(FeedAddresses.parse("x-abc.atom")).isEmpty();
        assertThat(FeedAddresses.parse(null)).isEmpty();
    }
}
