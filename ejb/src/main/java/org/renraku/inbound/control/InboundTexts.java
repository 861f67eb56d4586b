package org.renraku.inbound.control;

import java.util.Locale;
import org.renraku.mail.control.MailTexts;

/**
 * Subjects and bodies of the replies to mail at a join address, from
 * {@code org/renraku/inbound/texts_ja.properties} and {@code texts_en.properties} (MessageFormat patterns, UTF-8,
 * the same keys). Subjects are fixed texts with at most the network's name: nothing from the incoming mail is ever
 * put into a reply's header. A reply to someone who is not a member yet is Japanese.
 */
public final class InboundTexts {

    static final String BUNDLE = "org.renraku.inbound.texts";

    private InboundTexts() {
    }

    /** The text of {@code key} in the recipient's language ({@code locale}; Japanese when we have none). */
    public static String text(Locale locale, String key, Object... arguments) {
        return MailTexts.format(BUNDLE, InboundTexts.class.getClassLoader(), locale, key, arguments);
    }
}
