package org.renraku.delivery.control;

import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Where mail for a recipient domain goes (RFC 5321 §5.1): the domain's MX hosts in preference order (hosts of
 * equal preference shuffled, so that load spreads as the receiver intends), each with its addresses (IPv4 first);
 * no MX record: the domain itself is the one host (implicit MX); a "null MX" ({@code 0 .}, RFC 7505): the domain
 * takes no mail. The lookups go through dnsjava with its own cache, which keeps each answer for its TTL.
 * <p>
 * Every outcome is a {@link Route}: hosts to try, or a {@link Route#refusal() refusal} written as the reply a
 * sending MTA records for it — NXDOMAIN is permanent ({@code 550 5.1.2}), a null MX is {@code 556 5.1.10}
 * (RFC 7505 §4.2), a domain without MX and without address is {@code 550 5.4.4}, and a failing or unreachable
 * DNS server (SERVFAIL, timeout) is temporary ({@code 451 4.4.3}, RFC 3463 "directory server failure").
 * Host names are not resolved by the JVM's resolver: the addresses come from the same DNS servers as the MX.
 */
public final class MxRoutes {

    /** The resolver's timeout per query. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One receiving host: its name, its preference (0 for an implicit MX), its addresses in the order to try. */
    public record MxHost(String name, int preference, List<InetAddress> addresses) {
        public MxHost {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * What a lookup gave for a domain: the hosts to try in order (empty when refused), or the refusal to record.
     * {@link #key()} names the destination, so that a connection can be reused for another domain with the same
     * MX hosts.
     */
    public record Route(String domain, List<MxHost> hosts, SmtpReply refusal) {
        public Route {
            hosts = List.copyOf(hosts);
            if (hosts.isEmpty() == (refusal == null)) {
                throw new IllegalArgumentException("A route has hosts or a refusal: " + domain);
            }
        }

        public boolean deliverable() {
            return refusal == null;
        }

        /** The MX host names, sorted: two domains served by the same hosts share connections. */
        public String key() {
            return hosts.stream().map(MxHost::name).sorted().distinct().reduce((a, b) -> a + "," + b).orElse("");
        }
    }

    private final Resolver resolver;
    private final Cache cache;
    private final Random random;

    /** Lookups through {@code resolver}, with their own cache (answers kept for their TTL). */
    public MxRoutes(Resolver resolver, Random random) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.cache = new Cache(DClass.IN);
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Lookups through the DNS servers of {@code servers} — comma-separated {@code host[:port]} (IPv6 as
     * {@code [::1]:53}); blank: the system's resolvers (resolv.conf).
     */
    public static MxRoutes using(String servers) {
        return new MxRoutes(resolver(servers), new Random());
    }

    public static Resolver resolver(String servers) {
        List<Resolver> resolvers = new ArrayList<>();
        if (servers != null) {
            for (String part : servers.split(",")) {
                String s = part.strip();
                if (!s.isEmpty()) {
                    resolvers.add(server(s));
                }
            }
        }
        ExtendedResolver r = resolvers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(resolvers);
        r.setTimeout(TIMEOUT);
        return r;
    }

    private static Resolver server(String spec) {
        String host = spec;
        int port = 53;
        if (spec.startsWith("[")) {
            int end = spec.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("Not a DNS server (host[:port]): " + spec);
            }
            host = spec.substring(1, end);
            if (spec.length() > end + 1) {
                port = port(spec, spec.substring(end + 1));
            }
        } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
            host = spec.substring(0, spec.indexOf(':'));
            port = port(spec, spec.substring(spec.indexOf(':')));
        }
        try {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
            r.setTimeout(TIMEOUT);
            return r;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("Not a DNS server (give its address): " + spec, e);
        }
    }

    private static int port(String spec, String colonPort) {
        try {
            if (!colonPort.startsWith(":")) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(colonPort.substring(1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a DNS server (host[:port]): " + spec, e);
        }
    }

    /** The route to the receiving servers of {@code domain} (the part of a mail address after the {@code @}). */
    public Route route(String domain) {
        String ascii;
        Name name;
        try {
            ascii = IDN.toASCII(domain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (ascii.isEmpty() || ascii.startsWith("[")) {
                throw new IllegalArgumentException("empty or an address literal");
            }
            name = Name.fromString(ascii.endsWith(".") ? ascii : ascii + ".");
        } catch (IllegalArgumentException | TextParseException e) {
            return refused(domain, 550, "5.1.2", "Not a mail domain: " + domain);
        }
        Answer mx = lookup(name, Type.MX);
        switch (mx.kind) {
            case NO_SUCH_DOMAIN:
                return refused(ascii, 550, "5.1.2", "Domain not found: " + ascii + " (DNS: no such domain)");
            case TEMPORARY:
                return refused(ascii, 451, "4.4.3", "DNS lookup of " + ascii + " failed, will retry (" + mx.error + ")");
            case NO_DATA:
                return implicitMx(ascii, name);
            default:
                break;
        }
        TreeMap<Integer, List<Name>> byPreference = new TreeMap<>();
        for (Record r : mx.records) {
            MXRecord m = (MXRecord) r;
            if (m.getTarget().equals(Name.root)) {
                return refused(ascii, 556, "5.1.10", "Domain " + ascii + " accepts no mail (null MX, RFC 7505)");
            }
            byPreference.computeIfAbsent(m.getPriority(), p -> new ArrayList<>()).add(m.getTarget());
        }
        List<MxHost> hosts = new ArrayList<>();
        boolean temporary = false;
        for (var e : byPreference.entrySet()) {
            List<Name> names = new ArrayList<>(e.getValue().stream().distinct().toList());
            names.sort(Comparator.naturalOrder());
            Collections.shuffle(names, random);
            for (Name n : names) {
                Addresses a = addresses(n);
                temporary |= a.temporary;
                if (!a.list.isEmpty()) {
                    hosts.add(new MxHost(hostName(n), e.getKey(), a.list));
                }
            }
        }
        if (!hosts.isEmpty()) {
            return new Route(ascii, hosts, null);
        }
        return temporary
                ? refused(ascii, 451, "4.4.3", "DNS lookup of the MX hosts of " + ascii + " failed, will retry")
                : refused(ascii, 550, "5.4.4", "No MX host of " + ascii + " has an address");
    }

    /** RFC 5321 §5.1: without MX records, the domain's own address records are the one host. */
    private Route implicitMx(String ascii, Name name) {
        Addresses a = addresses(name);
        if (!a.list.isEmpty()) {
            return new Route(ascii, List.of(new MxHost(ascii, 0, a.list)), null);
        }
        return a.temporary
                ? refused(ascii, 451, "4.4.3", "DNS lookup of " + ascii + " failed, will retry")
                : refused(ascii, 550, "5.4.4", "Domain " + ascii + " has no MX and no address (DNS)");
    }

    private record Addresses(List<InetAddress> list, boolean temporary) {
    }

    private Addresses addresses(Name host) {
        List<InetAddress> list = new ArrayList<>();
        boolean temporary = false;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Answer a = lookup(host, type);
            if (a.kind == Kind.FOUND) {
                for (Record r : a.records) {
                    list.add(r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress());
                }
            }
            temporary |= a.kind == Kind.TEMPORARY;
            if (a.kind == Kind.NO_SUCH_DOMAIN) {
                break; // no AAAA either
            }
        }
        return new Addresses(list, temporary);
    }

    /**
     * The TXT records of {@code name} now (each record's strings joined, as RFC 6376 3.6.2.2 reads a DKIM key
     * record), looked up through the same DNS servers without the cache, so a record just published is seen;
     * empty when the name has none.
     *
     * @throws IllegalStateException when the DNS servers did not answer (the message says why)
     */
    public List<String> txt(String name) {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("Not a DNS name: " + name, e);
        }
        Lookup lookup = new Lookup(n, Type.TXT, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        int result = lookup.getResult();
        if (result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE) {
            throw new IllegalStateException("DNS lookup of " + name + " TXT failed: " + lookup.getErrorString());
        }
        List<String> out = new ArrayList<>();
        if (records != null) {
            for (Record r : records) {
                if (r instanceof org.xbill.DNS.TXTRecord t) {
                    out.add(String.join("", t.getStrings()));
                }
            }
        }
        return out;
    }

    private enum Kind { FOUND, NO_DATA, NO_SUCH_DOMAIN, TEMPORARY }

    private record Answer(Kind kind, Record[] records, String error) {
    }

    private Answer lookup(Name name, int type) {
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> records == null || records.length == 0
                    ? new Answer(Kind.NO_DATA, new Record[0], null) : new Answer(Kind.FOUND, records, null);
            case Lookup.TYPE_NOT_FOUND -> new Answer(Kind.NO_DATA, new Record[0], null);
            case Lookup.HOST_NOT_FOUND -> new Answer(Kind.NO_SUCH_DOMAIN, new Record[0], null);
            default -> new Answer(Kind.TEMPORARY, new Record[0], lookup.getErrorString()); // TRY_AGAIN, UNRECOVERABLE
        };
    }

    private static String hostName(Name n) {
        String s = n.toString(true);
        return s.toLowerCase(Locale.ROOT);
    }

    private static Route refused(String domain, int code, String enhanced, String text) {
        return new Route(domain, List.of(), new SmtpReply(code, enhanced, text));
    }
}
