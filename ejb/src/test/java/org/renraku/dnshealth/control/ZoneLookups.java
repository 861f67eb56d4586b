package org.renraku.dnshealth.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records held in memory, for the parsing rules' tests (the DNS-server tests use dnsmasq: {@link Dnsmasq}). */
final class ZoneLookups implements DnsLookups {

    private final Map<String, List<String>> records = new HashMap<>();
    int queries;

    ZoneLookups add(String type, String name, String value) {
        records.computeIfAbsent(type + " " + name, k -> new ArrayList<>()).add(value);
        return this;
    }

    private Answer get(String type, String name) {
        queries++;
        return Answer.of(records.getOrDefault(type + " " + name, List.of()));
    }

    @Override
    public Answer txt(String name) {
        return get("TXT", name);
    }

    @Override
    public Answer mx(String name) {
        return get("MX", name);
    }

    @Override
    public Answer addresses(String name) {
        return get("A", name);
    }

    @Override
    public Answer ptr(String address) {
        return get("PTR", address);
    }
}
