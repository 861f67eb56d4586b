package org.renraku.mail.control;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;
import org.renraku.members.entity.Language;

/**
 * Subjects and bodies of the application's transactional mail, from {@code org/renraku/mail/texts_ja.properties}
 * and {@code texts_en.properties} (the same keys). Each text is a {@link MessageFormat} pattern, written in the
 * RECIPIENT's language: the caller passes the locale of the admin (or member) the mail goes to. A locale we have
 * no texts in gets Japanese, the service's language ({@link #LOCALE}); the JVM's default locale never counts.
 */
public final class MailTexts {

    static final String BUNDLE = "org.renraku.mail.texts";
    /** The service's language: the texts for anyone whose language is unknown or unset. */
    public static final Locale LOCALE = Language.DEFAULT.locale();
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME_JA = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm", Locale.JAPANESE);
    private static final DateTimeFormatter TIME_EN = DateTimeFormatter.ofPattern("MMM d, yyyy, H:mm 'JST'",
            Locale.ENGLISH);
    private static final ResourceBundle.Control ONLY_OURS =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private MailTexts() {
    }

    /** The text of {@code key} in {@code locale}'s language (Japanese when we have none), arguments filled in. */
    public static String text(Locale locale, String key, Object... arguments) {
        return format(BUNDLE, MailTexts.class.getClassLoader(), locale, key, arguments);
    }

    /** The Japanese text of {@code key}: for texts that have no single reader (a broadcast's subject prefix). */
    public static String text(String key, Object... arguments) {
        return text(LOCALE, key, arguments);
    }

    /**
     * The pattern {@code key} of the bundle {@code baseName} in {@code locale}'s language, formatted: the one way
     * every mail bundle (this one, the join replies', the members') is read.
     */
    public static String format(String baseName, ClassLoader loader, Locale locale, String key, Object... arguments) {
        Locale supported = Language.of(locale).locale();
        String pattern = ResourceBundle.getBundle(baseName, supported, loader, ONLY_OURS).getString(key);
        return new MessageFormat(pattern, supported).format(arguments);
    }

    /** A moment in Japan's time zone as readers of {@code locale} expect it: 2026年11月27日 6:02, Nov 27, 2026, 6:02 JST. */
    public static String time(Locale locale, Instant instant) {
        DateTimeFormatter format = Language.of(locale) == Language.EN ? TIME_EN : TIME_JA;
        return format.format(instant.atZone(ZONE));
    }

    /** A moment as Japanese readers expect it, in Japan's time zone: 2026年11月27日 6:02. */
    public static String time(Instant instant) {
        return time(LOCALE, instant);
    }
}
