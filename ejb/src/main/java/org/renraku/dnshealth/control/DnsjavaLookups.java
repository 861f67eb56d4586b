package org.renraku.dnshealth.control;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsLookups} through dnsjava, without a cache: a health check must see what DNS says now.
 */
public final class DnsjavaLookups implements DnsLookups {

    private final Resolver resolver;

    public DnsjavaLookups(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Answer txt(String name) {
        return run(name, Type.TXT, r -> String.join("", ((TXTRecord) r).getStrings()));
    }

    @Override
    public Answer mx(String name) {
        return run(name, Type.MX, r -> ((MXRecord) r).getPriority() + " " + host(((MXRecord) r).getTarget()));
    }

    @Override
    public Answer addresses(String name) {
        Answer a = run(name, Type.A, r -> ((ARecord) r).getAddress().getHostAddress());
        if (a.failed()) {
            return a;
        }
        Answer aaaa = run(name, Type.AAAA, r -> ((AAAARecord) r).getAddress().getHostAddress());
        if (aaaa.failed()) {
            return aaaa;
        }
        List<String> all = new ArrayList<>(a.values());
        all.addAll(aaaa.values());
        return Answer.of(all);
    }

    @Override
    public Answer ptr(String address) {
        try {
            Name name = ReverseMap.fromAddress(InetAddress.getByName(address));
            return run(name, Type.PTR, r -> host(((PTRRecord) r).getTarget()));
        } catch (UnknownHostException e) {
            return Answer.failed("not an IP address: " + address);
        }
    }

    private interface Value {
        String of(Record r);
    }

    private Answer run(String name, int type, Value value) {
        Name n;
        try {
            String ascii = IDN.toASCII(name.strip(), IDN.ALLOW_UNASSIGNED);
            n = Name.fromString(ascii.endsWith(".") ? ascii : ascii + ".");
        } catch (IllegalArgumentException | TextParseException e) {
            return Answer.failed("not a domain name: " + name);
        }
        return run(n, type, value);
    }

    private Answer run(Name name, int type, Value value) {
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL: {
                List<String> values = new ArrayList<>();
                for (Record r : records == null ? new Record[0] : records) {
                    if (r.getType() == type) {
                        values.add(value.of(r));
                    }
                }
                return Answer.of(values);
            }
            case Lookup.TYPE_NOT_FOUND:
            case Lookup.HOST_NOT_FOUND:
                return Answer.of(List.of());
            default:
                return Answer.failed(lookup.getErrorString());
        }
    }

    private static String host(Name n) {
        return n.toString(true).toLowerCase(Locale.ROOT);
    }
}
