package org.renraku.dnshealth.control;

import java.io.Serializable;
import java.util.List;

/**
 * One check of one domain: its verdict, why ({@link #reason()}, a key the pages and mails word, with
 * {@link #arguments()}), what DNS has now ({@link #found()}, the records as published; empty when none) and what to
 * publish to fix it ({@link #fix()}, zone-file lines; empty when nothing is to be done).
 */
public record CheckResult(String domain, Check check, Verdict verdict, String reason, List<String> arguments,
        String found, String fix) implements Serializable {

    /** What is checked. */
    public enum Check { SPF, DKIM, DMARC, MX, PTR }

    /** PASS: as it should be; WARN: works but should be looked at (or DNS did not answer); FAIL: broken. */
    public enum Verdict { PASS, WARN, FAIL }

    public CheckResult {
        arguments = List.copyOf(arguments);
        found = found == null ? "" : found;
        fix = fix == null ? "" : fix;
    }

    /** The key under which the results are stored and compared: domain and check. */
    public String key() {
        return domain + " " + check;
    }
}
