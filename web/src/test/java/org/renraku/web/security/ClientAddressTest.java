package org.renraku.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For counts only when the request comes from a configured proxy, and only from the right. */
class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheHeaderShouldBeIgnored() {
        assertThat(ClientAddress.of("198.51.100.7", List.of("203.0.113.9"), "")).isEqualTo("198.51.100.7");
    }

    @Test
    void aHeaderFromAnUntrustedPeerShouldBeIgnored() {
        assertThat(ClientAddress.of("198.51.100.7", List.of("203.0.113.9"), "10.0.0.1,192.168.0.0/16"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyShouldNameTheClientAsTheRightmostUntrustedHop() {
        assertThat(ClientAddress.of("10.0.0.1", List.of("203.0.113.9"), "10.0.0.1")).isEqualTo("203.0.113.9");
        // the client wrote "1.2.3.4" itself; the proxy appended the address it saw
        assertThat(ClientAddress.of("10.0.0.1", List.of("1.2.3.4, 203.0.113.9"), "10.0.0.0/8")).isEqualTo("203.0.113.9");
        // two proxies of ours in a row
        assertThat(ClientAddress.of("10.0.0.1", List.of("203.0.113.9, 10.0.0.2"), "10.0.0.0/8")).isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of("10.0.0.1", List.of("1.2.3.4", "203.0.113.9"), "10.0.0.0/8")).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6ProxiesAndClientsShouldWork() {
        assertThat(ClientAddress.of("2001:db8::1", List.of("2001:db8:ffff::42"), "2001:db8::/64"))
                .isEqualTo("2001:db8:ffff:0:0:0:0:42");
    }

    @Test
    void aMalformedOrMissingHeaderShouldLeaveThePeer() {
        assertThat(ClientAddress.of("10.0.0.1", List.of("evil.example, <script>"), "10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(ClientAddress.of("10.0.0.1", List.of(), "10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(ClientAddress.literal("localhost")).isEmpty();
        assertThat(ClientAddress.literal("abc")).isEmpty();
    }

    @Test
    void aBadConfigurationShouldSaySoClearly() {
        assertThatThrownBy(() -> ClientAddress.of("10.0.0.1", List.of(), "proxy.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renraku.trusted-proxies");
        assertThatThrownBy(() -> ClientAddress.of("10.0.0.1", List.of(), "10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }
}
