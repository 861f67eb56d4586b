package org.renraku.mail.control;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Subjects and bodies of the application's transactional mail, from {@code org/renraku/mail/texts_ja.properties}
 * (the admins of a Japanese service read Japanese mail). Each text is a {@link MessageFormat} pattern.
 */
public final class MailTexts {

    static final String BUNDLE = "org.renraku.mail.texts";
    public static final Locale LOCALE = Locale.JAPANESE;
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm", Locale.JAPANESE);
    private static final ResourceBundle.Control ONLY_OURS =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private MailTexts() {
    }

    /** The text of {@code key} with the arguments filled in. */
    public static String text(String key, Object... arguments) {
        String pattern = ResourceBundle.getBundle(BUNDLE, LOCALE, MailTexts.class.getClassLoader(), ONLY_OURS)
                .getString(key);
        return new MessageFormat(pattern, LOCALE).format(arguments);
    }

    /**
     * The text of {@code key} in {@code locale}'s language ({@code org/renraku/mail/texts_<language>.properties}):
     * English for {@code en}, Japanese for anything else.
     */
    public static String text(Locale locale, String key, Object... arguments) {
        Locale l = locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : LOCALE;
        String pattern = ResourceBundle.getBundle(BUNDLE, l, MailTexts.class.getClassLoader(), ONLY_OURS)
                .getString(key);
        return new MessageFormat(pattern, l).format(arguments);
    }

    /** A moment as Japanese readers expect it, in Japan's time zone: 2026年11月27日 6:02. */
    public static String time(Instant instant) {
        return TIME.format(instant.atZone(ZONE));
    }
}
