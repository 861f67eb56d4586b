package org.renraku.dnshealth.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.renraku.dnshealth.control.CheckResult.Check;
import org.renraku.dnshealth.control.CheckResult.Verdict;
import org.xbill.DNS.ReverseMap;

/**
 * The DNS checks of the service's mail domains ("DNS health"):
 * <ul>
 *   <li>SPF of the From domain and of the bounce (envelope) domain: each sending address gets {@code pass};</li>
 *   <li>DKIM of the From domain (the one whose key signs): the active selector's {@code p=} is the active key;</li>
 *   <li>DMARC of the From domain: a valid record, and the mail aligns — DKIM {@code d=} is the From domain, the
 *       bounce domain aligns with it under {@code aspf};</li>
 *   <li>MX of the join and the bounce domain: every MX host is one of ours;</li>
 *   <li>PTR of each sending address: names the HELO name, which resolves back to the address.</li>
 * </ul>
 * Each result says what to publish to fix it, as zone-file lines.
 */
public final class DnsHealthChecks {

    /**
     * What the checks expect: the From domain, the bounce domain, the join domain (null: none), the HELO name, the
     * public addresses mail leaves from, the host names our MX records name, and the From domain's active DKIM key
     * (null: none yet).
     */
    public record Settings(String fromDomain, String bounceDomain, String joinDomain, String heloName,
            List<String> sendingAddresses, List<String> inboundHosts, DkimKey dkim) {
        public Settings {
            fromDomain = lower(fromDomain);
            bounceDomain = lower(bounceDomain);
            joinDomain = joinDomain == null || joinDomain.isBlank() ? null : lower(joinDomain);
            heloName = lower(heloName);
            sendingAddresses = List.copyOf(sendingAddresses);
            inboundHosts = inboundHosts.stream().map(DnsHealthChecks::lower).toList();
        }
    }

    /** The active DKIM key: selector and the base64 SubjectPublicKeyInfo ({@code p=}). */
    public record DkimKey(String selector, String publicKeyBase64) {
    }

    private final DnsLookups dns;

    public DnsHealthChecks(DnsLookups dns) {
        this.dns = dns;
    }

    /** Every check, in the order the page shows them. */
    public List<CheckResult> run(Settings s) {
        List<CheckResult> results = new ArrayList<>();
        for (String d : distinct(s.fromDomain(), s.bounceDomain())) {
            results.add(spf(d, s.sendingAddresses()));
        }
        results.add(dkim(s.fromDomain(), s.dkim()));
        results.add(dmarc(s.fromDomain(), s.bounceDomain()));
        for (String d : distinct(s.joinDomain(), s.bounceDomain())) {
            results.add(mx(d, s.inboundHosts()));
        }
        results.add(ptr(s.heloName(), s.sendingAddresses()));
        return results;
    }

    // --- SPF

