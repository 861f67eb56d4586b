package org.renraku.archive.control;

import java.io.Serializable;
import java.text.MessageFormat;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.renraku.broadcasts.control.HtmlBodies;
import org.renraku.broadcasts.control.MessageComposer;

/**
 * A broadcast's text as the archive and the feed show it: the placeholders a member's mail had filled with their
 * own data ({@code {name}}, {@code {<attribute label>}}) are filled with neutral words instead, through the very
 * {@link MessageComposer#fill} the mails use (escaped in the HTML part), so nobody's data can appear and the text
 * reads as the mail did. Placeholders the mail left as typed (unknown ones) stay as typed here too.
 */
public final class ArchiveTexts {

    /**
     * The neutral words, from the web bundles: {@code name} for {@code {name}} (e.g. 「会員」, so 「{name}様」 reads
     * 「会員様」), {@code attributePattern} a MessageFormat of the attribute's label (e.g. 「（{0}）」).
     */
    public record Neutral(String name, String attributePattern) implements Serializable {
        public Neutral {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(attributePattern, "attributePattern");
        }
    }

    /** Subject, text and the (already sanitised) HTML part, or null, with the placeholders filled neutrally. */
    public record Rendered(String subject, String text, String html) implements Serializable {
    }

    private final Map<String, String> values;

    /** For a network whose attributes have these labels. */
    public ArchiveTexts(Neutral neutral, Collection<String> attributeLabels) {
        Map<String, String> v = new HashMap<>();
        for (String label : attributeLabels) {
            v.put(label, new MessageFormat(neutral.attributePattern()).format(new Object[] {label}));
        }
        v.put("name", neutral.name()); // after the labels: an attribute labelled "name" cannot take its place
        this.values = Map.copyOf(v);
    }

    /** The placeholder values used (placeholder → neutral word). */
    public Map<String, String> values() {
        return values;
    }

    public Rendered render(String subject, String text, String sanitizedHtml) {
        String s = MessageComposer.fill(subject == null ? "" : subject, values, UnaryOperator.identity());
        String t = MessageComposer.fill(text == null ? "" : text, values, UnaryOperator.identity());
        String h = sanitizedHtml == null || sanitizedHtml.isBlank() ? null
                : MessageComposer.fill(sanitizedHtml, values, HtmlBodies::escape);
        return new Rendered(s, t, h);
    }
}
