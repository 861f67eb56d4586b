package org.renraku.web.i18n;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
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
 * <p>Signing in restores the language an admin or operator chose before ({@link #restore}); pressing the switch
 * while signed in keeps the choice in their account ({@link LanguageChosen}, observed by the security package),
 * so their mail is written in it too. A member page whose member is known from the signed link follows the
 * member's language ({@link #followMember}) unless the visitor pressed the switch.
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

    /** True once the visitor pressed the language switch (or signed in with a saved language) in this session. */
    private boolean chosen;

    @Inject
    Event<LanguageChosen> languageChosen;

    /** The visitor pressed the language switch: the signed-in admin or operator keeps the choice for next time. */
    public record LanguageChosen(Locale locale) {
    }

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
        this.chosen = true;
        languageChosen.fire(new LanguageChosen(locale));
        FacesContext context = FacesContext.getCurrentInstance();
        context.getViewRoot().setLocale(locale);
        return context.getViewRoot().getViewId() + "?faces-redirect=true&includeViewParams=true";
    }

    /**
     * At sign-in: the language the admin or operator chose before (kept in their account) is the session's, as if
     * they had pressed the switch again.
     */
    public void restore(Locale saved) {
        supported(saved == null ? null : saved.getLanguage()).ifPresent(l -> {
            locale = l;
            chosen = true;
        });
    }

    /**
     * Shows this and the next pages of the session in {@code chosen} at once, like the switch but without keeping
     * it in an account: a member who just changed the language of their mail on their own page.
     */
    public void show(Locale chosen) {
        supported(chosen == null ? null : chosen.getLanguage()).ifPresent(l -> {
            locale = l;
            this.chosen = true;
            applyToView();
        });
    }

    /**
     * A member page whose member is known from its signed link or token: it shows in the member's language,
     * unless the visitor pressed the language switch in this session (that choice still wins). Called by the
     * member pages' views before the page is rendered.
     */
    public void followMember(Locale memberLanguage) {
        if (follows(memberLanguage)) {
            applyToView();
        }
    }

    /** {@link #followMember} without a Faces request: true when the session's language became the member's. */
    boolean follows(Locale memberLanguage) {
        if (chosen) {
            return false;
        }
        Optional<Locale> supported = supported(memberLanguage == null ? null : memberLanguage.getLanguage());
        supported.ifPresent(l -> locale = l);
        return supported.isPresent();
    }

    /** The page being shown takes the session's language now (its f:view was set up before the change). */
    private void applyToView() {
        FacesContext context = FacesContext.getCurrentInstance();
        if (context != null && context.getViewRoot() != null) {
            context.getViewRoot().setLocale(locale);
        }
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
