package org.renraku.it.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core (Deque, MPL 2.0; {@code src/test/resources/axe/axe.min.js}, unmodified release 4.10.3 from the npm
 * registry) run in the page as it is now: the WCAG 2.0/2.1 A and AA rules and axe's best practices. Tests assert
 * that no finding is critical or serious.
 */
final class Axe {

    private static final String SOURCE = load();

    private Axe() {
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe/axe.min.js is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The critical and serious findings on the page: "rule (impact): target – summary", one a finding and node. */
    static List<String> seriousFindings(ChromeDriver browser) {
        return seriousFindings(browser, List.of());
    }

    /**
     * The critical and serious findings in the parts of the page that the CSS selectors name (the whole page when
     * none is given).
     */
    @SuppressWarnings("unchecked")
    static List<String> seriousFindings(ChromeDriver browser, List<String> parts) {
        browser.executeScript(SOURCE);
        browser.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(60));
        Object result = browser.executeAsyncScript("""
                var parts = arguments[0], done = arguments[arguments.length - 1];
                var context = parts.length === 0 ? document : {include: parts.map(function (p) { return [p]; })};
                axe.run(context, {resultTypes: ['violations'],
                        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                    .then(function (r) { done(r.violations); })
                    .catch(function (e) { done('axe failed: ' + e); });""", parts);
        if (result instanceof String failure) {
            throw new IllegalStateException(failure);
        }
        List<String> findings = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = String.valueOf(v.get("impact"));
            if (!"critical".equals(impact) && !"serious".equals(impact)) {
                continue;
            }
            for (Map<String, Object> node : (List<Map<String, Object>>) v.get("nodes")) {
                findings.add(v.get("id") + " (" + impact + "): " + node.get("target") + " – "
                        + node.get("failureSummary"));
            }
        }
        return findings;
    }
}
