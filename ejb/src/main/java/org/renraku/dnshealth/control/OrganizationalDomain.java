package org.renraku.dnshealth.control;

import java.util.Locale;
import java.util.Set;

/**
 * The organizational domain of a name (RFC 7489 §3.2) for relaxed alignment: the registered domain below a public
 * suffix. Without the whole Public Suffix List this knows the one-label suffixes and the usual two-label ones
 * (Japan's {@code co.jp}, {@code ne.jp}, {@code or.jp}, {@code ac.jp}, {@code ed.jp}, {@code go.jp}, {@code gr.jp},
 * {@code lg.jp}, {@code ad.jp} and a few elsewhere), which covers the sending domains of schools and PTAs.
 */
public final class OrganizationalDomain {

    static final Set<String> TWO_LABEL_SUFFIXES = Set.of("co.jp", "ne.jp", "or.jp", "ac.jp", "ad.jp", "ed.jp",
            "go.jp", "gr.jp", "lg.jp", "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "edu.au",
            "co.nz", "co.kr", "or.kr", "com.cn", "com.tw", "com.hk", "com.sg", "com.br");

    private OrganizationalDomain() {
    }

    public static String of(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String[] labels = d.split("\\.");
        int keep = labels.length >= 3 && TWO_LABEL_SUFFIXES.contains(labels[labels.length - 2] + "."
                + labels[labels.length - 1]) ? 3 : 2;
        if (labels.length <= keep) {
            return d;
        }
        return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
    }

    /** RFC 7489 §3.1: strict — the same name; relaxed — the same organizational domain. */
    public static boolean aligned(String a, String b, boolean strict) {
        String x = a.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String y = b.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return strict ? x.equals(y) : of(x).equals(of(y));
    }
}
