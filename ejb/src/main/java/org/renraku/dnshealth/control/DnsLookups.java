package org.renraku.dnshealth.control;

import java.util.List;

/**
 * The DNS questions the health checks ask. Each answer is the records found (empty: the name or the type does not
 * exist), or an error when the DNS servers did not answer (SERVFAIL, timeout).
 */
public interface DnsLookups {

    /** What a lookup gave: the values, or {@link #error()} (non-null) when it failed. */
    record Answer(List<String> values, String error) {
        public Answer {
            values = List.copyOf(values);
        }

        public static Answer of(List<String> values) {
            return new Answer(values, null);
        }

        public static Answer failed(String error) {
            return new Answer(List.of(), error == null ? "DNS lookup failed" : error);
        }

        public boolean failed() {
            return error != null;
        }
    }

    /** The TXT records of {@code name}, each record's character-strings joined. */
    Answer txt(String name);

    /** The MX records of {@code name} as {@code "<preference> <host>"}, host names in lower case without the dot. */
    Answer mx(String name);

    /** The A and AAAA records of {@code name} as address text. */
    Answer addresses(String name);

    /** The PTR records of an IP address, host names in lower case without the trailing dot. */
    Answer ptr(String address);
}
