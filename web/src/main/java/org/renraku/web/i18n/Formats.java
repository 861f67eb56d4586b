package org.renraku.web.i18n;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates and times as people here read them: in Japan's time zone (the service's users are in Japan, whatever
 * zone the server runs in), {@code 11月27日 6:02} in Japanese and {@code Nov 27, 6:02} in English.
 * In pages: {@code #{formats.dateTime(bean.instant)}}.
 */
@Named
@ApplicationScoped
public class Formats {

    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter JA = DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm", Locale.JAPANESE);
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("MMM d, yyyy H:mm", Locale.ENGLISH);

    public String dateTime(Instant instant) {
        return format(instant, currentLocale());
    }

    public static String format(Instant instant, Locale locale) {
        if (instant == null) {
            return "";
        }
        DateTimeFormatter formatter = "en".equals(locale.getLanguage()) ? EN : JA;
        return formatter.format(instant.atZone(ZONE));
    }

    private static Locale currentLocale() {
        FacesContext context = FacesContext.getCurrentInstance();
        return context == null || context.getViewRoot() == null ? Locale.JAPANESE : context.getViewRoot().getLocale();
    }
}
