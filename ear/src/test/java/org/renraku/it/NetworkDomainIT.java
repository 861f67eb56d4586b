package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.boundary.NetworkDomains;

/**
 * A network's own sending domain: refused for the service's domain and for another network's; its
 * proof (a TXT token at _renraku.<domain>) and its own key each checked in the test DNS; then its broadcasts go From
 * its own domain, signed with its own key (dkimpy verifies d= its domain), while another network's broadcasts stay
 * From the service's domain with the network's name, signed with the service's key.
 */
@ExtendWith(ArquillianExtension.class)
class NetworkDomainIT {

    private static final String SERVICE = "renraku.test";

    @Inject
    Fixtures fixtures;

    @Inject
    NetworkDomains domains;

    @Inject
    DkimKeyring keyring;

    @Inject
    BroadcastJobs jobs;

    @Test
    void aNetworkSendsFromItsOwnDomainOnlyOnceItProvesItAndPublishesItsKey() throws Exception {
        String own = "school-" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT) + ".example.jp";
        long network = fixtures.network();
        long other = fixtures.network();
        String stamp = Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
        DkimKeyring.DnsRecord service = keyring.generate(SERVICE, "svc" + stamp, null); // the service's key signs now

        assertThatThrownBy(() -> domains.claim(network, SERVICE, "admin", "192.0.2.1"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.DOMAIN_SERVICE));
        assertThatThrownBy(() -> domains.claim(network, "mail." + SERVICE, "admin", "192.0.2.1"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.DOMAIN_SERVICE));
        assertThatThrownBy(() -> domains.claim(network, "not a domain", "admin", "192.0.2.1"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.DOMAIN_INVALID));

        NetworkDomains.Status claimed = domains.claim(network, own.toUpperCase(Locale.ROOT) + ".", "admin", "192.0.2.1");
        assertThat(claimed.domain()).isEqualTo(own);
        assertThat(claimed.proofName()).isEqualTo("_renraku." + own);
        assertThat(claimed.proofValue()).matches("renraku-verify=[0-9a-f]{32}");
        assertThat(claimed.verified()).isFalse();
        assertThatThrownBy(() -> domains.claim(other, own, "admin", "192.0.2.2"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.DOMAIN_TAKEN));
        assertThatThrownBy(() -> domains.generateKey(network, "admin", "192.0.2.1"))
                .isInstanceOfSatisfying(DkimKeyException.class,
                        e -> assertThat(e.key()).isEqualTo(DkimKeyException.DOMAIN_UNPROVEN));

        try (TestDns dns = TestDns.change()) {
            assertThatThrownBy(() -> domains.verify(network, "admin", "192.0.2.1"))
                    .isInstanceOfSatisfying(DkimKeyException.class,
                            e -> assertThat(e.key()).isEqualTo(DkimKeyException.DNS_ABSENT));
            dns.txt(claimed.proofName(), "renraku-verify=0123456789abcdef0123456789abcdef");
            assertThatThrownBy(() -> domains.verify(network, "admin", "192.0.2.1"))
                    .isInstanceOfSatisfying(DkimKeyException.class, e -> {
                        assertThat(e.key()).isEqualTo(DkimKeyException.PROOF_OTHER);
                        assertThat(e.arguments()[1]).isEqualTo("renraku-verify=0123456789abcdef0123456789abcdef");
                    });
            dns.txt(claimed.proofName(), claimed.proofValue());
            assertThat(domains.verify(network, "admin", "192.0.2.1").verified()).isTrue();

            DkimKeyring.DnsRecord key = domains.generateKey(network, "admin", "192.0.2.1");
            assertThat(key.domain()).isEqualTo(own);
            NetworkDomains.Status unpublished = domains.status(network).orElseThrow();
            assertThat(unpublished.key()).isEqualTo(key);
            assertThat(unpublished.keyActive()).isFalse();
            assertThat(unpublished.sending()).isFalse();
            assertThat(domains.ownDomain(network)).isEmpty();
            assertThatThrownBy(() -> domains.activateKey(network, "admin", "192.0.2.1"))
                    .isInstanceOfSatisfying(DkimKeyException.class,
                            e -> assertThat(e.key()).isEqualTo(DkimKeyException.DNS_ABSENT));
            dns.txt(key.name(), key.txt());
            domains.activateKey(network, "admin", "192.0.2.1");
            assertThat(domains.ownDomain(network)).contains(own);
            assertThat(jobs.rows("SELECT kind FROM audit_events WHERE network_id = " + network
                    + " AND (kind LIKE 'NETWORK_D%' OR kind LIKE '%DKIM%') ORDER BY id"))
                    .containsExactly(List.of("NETWORK_DOMAIN_CLAIMED"), List.of("NETWORK_DOMAIN_VERIFIED"),
                            List.of("DKIM_KEY_GENERATED"), List.of("NETWORK_DKIM_KEY_ACTIVATED"));

            String tag = Fixtures.unique("own");
            try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
                jobs.member(network, tag + "-own@example.jp", "会員");
                jobs.sendTo(smtp, network, jobs.draft(network, "独自ドメイン " + tag, "本文です。"));
                jobs.member(other, tag + "-svc@example.jp", "会員");
                jobs.sendTo(smtp, other, jobs.draft(other, "サービスのドメイン " + tag, "本文です。"));
                assertThat(smtp.received()).hasSize(2);
                for (ScriptedSmtpServer.Received r : smtp.received()) {
                    String raw = new String(r.data(), StandardCharsets.UTF_8);
                    jakarta.mail.internet.InternetAddress fromAddress = (jakarta.mail.internet.InternetAddress)
                            new jakarta.mail.internet.MimeMessage((jakarta.mail.Session) null,
                                    new java.io.ByteArrayInputStream(r.data())).getFrom()[0];
                    String from = fromAddress.getAddress();
                    assertThat(fromAddress.getPersonal()).as("the network's name").isNotBlank();
                    if (raw.contains(tag + "-own@")) {
                        assertThat(from).endsWith("@" + own);
                        assertThat(raw).contains("d=" + own + ";").contains("s=" + key.selector() + ";");
                        assertThat(Dkimpy.verify(key.selector(), own, TestDns.resolveTxt(key.name()).get(0), r.data()))
                                .isEqualTo("dkim=pass");
                    } else {
                        assertThat(from).endsWith("@" + SERVICE);
                        assertThat(raw).contains("d=" + SERVICE + ";").contains("s=" + service.selector() + ";");
                        assertThat(Dkimpy.verify(service.selector(), SERVICE, service.txt(), r.data()))
                                .isEqualTo("dkim=pass");
                    }
                }
            }
        }
    }
}
