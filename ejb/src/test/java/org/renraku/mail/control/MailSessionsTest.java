package org.renraku.mail.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MailSessionsTest {

    @Test
    void propertiesStillWrittenAsEnvReferencesAreResolvedToTheirDefaults() {
        Properties resource = new Properties();
        resource.setProperty("mail.smtp.host", "relay.example.jp");
        resource.setProperty("mail.smtp.port", "${ENV=RENRAKU_TEST_NEVER_SET_PORT:3025}");
        resource.setProperty("mail.smtp.auth", "${ENV=RENRAKU_TEST_NEVER_SET_AUTH:false}");

        Session resolved = MailSessions.resolved(Session.getInstance(resource));

        assertThat(resolved.getProperty("mail.smtp.port")).isEqualTo("3025");
        assertThat(resolved.getProperty("mail.smtp.auth")).isEqualTo("false");
        assertThat(resolved.getProperty("mail.smtp.host")).isEqualTo("relay.example.jp");
    }

    @Test
    void alreadyResolvedPropertiesStayAsTheyAre() {
        Properties resource = new Properties();
        resource.setProperty("mail.smtp.port", "587");
        assertThat(MailSessions.resolved(Session.getInstance(resource)).getProperty("mail.smtp.port")).isEqualTo("587");
    }
}
