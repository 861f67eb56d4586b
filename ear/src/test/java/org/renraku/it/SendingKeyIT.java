package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;

/**
 * The DKIM key of the sending domain as the console's 送信設定 page generates it: through the boundary, for the
 * admin's network, audited; a rotation under a new selector; refused to another network while the key is this
 * one's; and the broadcast job signs with the key generated last, which dkimpy verifies against the TXT record
 * the page shows.
 */
@ExtendWith(ArquillianExtension.class)
class SendingKeyIT {

    private static final String DOMAIN = "renraku.test"; // of renraku.mail.from, the From of broadcasts

    @Inject
    Fixtures fixtures;

    @Inject
    DkimKeyring keyring;

    @Inject
    BroadcastJobs jobs;

    @Test
    void anAdminShouldGenerateAndRotateTheKeyThatTheJobSignsWith() throws Exception {
        // other tests leave the service's own key (network NULL) active for the domain: retire it, as an operator would
        jobs.exec("UPDATE dkim_keys SET active = FALSE WHERE domain = '" + DOMAIN + "'");
        long network = fixtures.network();
        long other = fixtures.network();
        assertThat(keyring.sendingDomain()).isEqualTo(DOMAIN);
        DkimKeyring.SendingKey none = keyring.sendingKey(network);
        assertThat(none.hasKey()).isFalse();
        assertThat(none.manageable()).isTrue();

        DkimKeyring.DnsRecord first = keyring.generateForNetwork(network, "it-admin", "192.0.2.1");
        assertThat(first.selector()).matches("rk\\d{8}(-\\d+)?");
        assertThat(first.name()).isEqualTo(first.selector() + "._domainkey." + DOMAIN);
        assertThat(first.txt()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN"); // RSA-2048 SubjectPublicKeyInfo
        DkimKeyring.SendingKey mine = keyring.sendingKey(network);
        assertThat(mine.record()).isEqualTo(first);
        assertThat(mine.manageable()).isTrue();
        assertThat(mine.createdAt()).isNotNull();

        // another network sees the record but may not replace this network's key
        DkimKeyring.SendingKey theirs = keyring.sendingKey(other);
        assertThat(theirs.record()).isEqualTo(first);
        assertThat(theirs.manageable()).isFalse();
        assertThatThrownBy(() -> keyring.generateForNetwork(other, "intruder", "192.0.2.2"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.NOT_OURS));
        assertThat(keyring.sendingKey(network).record()).isEqualTo(first);

        DkimKeyring.DnsRecord second = keyring.generateForNetwork(network, "it-admin", "192.0.2.1");
        assertThat(second.selector()).isNotEqualTo(first.selector()).startsWith(first.selector().replaceAll("-\\d+$", ""));
        assertThat(second.txt()).isNotEqualTo(first.txt());
        assertThat(jobs.rows("SELECT selector, active, network_id FROM dkim_keys WHERE domain = '" + DOMAIN
                + "' AND selector IN ('" + first.selector() + "', '" + second.selector() + "') ORDER BY id"))
                .containsExactly(List.of(first.selector(), "0", Long.toString(network)),
                        List.of(second.selector(), "1", Long.toString(network)));
        assertThat(jobs.rows("SELECT actor, subject, detail, client_address FROM audit_events WHERE network_id = " + network
                + " AND kind = 'DKIM_KEY_GENERATED' ORDER BY id")).containsExactly(
                Arrays.asList("it-admin", null, DOMAIN + ": selector " + first.selector(), "192.0.2.1"),
                Arrays.asList("it-admin", null, DOMAIN + ": selector " + second.selector() + ", replaces "
                        + first.selector(), "192.0.2.1"));
        assertThat(jobs.value("SELECT COUNT(*) FROM audit_events WHERE network_id = " + other
                + " AND kind = 'DKIM_KEY_GENERATED'")).isEqualTo("0");

        // the job signs with the key generated last; dkimpy verifies it against the record the page shows
        String tag = Fixtures.unique("k");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.member(network, tag + "-1@example.jp", "会員");
            jobs.member(network, tag + "-2@docomo.ne.jp", "会員");
            long broadcast = jobs.draft(network, "署名 " + tag, "本文です。");
            jobs.sendTo(smtp, network, broadcast);
            assertThat(smtp.received()).hasSize(2);
            for (ScriptedSmtpServer.Received r : smtp.received()) {
                String raw = new String(r.data(), StandardCharsets.UTF_8);
                assertThat(raw).contains("s=" + second.selector() + ";").contains("d=" + DOMAIN + ";");
                assertThat(Dkimpy.verify(second.selector(), DOMAIN, second.txt(), r.data())).isEqualTo("dkim=pass");
                assertThat(Dkimpy.verify(second.selector(), DOMAIN, first.txt(), r.data())).isNotEqualTo("dkim=pass");
            }
        }
    }
}
