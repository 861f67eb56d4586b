package org.renraku.web.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundles are complete and consistent: Japanese and English have the same keys, the
 * fallback bundle is the Japanese one, and every file is real UTF-8 (Java would otherwise
 * silently read it as ISO-8859-1 and show mojibake).
 */
class BundlesTest {

    private static final Path DIR = Path.of("src/main/resources/org/renraku/web/i18n");

    @ParameterizedTest
    @ValueSource(strings = {"messages", "validation"})
    void englishShouldHaveExactlyTheJapaneseKeys(String bundle) throws IOException {
        assertThat(load(bundle + "_en").keySet()).isEqualTo(load(bundle + "_ja").keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages", "validation"})
    void fallbackShouldBeIdenticalToJapanese(String bundle) throws IOException {
        assertThat(load(bundle)).isEqualTo(load(bundle + "_ja"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages", "messages_ja", "messages_en", "validation", "validation_ja", "validation_en"})
    void everyTextShouldBeFilledIn(String file) throws IOException {
        assertThat(load(file)).allSatisfy((key, text) -> assertThat(text).as(key).isNotBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages", "messages_ja", "messages_en", "validation", "validation_ja", "validation_en"})
    void everyFileShouldBeUtf8WithoutUnicodeEscapes(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(DIR.resolve(file + ".properties"));
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(file + ".properties is not valid UTF-8", e);
        }
        assertThat(text).as("write Japanese as it is, not as \\uXXXX escapes")
                .doesNotContainPattern("\\\\u[0-9a-fA-F]{4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validation_ja", "validation_en"})
    void validationTextsShouldBeValidMessageFormatPatterns(String file) throws IOException {
        Locale locale = Locale.forLanguageTag(file.substring(file.indexOf('_') + 1));
        assertThat(load(file)).allSatisfy((key, pattern) -> {
            String formatted = new MessageFormat(pattern, locale).format(new Object[] {"A", "B", "C"});
            assertThat(formatted).as(key + ": a lone quote swallows the rest of the text; write ''")
                    .doesNotContain("{");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everySupportedLanguageShouldHaveANameForTheLanguageSwitch(String file) throws IOException {
        Map<String, String> texts = load(file);
        for (String language : new LocaleView().getLanguages()) {
            assertThat(texts).containsKey("common.lang." + language);
        }
    }

    static Map<String, String> load(String file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(DIR.resolve(file + ".properties"), StandardCharsets.UTF_8)));
        Map<String, String> texts = new TreeMap<>();
        properties.forEach((key, value) -> texts.put((String) key, (String) value));
        return texts;
    }
}
