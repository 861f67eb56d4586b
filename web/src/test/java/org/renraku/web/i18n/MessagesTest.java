package org.renraku.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void textShouldBeJapaneseForJapanese() {
        assertThat(Messages.text(Locale.JAPANESE, "login.ended.logout")).isEqualTo("ログアウトしました。");
    }

    @Test
    void textShouldBeEnglishForEnglish() {
        assertThat(Messages.text(Locale.ENGLISH, "login.ended.logout")).isEqualTo("You have logged out.");
    }

    @Test
    void textShouldUseTheLanguageOfARegionalLocale() {
        assertThat(Messages.text(Locale.JAPAN, "login.form.submit")).isEqualTo("ログイン");
        assertThat(Messages.text(Locale.US, "login.form.submit")).isEqualTo("Log in");
    }

    @Test
    void textShouldFallBackToJapaneseForALanguageWeDoNotHaveWhateverTheJvmDefault() {
        Locale jvmDefault = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertThat(Messages.text(Locale.FRENCH, "login.form.submit")).isEqualTo("ログイン");
        } finally {
            Locale.setDefault(jvmDefault);
        }
    }

    @Test
    void textShouldMarkAMissingKeyInsteadOfFailingThePage() {
        assertThat(Messages.text(Locale.JAPANESE, "no.such.key")).isEqualTo("???no.such.key???");
    }
}
