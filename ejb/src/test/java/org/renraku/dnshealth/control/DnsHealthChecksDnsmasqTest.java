package org.renraku.dnshealth.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.dnshealth.control.CheckResult.Check;
import org.renraku.dnshealth.control.CheckResult.Verdict;

/**
 * The checks against a real DNS server (dnsmasq) serving a good zone, where every check passes, and a broken one:
 * SPF without our address, a DKIM record of another key, no DMARC, MX at another provider, a PTR naming the
 * hosting company instead of our HELO name — each found, with the record to publish.
 */
class DnsHealthChecksDnsmasqTest {

    private static Dnsmasq dns;
    private static String activeKey;
    private static String otherKey;

    @BeforeAll
    static void serve() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        activeKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        otherKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        List<String> r = new ArrayList<>();
        // the good zone: SPF through an include and an a: mechanism, the key in two strings, FCrDNS
        r.add("txt-record=good.test,\"v=spf1 include:_spf.good.test -all\"");
        r.add("txt-record=_spf.good.test,\"v=spf1 ip4:192.0.2.0/28 a:out.good.test ~all\"");
        r.add("txt-record=bounce.good.test,\"v=spf1 a:out.good.test -all\"");
        r.add("txt-record=rk1._domainkey.good.test," + dkimStrings(activeKey));
        r.add("txt-record=_dmarc.good.test,\"v=DMARC1; p=quarantine; rua=mailto:dmarc@good.test\"");
        r.add("mx-host=join.good.test,mx.good.test,10");
        r.add("mx-host=bounce.good.test,mx.good.test,10");
        r.add("host-record=out.good.test,192.0.2.10,2001:db8::10");
        // the broken zone
        r.add("txt-record=broken.test,\"v=spf1 ip4:198.51.100.1 -all\"");
        r.add("txt-record=rk1._domainkey.broken.test," + dkimStrings(otherKey));
        r.add("mx-host=join.broken.test,mx.elsewhere.example,10");
        r.add("mx-host=broken.test,mx.good.test,10");
        r.add("ptr-record=20.2.0.192.in-addr.arpa,mail.hosting.example");
        r.add("address=/out.broken.test/192.0.2.20");
        // an SPF chain of eleven includes (RFC 7208 §4.6.4)
        for (int i = 0; i < 11; i++) {
            r.add("txt-record=l" + i + ".loop.test,\"v=spf1 include:l" + (i + 1) + ".loop.test -all\"");
        }
        r.add("txt-record=l11.loop.test,\"v=spf1 +all\"");
        dns = Dnsmasq.serving(r, "good.test");
    }

    private static String dkimStrings(String key) {
        String txt = "v=DKIM1; k=rsa; p=" + key;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < txt.length(); i += 255) {
            parts.add("\"" + txt.substring(i, Math.min(txt.length(), i + 255)) + "\"");
        }
        return String.join(",", parts);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    private static DnsHealthChecks checks() {
        return new DnsHealthChecks(new DnsjavaLookups(MxRoutes.resolver("127.0.0.1:" + dns.port)));
    }

    private static Map<String, CheckResult> byKey(List<CheckResult> results) {
        return results.stream().collect(Collectors.toMap(CheckResult::key, Function.identity()));
    }

    @Test
    void everyCheckOfTheGoodZoneShouldPass() {
        List<CheckResult> results = checks().run(new DnsHealthChecks.Settings("good.test", "bounce.good.test",
                "join.good.test", "out.good.test", List.of("192.0.2.10"), List.of("mx.good.test"),
                new DnsHealthChecks.DkimKey("rk1", activeKey)));
        assertThat(results).extracting(CheckResult::key).containsExactly("good.test SPF", "bounce.good.test SPF",
                "good.test DKIM", "good.test DMARC", "join.good.test MX", "bounce.good.test MX", "out.good.test PTR");
        assertThat(results).allSatisfy(r -> assertThat(r.verdict()).as(r.key() + " " + r).isEqualTo(Verdict.PASS));
        assertThat(results).allSatisfy(r -> assertThat(r.fix()).as(r.key()).isEmpty());
        Map<String, CheckResult> m = byKey(results);
        assertThat(m.get("good.test SPF").found()).isEqualTo("v=spf1 include:_spf.good.test -all");
        assertThat(m.get("good.test DKIM").found()).isEqualTo("v=DKIM1; k=rsa; p=" + activeKey);
        assertThat(m.get("join.good.test MX").found()).isEqualTo("join.good.test. MX 10 mx.good.test.");
        assertThat(m.get("out.good.test PTR").found()).contains("10.2.0.192.in-addr.arpa. PTR out.good.test.");
    }

    @Test
    void theBrokenZoneShouldFailEachCheckWithTheRecordToPublish() {
        List<CheckResult> results = checks().run(new DnsHealthChecks.Settings("broken.test", "broken.test",
                "join.broken.test", "out.broken.test", List.of("192.0.2.20"), List.of("mx.good.test"),
                new DnsHealthChecks.DkimKey("rk1", activeKey)));
        Map<String, CheckResult> m = byKey(results);
        assertThat(m.keySet()).containsExactlyInAnyOrder("broken.test SPF", "broken.test DKIM", "broken.test DMARC",
                "join.broken.test MX", "broken.test MX", "out.broken.test PTR");

        CheckResult spf = m.get("broken.test SPF");
        assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(spf.reason()).isEqualTo("spf.notCovered");
        assertThat(spf.arguments()).containsExactly("192.0.2.20 (fail)");
        assertThat(spf.found()).isEqualTo("v=spf1 ip4:198.51.100.1 -all");
        assertThat(spf.fix()).isEqualTo("broken.test. IN TXT \"v=spf1 ip4:198.51.100.1 ip4:192.0.2.20 -all\"");

        CheckResult dkim = m.get("broken.test DKIM");
        assertThat(dkim.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(dkim.reason()).isEqualTo("dkim.mismatch");
        assertThat(dkim.found()).isEqualTo("v=DKIM1; k=rsa; p=" + otherKey);
        assertThat(dkim.fix().replace("\" \"", "")).isEqualTo(
                "rk1._domainkey.broken.test. IN TXT (\"v=DKIM1; k=rsa; p=" + activeKey + "\")");

        CheckResult dmarc = m.get("broken.test DMARC");
        assertThat(dmarc.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(dmarc.reason()).isEqualTo("dmarc.none");
        assertThat(dmarc.fix()).isEqualTo("_dmarc.broken.test. IN TXT \"v=DMARC1; p=none; adkim=r; aspf=r;"
                + " rua=mailto:postmaster@broken.test\"");

        CheckResult joinMx = m.get("join.broken.test MX");
        assertThat(joinMx.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(joinMx.reason()).isEqualTo("mx.elsewhere");
        assertThat(joinMx.arguments()).containsExactly("mx.elsewhere.example");
        assertThat(joinMx.fix()).isEqualTo("join.broken.test. IN MX 10 mx.good.test.");
        assertThat(m.get("broken.test MX").verdict()).isEqualTo(Verdict.PASS);

        CheckResult ptr = m.get("out.broken.test PTR");
        assertThat(ptr.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ptr.reason()).isEqualTo("ptr.mismatch");
        assertThat(ptr.arguments()).containsExactly("192.0.2.20 → mail.hosting.example");
        assertThat(ptr.fix()).isEqualTo("20.2.0.192.in-addr.arpa. IN PTR out.broken.test.");
    }

    @Test
    void aNameWithoutRecordsShouldFailAndAnAddressWithoutPtrShouldBeNamed() {
        DnsHealthChecks checks = checks();
        CheckResult spf = checks.spf("nothing.test", List.of("192.0.2.30"));
        assertThat(spf.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(spf.reason()).isEqualTo("spf.none");
        assertThat(spf.fix()).isEqualTo("nothing.test. IN TXT \"v=spf1 ip4:192.0.2.30 -all\"");
        CheckResult mx = checks.mx("nothing.test", List.of("mx.good.test", "mx2.good.test"));
        assertThat(mx.reason()).isEqualTo("mx.none");
        assertThat(mx.fix()).isEqualTo("nothing.test. IN MX 10 mx.good.test.\nnothing.test. IN MX 20 mx2.good.test.");
        CheckResult ptr = checks.ptr("out.good.test", List.of("192.0.2.10", "192.0.2.31"));
        assertThat(ptr.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ptr.fix()).isEqualTo("31.2.0.192.in-addr.arpa. IN PTR out.good.test.\nout.good.test. IN A 192.0.2.31");
        assertThat(checks.dkim("good.test", new DnsHealthChecks.DkimKey("rk2", activeKey)).reason())
                .isEqualTo("dkim.missing");
    }

    @Test
    void elevenChainedIncludesServedByDnsShouldBeAPermerror() throws Exception {
        CheckResult r = checks().spf("l0.loop.test", List.of("192.0.2.10"));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("spf.invalid");
        assertThat(r.arguments().get(0)).contains("more than 10 DNS lookups");
        assertThat(r.check()).isEqualTo(Check.SPF);
    }

    @Test
    void anUnreachableDnsServerShouldWarnNotFail() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var resolver = MxRoutes.resolver("127.0.0.1:" + port);
        resolver.setTimeout(java.time.Duration.ofMillis(300));
        CheckResult r = new DnsHealthChecks(new DnsjavaLookups(resolver)).mx("good.test", List.of("mx.good.test"));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.reason()).isEqualTo("dns.failed");
    }
}
