package org.renraku.broadcasts.control;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * The optional HTML part of a broadcast, made safe with the OWASP Java HTML Sanitizer: text formatting, blocks,
 * lists, tables, inline styles, links (http, https, mailto) and images; no scripts, forms, frames or event
 * handlers. Sanitised once when composed (and stored so); placeholders are filled afterwards with escaped values.
 */
public final class HtmlBodies {

    private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS).and(Sanitizers.LINKS)
            .and(Sanitizers.IMAGES).and(Sanitizers.TABLES).and(Sanitizers.STYLES)
            .and(new HtmlPolicyBuilder().allowElements("hr", "center", "small", "big").toFactory());

    private HtmlBodies() {
    }

    /** The safe subset of {@code html}; null for null. */
    public static String sanitize(String html) {
        return html == null ? null : POLICY.sanitize(html);
    }

    /** Text for use inside HTML: {@code & < > " '} escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
