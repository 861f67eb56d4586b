package org.renraku.it.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by its chromedriver, as a person would see the pages. The flags keep it
 * quiet on a machine without network or GPU; screenshots go to target/screenshots.
 */
final class Browser {

    /**
     * A wait for a page that Faces updates in place (ajax, p:poll): an element found and then replaced before it
     * is read is looked up again instead of failing the test.
     */
    static WebDriverWait waitFor(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        // the same race as a stale element, as Chromium sometimes words it while the page is being replaced:
        // "unhandled inspector error: Node with given id does not belong to the document" (an "unknown error")
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    static final String BASE_URL = System.getProperty("renraku.base-url", "http://localhost:8080");

    private Browser() {
    }

    static ChromeDriver start(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("renraku.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000", "--lang=" + language);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("renraku.chromedriver", "/usr/bin/chromedriver")))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * Clicks an element that posts the whole page and waits until the page it was on is gone. Chromium reports
     * an element of a replaced document either as stale or, while the old document is being torn down, as
     * "Node with given id does not belong to the document" (a plain WebDriverException): both mean gone.
     */
    static void clickAndAwaitNewPage(ChromeDriver driver, WebElement element) {
        WebElement page = driver.findElement(org.openqa.selenium.By.tagName("html"));
        element.click();
        waitFor(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
    }

    /**
     * What sticks out to the right of the viewport, as "client W, scroll S: TAG#id.class right R width W | …" (the
     * first 15 elements); empty when the page does not scroll sideways.
     */
    static String outsideViewport(ChromeDriver driver) {
        return (String) driver.executeScript("""
                var w = document.documentElement.clientWidth, out = [];
                if (document.documentElement.scrollWidth <= w) { return ''; }
                document.querySelectorAll('body *').forEach(function (e) {
                    var r = e.getBoundingClientRect();
                    if (r.width > 0 && r.right > w + 1) {
                        out.push(e.tagName + '#' + e.id + '.' + e.className + ' right ' + Math.round(r.right)
                            + ' width ' + Math.round(r.width));
                    }
                });
                return 'client ' + w + ', scroll ' + document.documentElement.scrollWidth + ': '
                    + out.slice(0, 15).join(' | ');""");
    }

    /** A screenshot of the whole page, not only the first screen (the window grown to the page's height meanwhile). */
    static Path fullPageScreenshot(ChromeDriver driver, String name) throws IOException {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(),
                Math.max(before.getHeight(), height.intValue() + 140)));
        try {
            return screenshot(driver, name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Path.of(System.getProperty("renraku.target", "target"), "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
