package org.renraku.mail.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Format;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every mail the service writes exists in Japanese and English: each mail bundle has an {@code _en}
 * sibling with exactly the Japanese keys, every text filled in, real UTF-8, and the same MessageFormat arguments in
 * both languages (an English text that dropped {@code {3}} would lose the link). The readers pick the recipient's
 * language and give Japanese for any other.
 */
class MailBundlesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}【】「」]");

    @ParameterizedTest
    @ValueSource(strings = {"org/renraku/mail/texts", "org/renraku/inbound/texts", "org/renraku/members/member_mails"})
    void englishHasExactlyTheJapaneseKeys(String bundle) throws IOException {
        assertThat(load(bundle + "_en").keySet()).isEqualTo(load(bundle + "_ja").keySet()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/renraku/mail/texts", "org/renraku/inbound/texts", "org/renraku/members/member_mails"})
    void everyTextTakesTheSameArgumentsInBothLanguages(String bundle) throws IOException {
        Map<String, String> english = load(bundle + "_en");
        load(bundle + "_ja").forEach((key, japanese) -> assertThat(arguments(english.get(key), Locale.ENGLISH))
                .as(key).isEqualTo(arguments(japanese, Locale.JAPANESE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/renraku/mail/texts_ja", "org/renraku/mail/texts_en", "org/renraku/inbound/texts_ja",
            "org/renraku/inbound/texts_en", "org/renraku/members/member_mails_ja", "org/renraku/members/member_mails_en"})
    void everyTextIsFilledInAndAValidPatternWithoutALoneQuote(String file) throws IOException {
        assertThat(load(file)).allSatisfy((key, pattern) -> {
            assertThat(pattern).as(key).isNotBlank();
            assertThat(pattern.replace("''", "")).as(key + ": a lone quote swallows the rest of the text; write ''")
                    .doesNotContain("'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/renraku/mail/texts_en", "org/renraku/inbound/texts_en",
            "org/renraku/members/member_mails_en"})
    void englishTextsContainNoJapanese(String file) throws IOException {
        assertThat(load(file)).allSatisfy((key, text) -> assertThat(text).as(key).doesNotContainPattern(JAPANESE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org/renraku/mail/texts_ja", "org/renraku/mail/texts_en", "org/renraku/inbound/texts_ja",
            "org/renraku/inbound/texts_en", "org/renraku/members/member_mails_ja", "org/renraku/members/member_mails_en"})
    void everyFileIsUtf8WithoutUnicodeEscapes(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(RESOURCES.resolve(file + ".properties"));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(file + ".properties is not valid UTF-8", e);
        }
        assertThat(text).as("write the text as it is, not as \\uXXXX escapes").doesNotContainPattern("\\\\u[0-9a-fA-F]{4}");
    }

    @Test
    void theReadersGiveTheRecipientsLanguageAndJapaneseForAnyOther() throws IOException {
        Map<String, String> ja = load("org/renraku/mail/texts_ja");
        Map<String, String> en = load("org/renraku/mail/texts_en");
        assertThat(MailTexts.text(Locale.ENGLISH, "reset.subject")).isEqualTo(en.get("reset.subject"));
        assertThat(MailTexts.text(Locale.UK, "reset.subject")).isEqualTo(en.get("reset.subject"));
        assertThat(MailTexts.text(Locale.JAPAN, "reset.subject")).isEqualTo(ja.get("reset.subject"));
        assertThat(MailTexts.text(Locale.FRENCH, "reset.subject")).as("no French texts").isEqualTo(ja.get("reset.subject"));
        assertThat(MailTexts.text((Locale) null, "reset.subject")).isEqualTo(ja.get("reset.subject"));
        assertThat(MailTexts.text("reset.subject")).isEqualTo(ja.get("reset.subject"));
    }

    @Test
    void theJvmsDefaultLocaleNeverChoosesTheLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertThat(MailTexts.text(Locale.GERMAN, "reset.subject")).startsWith("【Renraku】");
            Locale.setDefault(Locale.JAPANESE);
            assertThat(MailTexts.text(Locale.ENGLISH, "reset.subject")).startsWith("[Renraku]");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void datesInMailFollowTheLanguage() {
        Instant moment = Instant.parse("2026-11-26T21:02:00Z"); // 6:02 on 27 November in Japan
        assertThat(MailTexts.time(Locale.JAPANESE, moment)).isEqualTo("2026年11月27日 6:02");
        assertThat(MailTexts.time(Locale.ENGLISH, moment)).isEqualTo("Nov 27, 2026, 6:02 JST");
        assertThat(MailTexts.time(Locale.FRENCH, moment)).isEqualTo("2026年11月27日 6:02");
        assertThat(MailTexts.time(moment)).isEqualTo("2026年11月27日 6:02");
    }

    /** The argument numbers a pattern uses, as MessageFormat reads it (a quoted brace is no argument). */
    private static TreeSet<Integer> arguments(String pattern, Locale locale) {
        TreeSet<Integer> used = new TreeSet<>();
        MessageFormat format = new MessageFormat(pattern, locale);
        Format[] byArgument = format.getFormatsByArgumentIndex();
        // getFormatsByArgumentIndex is as long as the highest argument used + 1; tell used from unused by a probe
        for (int i = 0; i < byArgument.length; i++) {
            Object[] probe = new Object[byArgument.length];
            for (int j = 0; j < probe.length; j++) {
                probe[j] = j == i ? "\u0001" : "";
            }
            if (format.format(probe).contains("\u0001")) {
                used.add(i);
            }
        }
        return used;
    }

    private static Map<String, String> load(String file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(RESOURCES.resolve(file + ".properties"),
                StandardCharsets.UTF_8)));
        Map<String, String> texts = new TreeMap<>();
        properties.forEach((key, value) -> texts.put((String) key, (String) value));
        return texts;
    }
}
