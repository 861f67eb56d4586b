package org.renraku.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.bounces.boundary.Hygiene;
import org.renraku.mail.control.BounceReason;

/** The hygiene page labels every reason of the bounce vocabulary, in Japanese and in English. */
class BounceReasonLabelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyBounceReasonHasALabel(String bundle) throws IOException {
        Properties texts = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/org/renraku/web/i18n/" + bundle
                + ".properties"), StandardCharsets.UTF_8)) {
            texts.load(r);
        }
        for (BounceReason reason : BounceReason.values()) {
            assertThat(texts.getProperty(reason.labelKey())).as(bundle + " " + reason.labelKey()).isNotBlank();
            assertThat(Hygiene.REASONS).contains(reason.code());
        }
        assertThat(texts.getProperty("hygiene.reason.other")).isNotBlank();
    }
}
