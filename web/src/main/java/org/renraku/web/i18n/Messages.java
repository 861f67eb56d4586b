package org.renraku.web.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.logging.Logger;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.FacesContext;

/**
 * The one place where Java code turns a bundle key into text for the user.
 *
 * <p>Pages read the same bundle as {@code #{msg['feature.page.element']}} (declared in
 * {@code faces-config.xml}); view beans use this class for the texts they produce themselves,
 * above all {@link FacesMessage}s:
 *
 * <pre>{@code
 * Messages.addGlobal(FacesMessage.SEVERITY_WARN, "login.failed");
 * }</pre>
 *
 * <p>The language is the one of the current view ({@code f:view locale} in the page template,
 * chosen by {@link LocaleView}). Texts with arguments are {@link MessageFormat} patterns
 * ({@code {0}}, and a quote written as {@code ''}); texts without arguments are returned as
 * written, exactly as the page sees them.
 */
public final class Messages {

    /** Base name of the UI text bundle ({@code messages.properties}, {@code _ja}, {@code _en}). */
    public static final String BUNDLE = "org.renraku.web.i18n.messages";

    private static final Logger LOG = Logger.getLogger(Messages.class.getName());

    /**
     * Only the bundles we ship, never one chosen by the JVM's default locale: a server started
     * in an English environment must still fall back to the Japanese base bundle.
     */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    /**
     * The text of {@code key} in {@code locale}, with {@code arguments} filled in.
     * A key missing from the bundle is logged and shown as {@code ???key???}, the way Faces
     * shows a missing {@code #{msg[...]}} key, so that a page still renders.
     */
    public static String text(Locale locale, String key, Object... arguments) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK)
                    .getString(key);
        } catch (MissingResourceException e) {
            LOG.warning(() -> "No text for key '" + key + "' in bundle " + BUNDLE + " (" + locale + ")");
            return "???" + key + "???";
        }
        if (arguments == null || arguments.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(arguments);
    }

    /** The text of {@code key} in the language of the current view. */
    public static String text(String key, Object... arguments) {
        return text(currentLocale(), key, arguments);
    }

    /** Shows a message about the whole page (rendered by {@code p:messages globalOnly="true"}). */
    public static void addGlobal(FacesMessage.Severity severity, String key, Object... arguments) {
        add(null, severity, key, arguments);
    }

    /**
     * Shows a message next to the component with the given client id (for example
     * {@code login:userId}), or about the whole page when {@code clientId} is {@code null}.
     */
    public static void add(String clientId, FacesMessage.Severity severity, String key, Object... arguments) {
        String text = text(key, arguments);
        FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, text));
    }

    /** The language of the current view; Japanese outside a Faces request. */
    static Locale currentLocale() {
        FacesContext context = FacesContext.getCurrentInstance();
        if (context == null) {
            return LocaleView.DEFAULT_LOCALE;
        }
        UIViewRoot view = context.getViewRoot();
        if (view != null && view.getLocale() != null) {
            return view.getLocale();
        }
        return LocaleView.DEFAULT_LOCALE;
    }
}
