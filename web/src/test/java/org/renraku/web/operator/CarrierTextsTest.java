package org.renraku.web.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.delivery.boundary.CarrierLimits;
import org.renraku.delivery.boundary.CarrierLimits.Limits;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * Every refusal of the carrier limits ({@link CarrierLimits#problems}, keys built in the EJB module, so PagesTest
 * cannot see them) has a text in both languages that names the allowed bounds.
 */
class CarrierTextsTest {

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyRefusalOfTheLimitsHasATextWithItsBounds(String bundle) throws IOException {
        Properties texts = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/org/renraku/web/i18n/" + bundle
                + ".properties"), StandardCharsets.UTF_8)) {
            texts.load(r);
        }
        var refused = new java.util.ArrayList<CarrierLimits.Problem>();
        for (CarrierGroup g : CarrierGroup.values()) {
            refused.addAll(CarrierLimits.problems(new Limits(g, 0, 5000, 0, 0, 99)));
            refused.addAll(CarrierLimits.problems(new Limits(g, 2, 100, 8, 4, 5)));
        }
        assertThat(refused).extracting(CarrierLimits.Problem::key).contains("operator.carriers.error.connections",
                "operator.carriers.error.messagesPerConnectionMobile", "operator.carriers.error.messagesPerConnection",
                "operator.carriers.error.rate", "operator.carriers.error.urgentBelowNormal",
                "operator.carriers.error.quietMinutes");
        for (CarrierLimits.Problem p : refused) {
            assertThat(texts).as(p.key()).containsKey(p.key());
            String text = new MessageFormat(texts.getProperty(p.key()), Locale.ROOT).format(p.arguments());
            assertThat(text).as(p.key()).contains(p.arguments()[p.arguments().length - 1]).doesNotContain("{");
        }
    }
}
