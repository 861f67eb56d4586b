package org.renraku.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ResourcePropertiesTest {

    @Test
    void resolveShouldTakeTheVariableOrTheDefault() {
        Properties p = new Properties();
        p.setProperty("mail.imap.host", "${ENV=RENRAKU_INBOUND_HOST:localhost}");
        p.setProperty("mail.imap.port", "${ENV=RENRAKU_INBOUND_PORT:143}");
        p.setProperty("mail.imap.password", "${ENV=RENRAKU_INBOUND_PASSWORD:}");
        p.setProperty("plain", "x");
        Properties r = ResourceProperties.resolve(p, Map.of("RENRAKU_INBOUND_HOST", "127.0.0.1")::get);
        assertThat(r.getProperty("mail.imap.host")).isEqualTo("127.0.0.1");
        assertThat(r.getProperty("mail.imap.port")).isEqualTo("143");
        assertThat(r.getProperty("mail.imap.password")).isEmpty();
        assertThat(r.getProperty("plain")).isEqualTo("x");
    }
}
