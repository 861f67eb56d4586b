package org.renraku.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class LocaleViewTest {

    @Test
    void negotiateShouldPickJapaneseForAJapaneseBrowser() {
        assertThat(LocaleView.negotiate("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void negotiateShouldPickEnglishForAnEnglishBrowser() {
        assertThat(LocaleView.negotiate("en-US,en;q=0.9")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void negotiateShouldFollowTheBrowsersWeightsNotTheHeaderOrder() {
        assertThat(LocaleView.negotiate("ja;q=0.5, en;q=0.8")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void negotiateShouldSkipUnsupportedLanguagesForALaterSupportedOne() {
        assertThat(LocaleView.negotiate("fr-FR,fr;q=0.9,en;q=0.5")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void negotiateShouldFallBackToJapaneseWhenNoSupportedLanguageIsAccepted() {
        assertThat(LocaleView.negotiate("fr-FR,de;q=0.8")).isEqualTo(Locale.JAPANESE);
        assertThat(LocaleView.negotiate("*")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void negotiateShouldFallBackToJapaneseWithoutAHeader() {
        assertThat(LocaleView.negotiate(null)).isEqualTo(Locale.JAPANESE);
        assertThat(LocaleView.negotiate("  ")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void negotiateShouldFallBackToJapaneseForAMalformedHeader() {
        assertThat(LocaleView.negotiate("en_US;q=x")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void supportedShouldAcceptOnlyOurLanguages() {
        assertThat(LocaleView.supported("en")).contains(Locale.ENGLISH);
        assertThat(LocaleView.supported("ja")).contains(Locale.JAPANESE);
        assertThat(LocaleView.supported("fr")).isEmpty();
        assertThat(LocaleView.supported("EN")).isEmpty();
        assertThat(LocaleView.supported(null)).isEmpty();
    }

    @Test
    void aNewSessionShouldBeJapaneseUntilTheBrowserIsAsked() {
        LocaleView view = new LocaleView();

        assertThat(view.getLocale()).isEqualTo(Locale.JAPANESE);
        assertThat(view.getLanguage()).isEqualTo("ja");
    }

    @Test
    void languagesShouldListJapaneseFirst() {
        assertThat(new LocaleView().getLanguages()).containsExactly("ja", "en");
    }

    @Test
    void changeShouldIgnoreAnUnsupportedLanguage() {
        LocaleView view = new LocaleView();

        assertThat(view.change("fr")).isNull();
        assertThat(view.getLocale()).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void aMemberPageFollowsTheMembersLanguageWhileTheVisitorHasNotChosenOne() {
        LocaleView view = new LocaleView();

        view.follows(Locale.ENGLISH);
        assertThat(view.getLocale()).isEqualTo(Locale.ENGLISH);
        view.follows(Locale.JAPANESE);
        assertThat(view.getLocale()).isEqualTo(Locale.JAPANESE);
        view.follows(Locale.FRENCH);
        assertThat(view.getLocale()).as("a language we have no texts in changes nothing").isEqualTo(Locale.JAPANESE);
    }

    @Test
    void aLanguageRestoredAtSignInWinsOverTheMembersLanguage() {
        LocaleView view = new LocaleView();

        view.restore(Locale.ENGLISH);
        view.follows(Locale.JAPANESE);
        assertThat(view.getLocale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void restoringAnUnsupportedLanguageKeepsTheSessionsAndLeavesTheMemberLanguageFree() {
        LocaleView view = new LocaleView();

        view.restore(Locale.GERMAN);
        view.restore(null);
        assertThat(view.getLocale()).isEqualTo(Locale.JAPANESE);
        view.follows(Locale.ENGLISH);
        assertThat(view.getLocale()).isEqualTo(Locale.ENGLISH);
    }
}
