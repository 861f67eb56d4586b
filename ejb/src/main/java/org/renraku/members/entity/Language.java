package org.renraku.members.entity;

import java.util.Locale;

/**
 * The language a member or an admin reads: the one their mail is written in and their pages are shown in.
 * Japanese is the service's language and the default; a stored code we do not know (or none) reads as Japanese.
 * Stored as its {@link #code()} in {@code members.language} and {@code admins.language}.
 */
public enum Language {
    JA(Locale.JAPANESE),
    EN(Locale.ENGLISH);

    public static final Language DEFAULT = JA;

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    /** The code stored and shown in links and forms: {@code "ja"}, {@code "en"}. */
    public String code() {
        return locale.getLanguage();
    }

    public Locale locale() {
        return locale;
    }

    /** The language of a stored or submitted code, {@link #DEFAULT} for an unknown, blank or missing one. */
    public static Language of(String code) {
        if (code != null) {
            String clean = code.strip().toLowerCase(Locale.ROOT);
            for (Language language : values()) {
                if (language.code().equals(clean)) {
                    return language;
                }
            }
        }
        return DEFAULT;
    }

    /** The language of a locale ({@code ja-JP} is Japanese), {@link #DEFAULT} for one we have no texts in. */
    public static Language of(Locale locale) {
        return locale == null ? DEFAULT : of(locale.getLanguage());
    }
}
