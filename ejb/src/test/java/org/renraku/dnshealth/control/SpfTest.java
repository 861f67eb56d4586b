package org.renraku.dnshealth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpfTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void parseShouldReadQualifiersMechanismsAndDualCidrLengths() throws Exception {
        Spf.Policy p = Spf.parse("v=spf1 ip4:192.0.2.0/24 -ip6:2001:db8::/32 ~a:out.example.jp/28//64 ?mx"
                + " include:_spf.example.jp exp=explain.example.jp unknown-mod=x -all");
        assertThat(p.directives()).extracting(Spf::text).containsExactly("ip4:192.0.2.0/24", "-ip6:2001:db8::/32",
                "~a:out.example.jp/28//64", "?mx", "include:_spf.example.jp", "-all");
        assertThat(p.redirect()).isNull();
        assertThat(Spf.parse("V=SPF1 redirect=_spf.example.jp").redirect()).isEqualTo("_spf.example.jp");
    }

    @Test
    void parseShouldRefuseWhatBreaksTheGrammar() {
        assertThatThrownBy(() -> Spf.parse("v=spf1 ip4:300.1.1.1 -all")).hasMessageContaining("ip4:300.1.1.1");
        assertThatThrownBy(() -> Spf.parse("v=spf1 ip4:192.0.2.1/33")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> Spf.parse("v=spf1 ip6:192.0.2.1")).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> Spf.parse("v=spf1 include -all")).hasMessageContaining("needs a domain");
        assertThatThrownBy(() -> Spf.parse("v=spf1 foo:bar -all")).hasMessageContaining("unknown mechanism");
        assertThatThrownBy(() -> Spf.parse("v=spf1 redirect=a.jp redirect=b.jp")).hasMessageContaining("twice");
        assertThatThrownBy(() -> Spf.parse("v=spf10 -all")).hasMessageContaining("not a v=spf1");
    }

    @Test
    void selectShouldTakeTheOneSpfRecordAndRefuseTwo() throws Exception {
        assertThat(Spf.select(List.of("google-site-verification=x", "v=spf1 -all"))).contains("v=spf1 -all");
        assertThat(Spf.select(List.of("v=spf1x", "hello"))).isEmpty();
        assertThatThrownBy(() -> Spf.select(List.of("v=spf1 -all", "v=spf1 ip4:192.0.2.1 -all")))
                .hasMessageContaining("more than one");
    }

    @Test
    void checkShouldFollowIncludeAMxAndRedirect() throws Exception {
        ZoneLookups dns = new ZoneLookups()
                .add("TXT", "example.jp", "v=spf1 include:_spf.example.jp mx -all")
                .add("TXT", "_spf.example.jp", "v=spf1 a:out.example.jp/30 ?all")
                .add("A", "out.example.jp", "192.0.2.8")
                .add("MX", "example.jp", "10 mx.example.jp")
                .add("A", "mx.example.jp", "198.51.100.25")
                .add("TXT", "sub.example.jp", "v=spf1 redirect=example.jp");
        assertThat(Spf.check(dns, ip("192.0.2.10"), "example.jp").result()).isEqualTo(Spf.Result.PASS); // a:/30
        assertThat(Spf.check(dns, ip("198.51.100.25"), "example.jp").result()).isEqualTo(Spf.Result.PASS); // mx
        // include's ?all is neutral: no match there, so the including record's -all decides
        assertThat(Spf.check(dns, ip("192.0.2.12"), "example.jp").result()).isEqualTo(Spf.Result.FAIL);
        assertThat(Spf.check(dns, ip("192.0.2.9"), "sub.example.jp").result()).isEqualTo(Spf.Result.PASS);
        assertThat(Spf.check(dns, ip("2001:db8::1"), "example.jp").result()).isEqualTo(Spf.Result.FAIL);
        assertThat(Spf.check(dns, ip("192.0.2.8"), "nothing.example.jp").result()).isEqualTo(Spf.Result.NONE);
    }

    @Test
    void checkShouldMatchIp6Networks() throws Exception {
        ZoneLookups dns = new ZoneLookups().add("TXT", "example.jp", "v=spf1 ip6:2001:db8:1::/48 ~all");
        assertThat(Spf.check(dns, ip("2001:db8:1:2::5"), "example.jp").result()).isEqualTo(Spf.Result.PASS);
        assertThat(Spf.check(dns, ip("2001:db8:2::5"), "example.jp").result()).isEqualTo(Spf.Result.SOFTFAIL);
        assertThat(Spf.check(dns, ip("192.0.2.1"), "example.jp").result()).isEqualTo(Spf.Result.SOFTFAIL);
    }

    @Test
    void checkShouldStopAfterTenLookupsWithAPermerror() throws Exception {
        ZoneLookups dns = new ZoneLookups();
        for (int i = 0; i < 11; i++) {
            dns.add("TXT", "l" + i + ".example.jp", "v=spf1 include:l" + (i + 1) + ".example.jp -all");
        }
        dns.add("TXT", "l11.example.jp", "v=spf1 +all");
        Spf.Evaluation e = Spf.check(dns, ip("192.0.2.1"), "l0.example.jp");
        assertThat(e.result()).isEqualTo(Spf.Result.PERMERROR);
        assertThat(e.reason()).contains("more than 10 DNS lookups");
        assertThat(dns.queries).isLessThanOrEqualTo(11);

        ZoneLookups loop = new ZoneLookups().add("TXT", "loop.example.jp", "v=spf1 include:loop.example.jp -all");
        assertThat(Spf.check(loop, ip("192.0.2.1"), "loop.example.jp").result()).isEqualTo(Spf.Result.PERMERROR);
    }

    @Test
    void anIncludeWithoutRecordIsAPermerrorAndMacrosDAndIAreExpanded() throws Exception {
        ZoneLookups dns = new ZoneLookups()
                .add("TXT", "example.jp", "v=spf1 include:gone.example.jp -all")
                .add("TXT", "m.example.jp", "v=spf1 exists:%{i}.allow.%{d} -all")
                .add("A", "192.0.2.7.allow.m.example.jp", "127.0.0.2");
        assertThat(Spf.check(dns, ip("192.0.2.1"), "example.jp").result()).isEqualTo(Spf.Result.PERMERROR);
        assertThat(Spf.check(dns, ip("192.0.2.7"), "m.example.jp").result()).isEqualTo(Spf.Result.PASS);
        assertThat(Spf.check(dns, ip("192.0.2.8"), "m.example.jp").result()).isEqualTo(Spf.Result.FAIL);
    }
}
