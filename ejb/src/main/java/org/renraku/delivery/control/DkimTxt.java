package org.renraku.delivery.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DKIM key record as DNS publishes it ({@code <selector>._domainkey.<domain> TXT "v=DKIM1; k=rsa; p=…"}, RFC 6376
 * 3.6.1): its tag list parsed, and whether it publishes a given public key — what a key rotation checks before the
 * new selector signs.
 */
public final class DkimTxt {

    /** What DNS published for a selector, compared with the key that should sign under it. */
    public enum Verdict {
        /** A DKIM key record whose p= is the key's public key. */
        MATCHES,
        /** No TXT record at the name. */
        ABSENT,
        /** TXT records, but none a DKIM key record (bad tag list, v= not DKIM1, k= not rsa, no p=). */
        NOT_DKIM,
        /** A DKIM key record whose p= is another key (or empty: a revoked key). */
        OTHER_KEY
    }

    /** The verdict, and the record found (the one closest to matching; null when none). */
    public record Check(Verdict verdict, String found) {
        public boolean matches() {
            return verdict == Verdict.MATCHES;
        }
    }

    private DkimTxt() {
    }

    /**
     * The tags of a DKIM key record ({@code tag=value; …}, white space around tags and values and inside the
     * base64 of p= ignored); empty when the text is not a tag list or names a tag twice (RFC 6376 3.2).
     */
    public static Optional<Map<String, String>> tags(String txt) {
        if (txt == null) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : txt.split(";", -1)) {
            if (spec.isBlank()) {
                continue; // a trailing ";" is allowed
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String name = spec.substring(0, eq).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || tags.containsKey(name)) {
                return Optional.empty();
            }
            tags.put(name, spec.substring(eq + 1).strip());
        }
        return tags.isEmpty() ? Optional.empty() : Optional.of(tags);
    }

    /**
     * The public key (base64, white space removed) a DKIM key record publishes: v= absent or DKIM1 (and then
     * first), k= absent or rsa; empty when the record is not one, or p= is missing. An empty p= (a revoked key)
     * is returned as "".
     */
    public static Optional<String> publicKey(String txt) {
        Optional<Map<String, String>> parsed = tags(txt);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = parsed.get();
        String v = tags.get("v");
        if (v != null && (!v.equals("DKIM1") || !tags.keySet().iterator().next().equals("v"))) {
            return Optional.empty();
        }
        String k = tags.get("k");
        if (k != null && !k.toLowerCase(Locale.ROOT).equals("rsa")) {
            return Optional.empty();
        }
        String p = tags.get("p");
        return p == null ? Optional.empty() : Optional.of(p.replaceAll("\\s+", ""));
    }

    /** Which of the TXT records found at the selector's name publishes {@code publicKeyBase64}, if any. */
    public static Check check(List<String> found, String publicKeyBase64) {
        String wanted = publicKeyBase64.replaceAll("\\s+", "");
        if (found.isEmpty()) {
            return new Check(Verdict.ABSENT, null);
        }
        String otherKey = null;
        for (String txt : found) {
            Optional<String> p = publicKey(txt);
            if (p.isPresent() && p.get().equals(wanted)) {
                return new Check(Verdict.MATCHES, txt);
            }
            if (p.isPresent() && otherKey == null) {
                otherKey = txt;
            }
        }
        return otherKey != null ? new Check(Verdict.OTHER_KEY, otherKey) : new Check(Verdict.NOT_DKIM, found.get(0));
    }
}
