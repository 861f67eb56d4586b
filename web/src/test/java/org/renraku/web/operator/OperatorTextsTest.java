package org.renraku.web.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.audit.entity.AuditKind;
import org.renraku.networks.entity.Network;
import org.renraku.notices.entity.Notice;

/**
 * The operator pages build some bundle keys at run time (an audit kind, a severity, a status) and show the
 * keys that the EJB module's refusals carry: each of those texts exists in both languages. PagesTest cannot
 * see these keys, as they are not written out in a page.
 */
class OperatorTextsTest {

    private static final Path BUNDLES = Path.of("src/main/resources/org/renraku/web/i18n");
    private static final Path EJB_SOURCES = Path.of("../ejb/src/main/java");
    /** {@code new NetworkException("operator.error.slugTaken", …)} and the like. */
    private static final Pattern KEY_OF_REFUSAL = Pattern.compile("Exception\\(\\s*\"(operator\\.[\\w.]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyEnumShownByTheOperatorPagesShouldHaveALabel(String bundle) throws IOException {
        Set<String> keys = keys(bundle);
        List<String> needed = Stream.of(
                Arrays.stream(AuditKind.values()).map(k -> "operator.audit.kind." + k.name()),
                Arrays.stream(Notice.Severity.values()).map(s -> "operator.notices.severity." + s.name()),
                Arrays.stream(Network.Status.values()).map(s -> "operator.networks.status." + s.name()),
                Stream.of("operator.notices.status.scheduled", "operator.notices.status.shown",
                        "operator.notices.status.ended"))
                .flatMap(s -> s).toList();
        assertThat(keys).containsAll(needed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyRefusalOfTheEjbModuleShouldHaveAText(String bundle) throws IOException {
        Set<String> thrown = new TreeSet<>(OperatorNetworksView.FIELD_OF_ERROR.keySet());
        try (Stream<Path> sources = Files.walk(EJB_SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = KEY_OF_REFUSAL.matcher(Files.readString(source));
                while (matcher.find()) {
                    thrown.add(matcher.group(1));
                }
            }
        }
        assertThat(thrown).contains("operator.error.slugTaken", "admins.error.userIdTaken");
        assertThat(keys(bundle)).containsAll(thrown);
    }

    private static Set<String> keys(String bundle) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(BUNDLES.resolve(bundle + ".properties"), StandardCharsets.UTF_8)));
        return properties.stringPropertyNames();
    }
}
