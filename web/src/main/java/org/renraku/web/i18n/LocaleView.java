package org.renraku.web.i18n;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * The language a visitor sees, kept for the whole session.
 *
 * <p>The first page of a session takes the browser's preference (its {@code Accept-Language}
 * header) when that names Japanese or English, and Japanese otherwise. The language switch in
 * the header of every page ({@code WEB-INF/templates/layout.xhtml}) calls {@link #change(String)};
 * the template applies the choice with {@code <f:view locale="#{localeView.locale}">} and
 * {@code <html lang="#{localeView.locale.language}">}.
 *
 * <p>Adding a language means: a {@code messages_xx.properties} and a
 * {@code validation_xx.properties}, a {@code common.lang.xx} key, {@code supported-locale} in
 * {@code faces-config.xml}, and the locale in {@link #SUPPORTED}.
 */
@Named
@SessionScoped
public class LocaleView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The language of the service, and of anyone whose browser prefers neither of ours. */
    public static final Locale DEFAULT_LOCALE = Locale.JAPANESE;

    /** The languages we have texts for, in the order the language switch shows them. */
    public static final List<Locale> SUPPORTED = List.of(Locale.JAPANESE, Locale.ENGLISH);

    private Locale locale = DEFAULT_LOCALE;

    @PostConstruct
    void init() {
        FacesContext context = FacesContext.getCurrentInstance();
        if (context != null) {
            locale = negotiate(context.getExternalContext().getRequestHeaderMap().get("Accept-Language"));
        }
    }

    /**
     * Picks our language for an {@code Accept-Language} header: the supported language the
     * browser ranks highest ({@code ja-JP} counts as {@code ja}), else {@link #DEFAULT_LOCALE}.
     * A missing or malformed header also gives the default.
     */
    public static Locale negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return DEFAULT_LOCALE;
        }
        try {
            Locale match = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return match != null ? match : DEFAULT_LOCALE;
        } catch (IllegalArgumentException malformedHeader) {
            return DEFAULT_LOCALE;
        }
    }

    /** The supported locale for a language code such as {@code "en"}, if we have it. */
    public static Optional<Locale> supported(String language) {
        if (language == null) {
            return Optional.empty();
        }
        return SUPPORTED.stream().filter(candidate -> candidate.getLanguage().equals(language)).findFirst();
    }

    /**
     * Switches the language for the rest of the session and shows the current page again in
     * it (a redirect to the same page, so reloading it afterwards re-sends nothing).
     * A language we do not support changes nothing.
     *
     * @param language a language code from {@link #getLanguages()}, for example {@code "en"}
     * @return the navigation outcome: the current page, redirected
     */
    public String change(String language) {
        Optional<Locale> chosen = supported(language);
        if (chosen.isEmpty()) {
            return null;
        }
        locale = chosen.get();
        FacesContext context = FacesContext.getCurrentInstance();
        context.getViewRoot().setLocale(locale);
        return context.getViewRoot().getViewId() + "?faces-redirect=true&includeViewParams=true";
    }

    /** The current language as a locale, for {@code f:view locale}. */
    public Locale getLocale() {
        return locale;
    }

    /** The current language code, {@code "ja"} or {@code "en"}. */
    public String getLanguage() {
        return locale.getLanguage();
    }

    /** The codes of the supported languages, for the language switch. */
    public List<String> getLanguages() {
        return SUPPORTED.stream().map(Locale::getLanguage).toList();
    }
}
