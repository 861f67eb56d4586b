package org.renraku.dnshealth.control;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A DKIM/DMARC tag list ({@code v=DKIM1; k=rsa; p=…}, RFC 6376 §3.2, RFC 7489 §6.3): tags separated by {@code ;},
 * each {@code name=value}, white space around both ignored; tag names are case-sensitive for DKIM and matched in
 * lower case here (DMARC's are case-insensitive). A tag given twice or a part without {@code =} is malformed.
 */
public final class TagList {

    private TagList() {
    }

    /** The tags in order (names in lower case). */
    public static Map<String, String> parse(String text) throws Spf.SyntaxException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new Spf.SyntaxException("not a tag=value: " + p);
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw new Spf.SyntaxException("not a tag name: " + name);
            }
            if (tags.put(name, p.substring(eq + 1).strip()) != null) {
                throw new Spf.SyntaxException("tag " + name + " given twice");
            }
        }
        return tags;
    }
}
