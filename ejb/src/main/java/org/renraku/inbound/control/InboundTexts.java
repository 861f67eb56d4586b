package org.renraku.inbound.control;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Subjects and bodies of the replies to mail at a join address, from
 * {@code org/renraku/inbound/texts_ja.properties} (MessageFormat patterns, UTF-8). Subjects are fixed texts
 * with at most the network's name: nothing from the incoming mail is ever put into a reply's header.
 */
public final class InboundTexts {

    static final String BUNDLE = "org.renraku.inbound.texts";
    private static final ResourceBundle.Control ONLY_OURS =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private InboundTexts() {
    }

    public static String text(String key, Object... arguments) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.JAPANESE, InboundTexts.class.getClassLoader(),
                ONLY_OURS).getString(key);
        return new MessageFormat(pattern, Locale.JAPANESE).format(arguments);
    }
}
