package org.renraku.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the login page is bookmarkable: every console and operator page must be a protected view, which
 * Mojarra only recognises by its exact view id — a page added without its line in faces-config.xml would
 * open from a bookmark or a forged link.
 */
class ProtectedViewsTest {

    private static final Path WEBAPP = Path.of("src/main/webapp");

    @Test
    void everyConsoleAndOperatorPageShouldBeAProtectedView() throws IOException {
        String facesConfig = Files.readString(WEBAPP.resolve("WEB-INF/faces-config.xml"));
        List<String> pages;
        try (Stream<Path> files = Stream.concat(Files.list(WEBAPP.resolve("console")), Files.list(WEBAPP.resolve("operator")))) {
            pages = files.filter(f -> f.toString().endsWith(".xhtml"))
                    .map(f -> "/" + WEBAPP.relativize(f).toString().replace('\\', '/')).toList();
        }
        assertThat(pages).isNotEmpty().allSatisfy(page ->
                assertThat(facesConfig).as("protected view %s", page).contains("<url-pattern>" + page + "</url-pattern>"));
    }
}
