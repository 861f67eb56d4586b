package org.renraku.dnshealth.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sender Policy Framework (RFC 7208): the domain's {@code v=spf1} record, parsed into its terms, and
 * {@code check_host()} for one IP address — mechanisms {@code all}, {@code include}, {@code a}, {@code mx},
 * {@code ip4}, {@code ip6}, {@code exists}, {@code ptr} (never matches: RFC 7208 §5.5 "SHOULD NOT be used") and the
 * {@code redirect} modifier, with at most {@value #MAX_LOOKUPS} DNS-querying terms in the whole evaluation
 * (§4.6.4; more is a permerror). Macros other than {@code %{d}}, {@code %{i}} and the escapes make the term a
 * permerror: our own records do not need them.
 */
public final class Spf {

    /** RFC 7208 §4.6.4: include, a, mx, ptr, exists and redirect count; the 11th is a permerror. */
    public static final int MAX_LOOKUPS = 10;

    /** The results of check_host() (RFC 7208 §2.6). */
    public enum Result { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR }

    /** One directive: qualifier ({@code + - ~ ?}), mechanism name, its argument (may be null) and CIDR lengths. */
    public record Directive(char qualifier, String mechanism, String argument, int ip4Prefix, int ip6Prefix) {
    }

    /** A parsed record: its directives in order and the redirect target (null when none). */
    public record Policy(List<Directive> directives, String redirect) {
        public Policy {
            directives = List.copyOf(directives);
        }
    }

    /** A record that breaks the grammar. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        public SyntaxException(String message) {
            super(message);
        }
    }

    /** The evaluation of one address: the result, and why (the matching term or the error). */
    public record Evaluation(Result result, String reason) {
    }

    private final DnsLookups dns;
    private int lookups;

    private Spf(DnsLookups dns) {
        this.dns = dns;
    }

    /**
     * The SPF record among a name's TXT records: the one starting {@code v=spf1} (case-insensitive, then a space
     * or the end). Empty: none; more than one is a permerror (RFC 7208 §4.5), thrown as a syntax exception.
     */
    public static Optional<String> select(List<String> txt) throws SyntaxException {
        List<String> spf = txt.stream().filter(Spf::isSpf).toList();
        if (spf.size() > 1) {
            throw new SyntaxException("more than one v=spf1 record");
        }
        return spf.stream().findFirst();
    }

    static boolean isSpf(String txt) {
        String t = txt.strip();
        return t.regionMatches(true, 0, "v=spf1", 0, 6) && (t.length() == 6 || t.charAt(6) == ' ');
    }

    /** Parses a {@code v=spf1} record (RFC 7208 §4.6, §12). */
    public static Policy parse(String record) throws SyntaxException {
        if (!isSpf(record)) {
            throw new SyntaxException("not a v=spf1 record");
        }
        List<Directive> directives = new ArrayList<>();
        String redirect = null;
        boolean seenRedirect = false;
        for (String term : record.strip().substring(6).strip().split(" +")) {
            if (term.isEmpty()) {
                continue;
            }
            int eq = term.indexOf('=');
            int colon = term.indexOf(':');
            int slash = term.indexOf('/');
            if (eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash)
                    && term.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = term.substring(eq + 1);
                if (name.equals("redirect")) {
                    if (seenRedirect) {
                        throw new SyntaxException("redirect= given twice");
                    }
                    seenRedirect = true;
                    if (value.isEmpty()) {
                        throw new SyntaxException("redirect= without a domain");
                    }
                    redirect = value;
                }
                continue; // exp= and unknown modifiers are ignored (§6)
            }
            directives.add(directive(term));
        }
        return new Policy(directives, redirect);
    }

    private static Directive directive(String term) throws SyntaxException {
        char q = '+';
        String t = term;
        if ("+-~?".indexOf(t.charAt(0)) >= 0) {
            q = t.charAt(0);
            t = t.substring(1);
        }
        String lower = t.toLowerCase(Locale.ROOT);
        String name = lower.split("[:/]", 2)[0];
        String rest = t.substring(name.length());
        switch (name) {
            case "all":
                if (!rest.isEmpty()) {
                    throw new SyntaxException("'all' takes no argument: " + term);
                }
                return new Directive(q, name, null, -1, -1);
            case "include":
            case "exists":
                if (!rest.startsWith(":") || rest.length() == 1) {
                    throw new SyntaxException("'" + name + "' needs a domain: " + term);
                }
                return new Directive(q, name, rest.substring(1), -1, -1);
            case "ptr":
                return new Directive(q, name, rest.startsWith(":") ? rest.substring(1) : null, -1, -1);
            case "a":
            case "mx": {
                String domain = null;
                String cidr = rest;
                if (rest.startsWith(":")) {
                    int s = rest.indexOf('/');
                    domain = s < 0 ? rest.substring(1) : rest.substring(1, s);
                    cidr = s < 0 ? "" : rest.substring(s);
                    if (domain.isEmpty()) {
                        throw new SyntaxException("'" + name + ":' without a domain: " + term);
                    }
                }
                int[] prefixes = dualCidr(cidr, term);
                return new Directive(q, name, domain, prefixes[0], prefixes[1]);
            }
            case "ip4":
            case "ip6": {
                if (!rest.startsWith(":")) {
                    throw new SyntaxException("'" + name + "' needs an address: " + term);
                }
                String value = rest.substring(1);
                int s = value.indexOf('/');
                String address = s < 0 ? value : value.substring(0, s);
                boolean v4 = name.equals("ip4");
                int prefix = s < 0 ? (v4 ? 32 : 128) : number(value.substring(s + 1), v4 ? 32 : 128, term);
                if (v4 ? !address.matches("\\d{1,3}(\\.\\d{1,3}){3}") : !address.contains(":")) {
                    throw new SyntaxException("not an " + (v4 ? "IPv4" : "IPv6") + " address: " + term);
                }
                try {
                    byte[] bytes = InetAddress.getByName(address).getAddress();
                    if (bytes.length != (v4 ? 4 : 16)) {
                        throw new SyntaxException("not an " + (v4 ? "IPv4" : "IPv6") + " address: " + term);
                    }
                } catch (UnknownHostException e) {
                    throw new SyntaxException("not an IP address: " + term);
                }
                return new Directive(q, name, address, v4 ? prefix : -1, v4 ? -1 : prefix);
            }
            default:
                throw new SyntaxException("unknown mechanism: " + term);
        }
    }

    private static int[] dualCidr(String cidr, String term) throws SyntaxException {
        int v4 = 32;
        int v6 = 128;
        if (cidr.isEmpty()) {
            return new int[] {v4, v6};
        }
        if (!cidr.matches("(/\\d+)?(//\\d+)?")) {
            throw new SyntaxException("bad CIDR length: " + term);
        }
        int dd = cidr.indexOf("//");
        String four = dd < 0 ? cidr : cidr.substring(0, dd);
        if (!four.isEmpty()) {
            v4 = number(four.substring(1), 32, term);
        }
        if (dd >= 0) {
            v6 = number(cidr.substring(dd + 2), 128, term);
        }
        return new int[] {v4, v6};
    }

    private static int number(String s, int max, String term) throws SyntaxException {
        if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > max) {
            throw new SyntaxException("bad CIDR length: " + term);
        }
        return Integer.parseInt(s);
    }

    /** check_host(ip, domain) through {@code dns} (RFC 7208 §4). */
    public static Evaluation check(DnsLookups dns, InetAddress ip, String domain) {
        return new Spf(dns).checkHost(ip, domain.toLowerCase(Locale.ROOT), 0);
    }

    private Evaluation checkHost(InetAddress ip, String domain, int depth) {
        DnsLookups.Answer txt = dns.txt(domain);
        if (txt.failed()) {
            return new Evaluation(Result.TEMPERROR, "TXT " + domain + ": " + txt.error());
        }
        Policy policy;
        try {
            Optional<String> record = select(txt.values());
            if (record.isEmpty()) {
                return new Evaluation(Result.NONE, "no v=spf1 record at " + domain);
            }
            policy = parse(record.get());
        } catch (SyntaxException e) {
            return new Evaluation(Result.PERMERROR, domain + ": " + e.getMessage());
        }
        for (Directive d : policy.directives()) {
            Evaluation match;
            try {
                match = matches(d, ip, domain, depth);
            } catch (SyntaxException e) {
                return new Evaluation(Result.PERMERROR, domain + ": " + e.getMessage());
            }
            if (match != null && match.result() != Result.PASS) {
                return match; // an error
            }
            if (match != null) {
                return new Evaluation(result(d.qualifier()), domain + ": " + text(d));
            }
        }
        if (policy.redirect() != null) {
            try {
                count();
                String target = expand(policy.redirect(), ip, domain);
                Evaluation r = checkHost(ip, target, depth + 1);
                return r.result() == Result.NONE
                        ? new Evaluation(Result.PERMERROR, "redirect to " + target + ", which has no SPF record") : r;
            } catch (SyntaxException e) {
                return new Evaluation(Result.PERMERROR, domain + ": " + e.getMessage());
            }
        }
        return new Evaluation(Result.NEUTRAL, domain + ": no term matches");
    }

    /** Null: no match; PASS: a match; anything else: the error that ends the evaluation. */
    private Evaluation matches(Directive d, InetAddress ip, String domain, int depth) throws SyntaxException {
        switch (d.mechanism()) {
            case "all":
                return new Evaluation(Result.PASS, "all");
            case "ip4":
            case "ip6":
                try {
                    return inNetwork(ip, InetAddress.getByName(d.argument()).getAddress(),
                            d.ip4Prefix() >= 0 ? d.ip4Prefix() : d.ip6Prefix()) ? new Evaluation(Result.PASS, "") : null;
                } catch (UnknownHostException e) {
                    throw new SyntaxException("not an IP address: " + d.argument());
                }
            case "include": {
                count();
                String target = expand(d.argument(), ip, domain);
                Evaluation r = checkHost(ip, target, depth + 1);
                return switch (r.result()) {
                    case PASS -> new Evaluation(Result.PASS, "");
                    case FAIL, SOFTFAIL, NEUTRAL -> null;
                    case TEMPERROR -> r;
                    case NONE -> new Evaluation(Result.PERMERROR, "include:" + target + " has no SPF record");
                    case PERMERROR -> r;
                };
            }
            case "a": {
                count();
                String target = d.argument() == null ? domain : expand(d.argument(), ip, domain);
                DnsLookups.Answer a = dns.addresses(target);
                if (a.failed()) {
                    return new Evaluation(Result.TEMPERROR, "A " + target + ": " + a.error());
                }
                return anyInNetwork(ip, a.values(), d) ? new Evaluation(Result.PASS, "") : null;
            }
            case "mx": {
                count();
                String target = d.argument() == null ? domain : expand(d.argument(), ip, domain);
                DnsLookups.Answer mx = dns.mx(target);
                if (mx.failed()) {
                    return new Evaluation(Result.TEMPERROR, "MX " + target + ": " + mx.error());
                }
                if (mx.values().size() > 10) {
                    throw new SyntaxException("more than 10 MX hosts at " + target + " (RFC 7208 §4.6.4)");
                }
                for (String m : mx.values()) {
                    String host = m.substring(m.indexOf(' ') + 1);
                    DnsLookups.Answer a = dns.addresses(host);
                    if (a.failed()) {
                        return new Evaluation(Result.TEMPERROR, "A " + host + ": " + a.error());
                    }
                    if (anyInNetwork(ip, a.values(), d)) {
                        return new Evaluation(Result.PASS, "");
                    }
                }
                return null;
            }
            case "exists": {
                count();
                String target = expand(d.argument(), ip, domain);
                DnsLookups.Answer a = dns.addresses(target);
                if (a.failed()) {
                    return new Evaluation(Result.TEMPERROR, "A " + target + ": " + a.error());
                }
                return a.values().isEmpty() ? null : new Evaluation(Result.PASS, "");
            }
            case "ptr":
                count();
                return null;
            default:
                throw new SyntaxException("unknown mechanism " + d.mechanism());
        }
    }

    private void count() throws SyntaxException {
        if (++lookups > MAX_LOOKUPS) {
            throw new SyntaxException("more than " + MAX_LOOKUPS + " DNS lookups (RFC 7208 §4.6.4)");
        }
    }

    private static String expand(String spec, InetAddress ip, String domain) throws SyntaxException {
        if (spec.indexOf('%') < 0) {
            return spec;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            String rest = spec.substring(i + 1);
            if (rest.startsWith("%")) {
                out.append('%');
                i += 1;
            } else if (rest.startsWith("_")) {
                out.append(' ');
                i += 1;
            } else if (rest.startsWith("-")) {
                out.append("%20");
                i += 1;
            } else if (rest.toLowerCase(Locale.ROOT).startsWith("{d}")) {
                out.append(domain);
                i += 3;
            } else if (rest.toLowerCase(Locale.ROOT).startsWith("{i}")) {
                out.append(ip.getHostAddress());
                i += 3;
            } else {
                throw new SyntaxException("unsupported macro in " + spec);
            }
        }
        return out.toString();
    }

    private static boolean anyInNetwork(InetAddress ip, List<String> addresses, Directive d) throws SyntaxException {
        for (String a : addresses) {
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(a).getAddress();
            } catch (UnknownHostException e) {
                throw new SyntaxException("not an address: " + a);
            }
            if (inNetwork(ip, bytes, bytes.length == 4 ? d.ip4Prefix() : d.ip6Prefix())) {
                return true;
            }
        }
        return false;
    }

    static boolean inNetwork(InetAddress ip, byte[] network, int prefix) {
        byte[] a = ip.getAddress();
        if (a.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Result result(char qualifier) {
        return switch (qualifier) {
            case '-' -> Result.FAIL;
            case '~' -> Result.SOFTFAIL;
            case '?' -> Result.NEUTRAL;
            default -> Result.PASS;
        };
    }

    /** A directive written back as in a record. */
    public static String text(Directive d) {
        StringBuilder s = new StringBuilder();
        if (d.qualifier() != '+') {
            s.append(d.qualifier());
        }
        s.append(d.mechanism());
        if (d.argument() != null) {
            s.append(':').append(d.argument());
        }
        switch (d.mechanism()) {
            case "ip4" -> { if (d.ip4Prefix() != 32) { s.append('/').append(d.ip4Prefix()); } }
            case "ip6" -> { if (d.ip6Prefix() != 128) { s.append('/').append(d.ip6Prefix()); } }
            case "a", "mx" -> {
                if (d.ip4Prefix() != 32) {
                    s.append('/').append(d.ip4Prefix());
                }
                if (d.ip6Prefix() != 128) {
                    s.append("//").append(d.ip6Prefix());
                }
            }
            default -> { }
        }
        return s.toString();
    }
}
