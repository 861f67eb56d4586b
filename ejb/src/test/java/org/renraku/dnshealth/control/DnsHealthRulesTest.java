package org.renraku.dnshealth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.dnshealth.control.CheckResult.Verdict;

/** The rules of the DKIM and DMARC records, alignment, and the records proposed as fixes. */
class DnsHealthRulesTest {

    @Test
    void tagListsShouldIgnoreWhiteSpaceAndRefuseDuplicatesAndBareWords() throws Exception {
        assertThat(TagList.parse(" v=DKIM1 ;k = rsa;\n p=MIIB AQAB ;")).containsExactly(
                java.util.Map.entry("v", "DKIM1"), java.util.Map.entry("k", "rsa"), java.util.Map.entry("p", "MIIB AQAB"));
        assertThatThrownBy(() -> TagList.parse("p=a; p=b")).hasMessageContaining("twice");
        assertThatThrownBy(() -> TagList.parse("v=DMARC1; reject")).hasMessageContaining("tag=value");
    }

    @Test
    void organizationalDomainShouldKnowJapaneseSecondLevelDomains() {
        assertThat(OrganizationalDomain.of("mail.school.ed.jp")).isEqualTo("school.ed.jp");
        assertThat(OrganizationalDomain.of("bounce.pta.example.co.jp")).isEqualTo("example.co.jp");
        assertThat(OrganizationalDomain.of("bounce.renraku.jp")).isEqualTo("renraku.jp");
        assertThat(OrganizationalDomain.aligned("bounce.renraku.jp", "renraku.jp", false)).isTrue();
        assertThat(OrganizationalDomain.aligned("bounce.renraku.jp", "renraku.jp", true)).isFalse();
        assertThat(OrganizationalDomain.aligned("a.co.jp", "b.co.jp", false)).isFalse();
    }

