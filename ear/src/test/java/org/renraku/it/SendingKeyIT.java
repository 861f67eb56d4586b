package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.control.DkimTxt;

/**
 * The DKIM keys of the service's sending domain belong to the operator: a network's admin is refused by
 * the boundary and sees the status only; the operator's new key is inactive, and its activation is refused until
 * the test DNS (dnsmasq, through renraku.dns.servers) publishes its record with its p=, saying what DNS has; then it
 * replaces the active key in one step, audited, and the broadcasts of two networks are signed with it, which dkimpy
 * verifies against the record published.
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
    void anAdminIsRefusedTheServiceKeyByTheBoundaryAndSeesItsStatusOnly() throws Exception {
        long network = fixtures.network();
        String keysBefore = jobs.value("SELECT COUNT(*) FROM dkim_keys WHERE domain = '" + DOMAIN + "'");
        String activeBefore = jobs.value("SELECT COALESCE(MAX(selector), '-') FROM dkim_keys WHERE domain = '"
                + DOMAIN + "' AND active");

        assertThatThrownBy(() -> keyring.generateForNetwork(network, "intruder", "192.0.2.2"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.OPERATOR_ONLY));

        assertThat(jobs.value("SELECT COUNT(*) FROM dkim_keys WHERE domain = '" + DOMAIN + "'")).isEqualTo(keysBefore);
        assertThat(jobs.value("SELECT COALESCE(MAX(selector), '-') FROM dkim_keys WHERE domain = '" + DOMAIN
                + "' AND active")).isEqualTo(activeBefore);
        assertThat(jobs.value("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind LIKE '%DKIM%'")).isEqualTo("0");
        DkimKeyring.SendingKey status = keyring.sendingKey(network);
        assertThat(status.domain()).isEqualTo(DOMAIN);
        assertThat(status.selector()).isEqualTo(activeBefore.equals("-") ? null : activeBefore);
        // the status carries no key material: domain, selector, when, and what DNS publishes
        assertThat(DkimKeyring.SendingKey.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("domain", "selector", "createdAt", "dns");
    }

    @Test
    void theOperatorsNewKeyIsActivatedOnlyOnceDnsPublishesItThenSignsTheBroadcastsOfTwoNetworks() throws Exception {
        String stamp = Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
        // the key signing now (the service's, network NULL), as another operator made it before
        DkimKeyring.DnsRecord old = keyring.generate(DOMAIN, "old" + stamp, null);
        DkimKeyring.DnsRecord fresh = keyring.generateForOperator("new" + stamp, "operator", "192.0.2.9");
        assertThat(fresh.name()).isEqualTo("new" + stamp + "._domainkey." + DOMAIN);
        assertThat(fresh.txt()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(jobs.rows("SELECT selector, active, network_id IS NULL FROM dkim_keys WHERE domain = '" + DOMAIN
                + "' AND selector IN ('" + old.selector() + "', '" + fresh.selector() + "') ORDER BY id"))
                .containsExactly(List.of(old.selector(), "1", "1"), List.of(fresh.selector(), "0", "1"));
        long freshId = Long.parseLong(jobs.value("SELECT id FROM dkim_keys WHERE selector = '" + fresh.selector() + "'"));
        assertThat(keyring.serviceKeys()).anySatisfy(k -> {
            assertThat(k.id()).isEqualTo(freshId);
            assertThat(k.active()).isFalse();
            assertThat(k.record()).isEqualTo(fresh);
        });
        assertThatThrownBy(() -> keyring.generateForOperator(fresh.selector(), "operator", "192.0.2.9"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.SELECTOR_TAKEN));
        assertThatThrownBy(() -> keyring.generateForOperator("Bad_Selector!", "operator", "192.0.2.9"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.SELECTOR_INVALID));

        try (TestDns dns = TestDns.change()) {
            // nothing published yet
            assertThatThrownBy(() -> keyring.activate(freshId, "operator", "192.0.2.9"))
                    .isInstanceOfSatisfying(DkimKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo(DkimKeyException.DNS_ABSENT);
                        assertThat(e.arguments()).containsExactly(fresh.name());
                    });
            // the old key's record under the new selector: another key
            dns.txt(fresh.name(), old.txt());
            assertThatThrownBy(() -> keyring.activate(freshId, "operator", "192.0.2.9"))
                    .isInstanceOfSatisfying(DkimKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo(DkimKeyException.DNS_OTHER_KEY);
                        assertThat(e.arguments()).containsExactly(fresh.name(), old.txt());
                    });
            // something that is no DKIM key record
            dns.txt(fresh.name(), "v=spf1 -all");
            assertThatThrownBy(() -> keyring.activate(freshId, "operator", "192.0.2.9"))
                    .isInstanceOfSatisfying(DkimKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo(DkimKeyException.DNS_NOT_DKIM);
                        assertThat(e.arguments()).containsExactly(fresh.name(), "v=spf1 -all");
                    });
            assertThat(jobs.value("SELECT selector FROM dkim_keys WHERE domain = '" + DOMAIN + "' AND active"))
                    .isEqualTo(old.selector());
            assertThat(jobs.value("SELECT COUNT(*) FROM audit_events WHERE kind = 'SERVICE_DKIM_KEY_ACTIVATED'"
                    + " AND detail LIKE '%" + fresh.selector() + "%'")).isEqualTo("0");

            // the record as the operator page shows it (a 2048-bit key: two TXT strings)
            dns.txt(fresh.name(), fresh.txt());
            assertThat(keyring.activate(freshId, "operator", "192.0.2.9")).isEqualTo(fresh);
            assertThat(jobs.rows("SELECT selector, active FROM dkim_keys WHERE domain = '" + DOMAIN
                    + "' AND selector IN ('" + old.selector() + "', '" + fresh.selector() + "') ORDER BY id"))
                    .containsExactly(List.of(old.selector(), "0"), List.of(fresh.selector(), "1"));
            assertThat(jobs.rows("SELECT network_id, actor, subject, detail, client_address FROM audit_events"
                    + " WHERE kind IN ('SERVICE_DKIM_KEY_GENERATED', 'SERVICE_DKIM_KEY_ACTIVATED') AND detail LIKE '%"
                    + fresh.selector() + "%' ORDER BY id")).containsExactly(
                    Arrays.asList(null, "operator", DOMAIN, "selector " + fresh.selector() + " (inactive)", "192.0.2.9"),
                    Arrays.asList(null, "operator", DOMAIN, "selector " + fresh.selector() + ", replaces "
                            + old.selector(), "192.0.2.9"));

            // a network's admin now sees: signed, the new selector, its record found in DNS
            long first = fixtures.network();
            long second = fixtures.network();
            DkimKeyring.SendingKey status = keyring.sendingKey(first);
            assertThat(status.selector()).isEqualTo(fresh.selector());
            assertThat(status.dns()).isEqualTo(DkimTxt.Verdict.MATCHES);

            // the broadcasts of two networks are signed with the operator's key; dkimpy verifies each
            String tag = Fixtures.unique("k");
            try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
                for (long network : List.of(first, second)) {
                    jobs.member(network, tag + "-" + network + "@example.jp", "会員");
                    long broadcast = jobs.draft(network, "署名 " + tag, "本文です。");
                    jobs.sendTo(smtp, network, broadcast);
                }
                assertThat(smtp.received()).hasSize(2);
                for (ScriptedSmtpServer.Received r : smtp.received()) {
                    String raw = new String(r.data(), StandardCharsets.UTF_8);
                    assertThat(raw).contains("s=" + fresh.selector() + ";").contains("d=" + DOMAIN + ";");
                    assertThat(Dkimpy.verify(fresh.selector(), DOMAIN, TestDns.resolveTxt(fresh.name()).get(0),
                            r.data())).isEqualTo("dkim=pass");
                    assertThat(Dkimpy.verify(fresh.selector(), DOMAIN, old.txt(), r.data())).isNotEqualTo("dkim=pass");
                }
            }
        }
    }
}