    public CheckResult spf(String domain, List<String> addresses) {
        if (addresses.isEmpty()) {
            return result(domain, Check.SPF, Verdict.WARN, "spf.noAddresses", List.of(), currentSpf(domain), "");
        }
        DnsLookups.Answer txt = dns.txt(domain);
        if (txt.failed()) {
            return result(domain, Check.SPF, Verdict.WARN, "dns.failed", List.of(txt.error()), "", "");
        }
        String record;
        try {
            record = Spf.select(txt.values()).orElse(null);
        } catch (Spf.SyntaxException e) {
            String found = txt.values().stream().filter(Spf::isSpf).collect(Collectors.joining("\n"));
            return result(domain, Check.SPF, Verdict.FAIL, "spf.invalid", List.of(e.getMessage()), found,
                    txtLine(domain, spfFix(null, addresses)));
        }
        if (record == null) {
            return result(domain, Check.SPF, Verdict.FAIL, "spf.none", List.of(), "",
                    txtLine(domain, spfFix(null, addresses)));
        }
        Spf.Policy policy;
        try {
            policy = Spf.parse(record);
        } catch (Spf.SyntaxException e) {
            return result(domain, Check.SPF, Verdict.FAIL, "spf.invalid", List.of(e.getMessage()), record,
                    txtLine(domain, spfFix(null, addresses)));
        }
        List<String> notCovered = new ArrayList<>();
        for (String a : addresses) {
            InetAddress ip;
            try {
                ip = InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                return result(domain, Check.SPF, Verdict.WARN, "config.badAddress", List.of(a), record, "");
            }
            Spf.Evaluation ev = Spf.check(dns, ip, domain);
            switch (ev.result()) {
                case PASS -> { }
                case TEMPERROR -> {
                    return result(domain, Check.SPF, Verdict.WARN, "dns.failed", List.of(ev.reason()), record, "");
                }
                case PERMERROR -> {
                    return result(domain, Check.SPF, Verdict.FAIL, "spf.invalid", List.of(ev.reason()), record,
                            txtLine(domain, spfFix(null, addresses)));
                }
                default -> notCovered.add(a + " (" + ev.result().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        if (!notCovered.isEmpty()) {
            return result(domain, Check.SPF, Verdict.FAIL, "spf.notCovered", List.of(String.join(", ", notCovered)),
                    record, txtLine(domain, spfFix(policy, addresses)));
        }
        boolean passAll = policy.directives().stream()
                .anyMatch(d -> d.mechanism().equals("all") && (d.qualifier() == '+' || d.qualifier() == '?'));
        if (passAll) {
            return result(domain, Check.SPF, Verdict.WARN, "spf.allowsAll", List.of(), record,
                    txtLine(domain, spfFix(withoutAll(policy), addresses)));
        }
        return result(domain, Check.SPF, Verdict.PASS, "spf.pass", List.of(String.join(", ", addresses)), record,
                "");
    }

    private String currentSpf(String domain) {
        DnsLookups.Answer txt = dns.txt(domain);
        return txt.values().stream().filter(Spf::isSpf).collect(Collectors.joining("\n"));
    }

    private static Spf.Policy withoutAll(Spf.Policy p) {
        return new Spf.Policy(p.directives().stream().filter(d -> !d.mechanism().equals("all")).toList(),
                p.redirect());
    }

    /**
     * The record to publish: the existing terms kept, the missing addresses added as ip4/ip6 before the final
     * {@code all} (or the redirect), ending in {@code -all} unless the record ends otherwise; none yet:
     * {@code v=spf1 ip4:… -all}.
     */
    static String spfFix(Spf.Policy existing, List<String> addresses) {
        List<String> terms = new ArrayList<>();
        String tail = "-all";
        if (existing != null) {
            for (Spf.Directive d : existing.directives()) {
                if (d.mechanism().equals("all")) {
                    tail = d.qualifier() == '~' ? "~all" : "-all";
                    break;
                }
                terms.add(Spf.text(d));
            }
            if (existing.redirect() != null && existing.directives().stream()
                    .noneMatch(d -> d.mechanism().equals("all"))) {
                tail = "redirect=" + existing.redirect();
            }
        }
        for (String a : addresses) {
            String term = (a.contains(":") ? "ip6:" : "ip4:") + a;
            boolean covered = existing != null && existing.directives().stream().anyMatch(d -> coversAddress(d, a));
            if (!covered && !terms.contains(term)) {
                terms.add(term);
            }
        }
        return "v=spf1 " + (terms.isEmpty() ? "" : String.join(" ", terms) + " ") + tail;
    }

    private static boolean coversAddress(Spf.Directive d, String address) {
        if (d.qualifier() != '+' || !(d.mechanism().equals("ip4") || d.mechanism().equals("ip6"))) {
            return false;
        }
        try {
            return Spf.inNetwork(InetAddress.getByName(address), InetAddress.getByName(d.argument()).getAddress(),
                    d.ip4Prefix() >= 0 ? d.ip4Prefix() : d.ip6Prefix());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // --- DKIM

    public CheckResult dkim(String domain, DkimKey key) {
        if (key == null) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.noKey", List.of(), "", "");
        }
        String name = key.selector() + "._domainkey." + domain;
        String fix = dkimFix(key.selector(), domain, key.publicKeyBase64());
        DnsLookups.Answer txt = dns.txt(name);
        if (txt.failed()) {
            return result(domain, Check.DKIM, Verdict.WARN, "dns.failed", List.of(txt.error()), "", "");
        }
        if (txt.values().isEmpty()) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.missing", List.of(name), "", fix);
        }
        String found = String.join("\n", txt.values());
        if (txt.values().size() > 1) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.invalid", List.of(name, "more than one TXT record"),
                    found, fix);
        }
        Map<String, String> tags;
        try {
            tags = TagList.parse(txt.values().get(0));
        } catch (Spf.SyntaxException e) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.invalid", List.of(name, e.getMessage()), found, fix);
        }
        String v = tags.get("v");
        if (v != null && (!v.equals("DKIM1") || !tags.keySet().iterator().next().equals("v"))) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.invalid", List.of(name, "v=" + v), found, fix);
        }
        String k = tags.getOrDefault("k", "rsa");
        if (!k.equalsIgnoreCase("rsa")) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.invalid", List.of(name, "k=" + k), found, fix);
        }
        String p = tags.get("p");
        if (p == null) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.invalid", List.of(name, "no p="), found, fix);
        }
        String published = p.replaceAll("\\s", "");
        if (published.isEmpty()) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.revoked", List.of(name), found, fix);
        }
        if (!published.equals(key.publicKeyBase64().replaceAll("\\s", ""))) {
            return result(domain, Check.DKIM, Verdict.FAIL, "dkim.mismatch", List.of(name), found, fix);
        }
        return result(domain, Check.DKIM, Verdict.PASS, "dkim.pass", List.of(key.selector()), found, "");
    }

    /** {@code sel._domainkey.example.jp. IN TXT ("v=DKIM1; k=rsa; p=…" "…")}: strings of at most 255 characters. */
    static String dkimFix(String selector, String domain, String publicKeyBase64) {
        String txt = "v=DKIM1; k=rsa; p=" + publicKeyBase64;
        StringBuilder line = new StringBuilder(selector).append("._domainkey.").append(domain).append(". IN TXT (");
        for (int i = 0; i < txt.length(); i += 255) {
            line.append(i == 0 ? "" : " ").append('"').append(txt, i, Math.min(txt.length(), i + 255)).append('"');
        }
        return line.append(')').toString();
    }

    // --- DMARC

    public CheckResult dmarc(String fromDomain, String bounceDomain) {
        String name = "_dmarc." + fromDomain;
        String proposal = "v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:postmaster@" + fromDomain;
        DnsLookups.Answer txt = dns.txt(name);
        if (txt.failed()) {
            return result(fromDomain, Check.DMARC, Verdict.WARN, "dns.failed", List.of(txt.error()), "", "");
        }
        String at = name;
        List<String> records = dmarcRecords(txt.values());
        String org = OrganizationalDomain.of(fromDomain);
        if (records.isEmpty() && !org.equals(fromDomain)) { // RFC 7489 §6.6.3: the organizational domain's policy
            DnsLookups.Answer orgTxt = dns.txt("_dmarc." + org);
            if (orgTxt.failed()) {
                return result(fromDomain, Check.DMARC, Verdict.WARN, "dns.failed", List.of(orgTxt.error()), "", "");
            }
            records = dmarcRecords(orgTxt.values());
            at = "_dmarc." + org;
        }
        if (records.isEmpty()) {
            return result(fromDomain, Check.DMARC, Verdict.FAIL, "dmarc.none", List.of(name), "",
                    txtLine(name, proposal));
        }
        String found = String.join("\n", records);
        if (records.size() > 1) {
            return result(fromDomain, Check.DMARC, Verdict.FAIL, "dmarc.invalid",
                    List.of(at, "more than one v=DMARC1 record"), found, txtLine(name, proposal));
        }
        Map<String, String> tags;
        try {
            tags = TagList.parse(records.get(0));
        } catch (Spf.SyntaxException e) {
            return result(fromDomain, Check.DMARC, Verdict.FAIL, "dmarc.invalid", List.of(at, e.getMessage()), found,
                    txtLine(name, proposal));
        }
        String p = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
        if (!Set.of("none", "quarantine", "reject").contains(p)) {
            return result(fromDomain, Check.DMARC, Verdict.FAIL, "dmarc.invalid",
                    List.of(at, p.isEmpty() ? "no p=" : "p=" + p), found, txtLine(name, proposal));
        }
        String adkim = tags.getOrDefault("adkim", "r").toLowerCase(Locale.ROOT);
        String aspf = tags.getOrDefault("aspf", "r").toLowerCase(Locale.ROOT);
        if (!Set.of("r", "s").contains(adkim) || !Set.of("r", "s").contains(aspf)) {
            return result(fromDomain, Check.DMARC, Verdict.FAIL, "dmarc.invalid",
                    List.of(at, "adkim=" + adkim + ", aspf=" + aspf), found, txtLine(name, proposal));
        }
        // our DKIM signature's d= is the From domain itself: aligned under adkim=s and adkim=r
        if (!OrganizationalDomain.aligned(bounceDomain, fromDomain, aspf.equals("s"))) {
            String relaxed = tags.entrySet().stream()
                    .filter(e -> !e.getKey().equals("aspf"))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            boolean couldAlign = OrganizationalDomain.aligned(bounceDomain, fromDomain, false);
            return result(fromDomain, Check.DMARC, Verdict.WARN, "dmarc.spfNotAligned",
                    List.of(bounceDomain, aspf), found,
                    couldAlign ? txtLine(name, relaxed + "; aspf=r") : "");
        }
        return result(fromDomain, Check.DMARC, Verdict.PASS, "dmarc.pass", List.of(p, at), found, "");
    }

    private static List<String> dmarcRecords(List<String> txt) {
        return txt.stream().filter(t -> t.strip().matches("(?i)v\\s*=\\s*DMARC1\\s*(;.*)?")).toList();
    }

    // --- MX

    public CheckResult mx(String domain, List<String> inboundHosts) {
        if (inboundHosts.isEmpty()) {
            return result(domain, Check.MX, Verdict.WARN, "mx.noHosts", List.of(), "", "");
        }
        String fix = mxFix(domain, inboundHosts);
        DnsLookups.Answer mx = dns.mx(domain);
        if (mx.failed()) {
            return result(domain, Check.MX, Verdict.WARN, "dns.failed", List.of(mx.error()), "", "");
        }
        if (mx.values().isEmpty()) {
            return result(domain, Check.MX, Verdict.FAIL, "mx.none", List.of(), "", fix);
        }
        String found = mx.values().stream().map(v -> domain + ". MX " + v + ".").collect(Collectors.joining("\n"));
        List<String> hosts = mx.values().stream().map(v -> v.substring(v.indexOf(' ') + 1)).toList();
        List<String> others = hosts.stream().filter(h -> !inboundHosts.contains(h)).toList();
        if (others.size() == hosts.size()) {
            return result(domain, Check.MX, Verdict.FAIL, "mx.elsewhere", List.of(String.join(", ", others)), found,
                    fix);
        }
        if (!others.isEmpty()) {
            return result(domain, Check.MX, Verdict.WARN, "mx.partly", List.of(String.join(", ", others)), found,
                    fix);
        }
        return result(domain, Check.MX, Verdict.PASS, "mx.pass", List.of(String.join(", ", hosts)), found, "");
    }

    static String mxFix(String domain, List<String> hosts) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            lines.add(domain + ". IN MX " + (10 * (i + 1)) + " " + hosts.get(i) + ".");
        }
        return String.join("\n", lines);
    }

    // --- PTR (forward-confirmed reverse DNS of each sending address)

    public CheckResult ptr(String heloName, List<String> addresses) {
        if (addresses.isEmpty()) {
            return result(heloName, Check.PTR, Verdict.WARN, "ptr.noAddresses", List.of(), "", "");
        }
        DnsLookups.Answer forward = dns.addresses(heloName);
        if (forward.failed()) {
            return result(heloName, Check.PTR, Verdict.WARN, "dns.failed", List.of(forward.error()), "", "");
        }
        List<String> found = new ArrayList<>();
        List<String> fix = new ArrayList<>();
        List<String> wrongPtr = new ArrayList<>();
        List<String> noForward = new ArrayList<>();
        for (String a : addresses) {
            InetAddress ip;
            try {
                ip = InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                return result(heloName, Check.PTR, Verdict.WARN, "config.badAddress", List.of(a), "", "");
            }
            String reverse = ReverseMap.fromAddress(ip).toString();
            DnsLookups.Answer ptr = dns.ptr(ip.getHostAddress());
            if (ptr.failed()) {
                return result(heloName, Check.PTR, Verdict.WARN, "dns.failed", List.of(ptr.error()), "", "");
            }
            ptr.values().forEach(v -> found.add(reverse + " PTR " + v + "."));
            if (!ptr.values().equals(List.of(heloName))) {
                wrongPtr.add(a + " → " + (ptr.values().isEmpty() ? "-" : String.join(", ", ptr.values())));
                fix.add(reverse + " IN PTR " + heloName + ".");
            }
            boolean back = forward.values().stream().anyMatch(f -> sameAddress(f, ip));
            if (!back) {
                noForward.add(a);
                fix.add(heloName + ". IN " + (ip.getAddress().length == 4 ? "A" : "AAAA") + " " + ip.getHostAddress());
            }
        }
        forward.values().forEach(v -> found.add(heloName + ". " + (v.contains(":") ? "AAAA " : "A ") + v));
        if (!wrongPtr.isEmpty()) {
            return result(heloName, Check.PTR, Verdict.FAIL, "ptr.mismatch", List.of(String.join("; ", wrongPtr)),
                    String.join("\n", found), String.join("\n", fix));
        }
        if (!noForward.isEmpty()) {
            return result(heloName, Check.PTR, Verdict.FAIL, "ptr.noForward", List.of(String.join(", ", noForward)),
                    String.join("\n", found), String.join("\n", fix));
        }
        return result(heloName, Check.PTR, Verdict.PASS, "ptr.pass", List.of(String.join(", ", addresses)),
                String.join("\n", found), "");
    }

    private static boolean sameAddress(String text, InetAddress ip) {
        try {
            return InetAddress.getByName(text).equals(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // ---

    static String txtLine(String name, String text) {
        return name + ". IN TXT \"" + text + "\"";
    }

    private static CheckResult result(String domain, Check check, Verdict verdict, String reason, List<String> args,
            String found, String fix) {
        return new CheckResult(domain, check, verdict, reason, args, found, fix);
    }

    private static List<String> distinct(String... domains) {
        Set<String> set = new LinkedHashSet<>();
        for (String d : domains) {
            if (d != null && !d.isBlank()) {
                set.add(d);
            }
        }
        return List.copyOf(set);
    }

    static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }
}