    @Test
    void dkimShouldCompareThePublishedKeyWithTheActiveOneIgnoringWhiteSpace() {
        ZoneLookups dns = new ZoneLookups()
                .add("TXT", "s1._domainkey.example.jp", "v=DKIM1; k=rsa; p=MIIBIjAN BgkqAQAB")
                .add("TXT", "s2._domainkey.example.jp", "v=DKIM1; p=")
                .add("TXT", "s3._domainkey.example.jp", "k=ed25519; p=abc")
                .add("TXT", "s4._domainkey.example.jp", "k=rsa; v=DKIM1; p=abc");
        DnsHealthChecks checks = new DnsHealthChecks(dns);
        CheckResult ok = checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s1", "MIIBIjANBgkqAQAB"));
        assertThat(ok.verdict()).isEqualTo(Verdict.PASS);
        CheckResult other = checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s1", "MIIBOTHER"));
        assertThat(other.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(other.reason()).isEqualTo("dkim.mismatch");
        assertThat(other.fix()).isEqualTo("s1._domainkey.example.jp. IN TXT (\"v=DKIM1; k=rsa; p=MIIBOTHER\")");
        assertThat(checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s2", "x")).reason()).isEqualTo("dkim.revoked");
        assertThat(checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s3", "abc")).arguments()).contains("k=ed25519");
        assertThat(checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s4", "abc")).reason()).isEqualTo("dkim.invalid");
        assertThat(checks.dkim("example.jp", new DnsHealthChecks.DkimKey("s9", "abc")).reason()).isEqualTo("dkim.missing");
        assertThat(checks.dkim("example.jp", null).reason()).isEqualTo("dkim.noKey");
    }

    @Test
    void aLongDkimKeyShouldBeProposedInStringsOfAtMost255Characters() {
        String key = "A".repeat(392);
        String line = DnsHealthChecks.dkimFix("rk1", "example.jp", key);
        assertThat(line).startsWith("rk1._domainkey.example.jp. IN TXT (\"v=DKIM1; k=rsa; p=");
        assertThat(line.split("\" \"")).hasSize(2);
        assertThat(line.replaceAll("\" \"", "")).contains("p=" + key + "\")");
    }

    @Test
    void dmarcShouldNeedAPolicyAndWarnWhenTheBounceDomainDoesNotAlign() {
        ZoneLookups dns = new ZoneLookups()
                .add("TXT", "_dmarc.ok.jp", "v=DMARC1; p=reject; rua=mailto:d@ok.jp")
                .add("TXT", "_dmarc.strict.jp", "v=DMARC1; p=quarantine; aspf=s")
                .add("TXT", "_dmarc.nop.jp", "v=DMARC1; rua=mailto:d@nop.jp")
                .add("TXT", "_dmarc.parent.jp", "v=DMARC1; p=none");
        DnsHealthChecks checks = new DnsHealthChecks(dns);
        assertThat(checks.dmarc("ok.jp", "bounce.ok.jp").verdict()).isEqualTo(Verdict.PASS);
        CheckResult strict = checks.dmarc("strict.jp", "bounce.strict.jp");
        assertThat(strict.verdict()).isEqualTo(Verdict.WARN);
        assertThat(strict.reason()).isEqualTo("dmarc.spfNotAligned");
        assertThat(strict.fix()).isEqualTo("_dmarc.strict.jp. IN TXT \"v=DMARC1; p=quarantine; aspf=r\"");
        assertThat(checks.dmarc("strict.jp", "strict.jp").verdict()).isEqualTo(Verdict.PASS);
        CheckResult noPolicy = checks.dmarc("nop.jp", "nop.jp");
        assertThat(noPolicy.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(noPolicy.arguments()).contains("no p=");
        // a sub-domain without its own record falls under its organizational domain's
        CheckResult inherited = checks.dmarc("mail.parent.jp", "mail.parent.jp");
        assertThat(inherited.verdict()).isEqualTo(Verdict.PASS);
        assertThat(inherited.arguments()).containsExactly("none", "_dmarc.parent.jp");
        CheckResult none = checks.dmarc("none.jp", "none.jp");
        assertThat(none.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(none.fix()).isEqualTo("_dmarc.none.jp. IN TXT \"v=DMARC1; p=none; adkim=r; aspf=r;"
                + " rua=mailto:postmaster@none.jp\"");
    }

    @Test
    void theSpfFixShouldKeepTheExistingTermsAndAddTheMissingAddressesBeforeAll() throws Exception {
        Spf.Policy p = Spf.parse("v=spf1 include:_spf.google.com ip4:192.0.2.0/24 ~all");
        assertThat(DnsHealthChecks.spfFix(p, List.of("192.0.2.7", "203.0.113.7", "2001:db8::25")))
                .isEqualTo("v=spf1 include:_spf.google.com ip4:192.0.2.0/24 ip4:203.0.113.7 ip6:2001:db8::25 ~all");
        assertThat(DnsHealthChecks.spfFix(null, List.of("203.0.113.7"))).isEqualTo("v=spf1 ip4:203.0.113.7 -all");
        assertThat(DnsHealthChecks.spfFix(Spf.parse("v=spf1 redirect=_spf.example.jp"), List.of("203.0.113.7")))
                .isEqualTo("v=spf1 ip4:203.0.113.7 redirect=_spf.example.jp");
    }

    @Test
    void spfShouldWarnWhenTheRecordLetsEveryoneSend() {
        ZoneLookups dns = new ZoneLookups().add("TXT", "open.jp", "v=spf1 ip4:192.0.2.7 +all");
        CheckResult r = new DnsHealthChecks(dns).spf("open.jp", List.of("192.0.2.7"));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.reason()).isEqualTo("spf.allowsAll");
        assertThat(r.fix()).isEqualTo("open.jp. IN TXT \"v=spf1 ip4:192.0.2.7 -all\"");
    }

    @Test
    void mxShouldWarnWhenOnlySomeHostsAreOurs() {
        ZoneLookups dns = new ZoneLookups().add("MX", "join.jp", "10 mx.renraku.jp").add("MX", "join.jp", "20 old.isp.jp");
        CheckResult r = new DnsHealthChecks(dns).mx("join.jp", List.of("mx.renraku.jp"));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        assertThat(r.arguments()).containsExactly("old.isp.jp");
        assertThat(r.fix()).isEqualTo("join.jp. IN MX 10 mx.renraku.jp.");
    }
}
