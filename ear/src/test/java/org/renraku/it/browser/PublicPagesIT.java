package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The pages anyone can reach without logging in, seen in a real browser; and the health endpoint. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PublicPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void loginPageShouldBeServedInJapaneseAtTheRoot() throws Exception {
        browser = Browser.start("ja");
        browser.get(Browser.BASE_URL + "/");

        assertThat(browser.findElement(By.id("login-heading")).getText()).isEqualTo("ご契約者様ログイン");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.id("login:userId")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']"))
                .isDisplayed()).isTrue();
        assertThat(browser.findElement(By.tagName("body")).getText())
                .contains("ユーザーID", "パスワード", "現在使用中を無視", "パスワードをお忘れの方");

        Path shot = Browser.screenshot(browser, "login-ja");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @Test
    void languageSwitchShouldShowTheLoginPageInEnglish() throws Exception {
        browser = Browser.start("ja");
        browser.get(Browser.BASE_URL + "/");

        browser.findElement(By.id("lang:en")).click();

        Browser.waitFor(browser, java.time.Duration.ofSeconds(10))
                .until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        assertThat(browser.findElement(By.id("login-heading")).getText()).doesNotContain("ご契約者様");
        Browser.screenshot(browser, "login-en");
    }

    @Test
    void unknownPageShouldShowAFriendly404WithoutAStackTrace() throws Exception {
        HttpResponse<String> response = get("/no-such-page.xhtml");
        assertThat(response.statusCode()).isEqualTo(404);

        browser = Browser.start("ja");
        browser.get(Browser.BASE_URL + "/no-such-page.xhtml");
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).doesNotContain("Exception", "at org.", "Payara Server");
        assertThat(browser.findElements(By.cssSelector("a[href='/'], a[href$='/index.xhtml']"))).isNotEmpty();
        Browser.screenshot(browser, "error-404");
    }

    @Test
    void healthShouldReportUpWithTheDatabaseCheck() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsPattern("\"status\"\\s*:\\s*\"UP\"").contains("database");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Browser.BASE_URL + path))
                .header("Accept-Language", "ja").build(), HttpResponse.BodyHandlers.ofString());
    }
}
