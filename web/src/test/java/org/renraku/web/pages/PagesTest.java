package org.renraku.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Pages show only bundle texts: no literal text in an .xhtml file, and every key a page or a
 * bean uses exists in Japanese and in English.
 */
class PagesTest {

    private static final Path WEBAPP = Path.of("src/main/webapp");
    private static final Path JAVA = Path.of("src/main/java");
    private static final Path BUNDLES = Path.of("src/main/resources/org/renraku/web/i18n");

    /** Attributes a person reads: they must be empty or an EL expression. */
    private static final Pattern TEXT_ATTRIBUTE = Pattern.compile(
            "\\s(value|title|label|itemLabel|placeholder|alt|aria-label|summary|detail|header|"
                    + "requiredMessage|validatorMessage|converterMessage|emptyMessage)=\"([^\"]*)\"");

    private static final Pattern KEY_IN_PAGE = Pattern.compile("msg\\['([^']+)'\\]");
    private static final Pattern KEY_IN_JAVA = Pattern.compile("Messages\\.(?:text|add|addGlobal)\\([^;]*?\"([a-z][\\w.]*)\"");

    @Test
    void pagesShouldHaveNoLiteralTextInAttributes() throws IOException {
        List<String> literals = new ArrayList<>();
        for (Path page : pages()) {
            Matcher matcher = TEXT_ATTRIBUTE.matcher(withoutComments(page));
            while (matcher.find()) {
                String value = matcher.group(2);
                if (!value.isEmpty() && !value.startsWith("#{")) {
                    literals.add(page + ": " + matcher.group(1) + "=\"" + value + "\"");
                }
            }
        }
        assertThat(literals).isEmpty();
    }

    @Test
    void pagesShouldHaveNoLiteralTextInTheirBody() throws IOException {
        List<String> literals = new ArrayList<>();
        for (Path page : pages()) {
            String markup = withoutComments(page).replaceAll("(?s)<!DOCTYPE[^>]*>", "");
            Matcher text = Pattern.compile(">([^<]+)<").matcher(markup);
            while (text.find()) {
                String literal = text.group(1).replaceAll("#\\{[^}]*}", "").strip();
                if (!literal.isEmpty()) {
                    literals.add(page + ": " + literal);
                }
            }
        }
        assertThat(literals).isEmpty();
    }

    @Test
    void everyKeyUsedByAPageOrABeanShouldExistInJapaneseAndEnglish() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path page : pages()) {
            collect(KEY_IN_PAGE, withoutComments(page), used);
        }
        try (Stream<Path> sources = Files.walk(JAVA)) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                collect(KEY_IN_JAVA, Files.readString(source), used);
            }
        }
        assertThat(used).contains("login.page.heading", "login.failed");

        assertThat(keys("messages_ja")).containsAll(used);
        assertThat(keys("messages_en")).containsAll(used);
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.walk(WEBAPP)) {
            List<Path> pages = files.filter(path -> path.toString().endsWith(".xhtml")).sorted().toList();
            assertThat(pages).isNotEmpty();
            return pages;
        }
    }

    private static String withoutComments(Path page) throws IOException {
        return Files.readString(page, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
    }

    private static Set<String> keys(String bundle) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(BUNDLES.resolve(bundle + ".properties"), StandardCharsets.UTF_8)));
        return properties.stringPropertyNames();
    }
}
