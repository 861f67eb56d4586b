package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two admins of one network in two independent browsers: the second is refused with the first one's name
 * (「現在、他の管理者が使用中です」), takes over with 「現在使用中を無視」, and the first learns on the next click
 * who took over. Logout frees the console at once. Console pages need a session.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleAccessIT {

    private ChromeDriver hanako;
    private ChromeDriver taro;

    @AfterEach
    void closeBrowsers() {
        if (hanako != null) {
            hanako.quit();
        }
        if (taro != null) {
            taro.quit();
        }
    }

    @Test
    void secondAdminIsRefusedTakesOverAndTheFirstIsToldWhoTookOver() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String hanakoId = TestDatabase.newAdmin(network, "山田 花子", "hanako@renraku.test");
        String taroId = TestDatabase.newAdmin(network, "佐藤 太郎", "taro@renraku.test");
        hanako = Browser.start("ja");
        taro = Browser.start("ja");

        logIn(hanako, hanakoId, false);
        assertThat(hanako.findElement(By.id("console-welcome")).getText()).contains("山田 花子");
        assertThat(hanako.findElement(By.id("console-network")).getText()).isEqualTo("さくら小学校PTA");
        Browser.screenshot(hanako, "console-home");

        logIn(taro, taroId, false);
        String refusal = messages(taro);
        assertThat(refusal).contains("現在、他の管理者が使用中です").contains("山田 花子");
        assertThat(taro.findElements(By.id("console-welcome"))).isEmpty();
        Browser.screenshot(taro, "login-refused");

        logIn(taro, taroId, true);
        assertThat(taro.findElement(By.id("console-welcome")).getText()).contains("佐藤 太郎");

        hanako.findElement(By.id("nav-home")).click();
        waitForLoginPage(hanako);
        assertThat(messages(hanako)).contains("佐藤 太郎").contains("現在使用中を無視");
        Browser.screenshot(hanako, "login-displaced");

        // the displaced session is over: the console is not reachable from it any more
        hanako.get(Browser.BASE_URL + "/console/index.xhtml");
        waitForLoginPage(hanako);

        taro.findElement(By.id("logout:submit")).click();
        waitForLoginPage(taro);
        assertThat(messages(taro)).contains("ログアウトしました");

        logIn(hanako, hanakoId, false); // free at once after logout: no takeover needed
        assertThat(hanako.findElement(By.id("console-welcome")).getText()).contains("山田 花子");
        hanako.findElement(By.id("logout:submit")).click();
        waitForLoginPage(hanako);
    }

    @Test
    void consolePagesShouldRedirectToTheLoginPageWithoutASession() throws Exception {
        taro = Browser.start("ja");
        for (String page : new String[] {"/console/index.xhtml", "/console/", "/operator/index.xhtml"}) {
            taro.get(Browser.BASE_URL + page);
            waitForLoginPage(taro);
            assertThat(taro.getCurrentUrl()).as(page).doesNotContain("/console/").doesNotContain("/operator/");
        }
    }

    @Test
    void sessionCookieShouldBeHttpOnlyAndNeverInTheUrl() throws Exception {
        long network = TestDatabase.newNetwork("クッキー確認");
        String userId = TestDatabase.newAdmin(network, "田中 一郎", "ichiro@renraku.test");
        taro = Browser.start("ja");
        taro.get(Browser.BASE_URL + "/");
        String before = sessionId(taro);

        logIn(taro, userId, false);

        Cookie session = taro.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualToIgnoringCase("Lax");
        assertThat(session.getValue()).as("a new session id at login").isNotEqualTo(before);
        assertThat(taro.getCurrentUrl()).doesNotContainIgnoringCase("jsessionid");
        assertThat(taro.getPageSource()).doesNotContainIgnoringCase(";jsessionid");
        taro.findElement(By.id("logout:submit")).click();
        waitForLoginPage(taro);
    }

    @Test
    void onlyTheLoginPageShouldBeBookmarkable() throws Exception {
        long network = TestDatabase.newNetwork("ブックマーク確認");
        String userId = TestDatabase.newAdmin(network, "高橋 三郎", "saburo@renraku.test");
        taro = Browser.start("ja");
        logIn(taro, userId, false);

        // a console URL typed, bookmarked or copied (no per-session token) does not open the console
        taro.get(Browser.BASE_URL + "/console/index.xhtml");

        assertThat(taro.findElements(By.id("console-welcome"))).isEmpty();
        assertThat(taro.findElements(By.id("error-heading"))).isNotEmpty();
    }

    @Test
    void wrongPasswordShouldBeRefusedWithoutSayingWhichPartWasWrong() throws Exception {
        long network = TestDatabase.newNetwork("誤入力確認");
        String userId = TestDatabase.newAdmin(network, "鈴木 次郎", "jiro@renraku.test");
        taro = Browser.start("ja");
        taro.get(Browser.BASE_URL + "/");
        taro.findElement(By.id("login:userId")).sendKeys(userId);
        passwordField(taro).sendKeys("not-the-password");
        taro.findElement(By.id("login:submit")).click();
        Browser.waitFor(taro, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> !messages(d).isBlank());
        assertThat(messages(taro)).contains("ユーザーIDまたはパスワードが違います");
    }

    @Test
    void serverLogShouldNeverContainAPassword() throws Exception {
        // every test class of this suite logs in with this password; none may leave it in the server log
        Path log = Path.of(System.getProperty("renraku.server.log"));
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContain(TestDatabase.ADMIN_PASSWORD).doesNotContain("operator-it-password");
        }
        assertThat(log).exists();
    }

    private static void logIn(WebDriver browser, String userId, boolean takeover) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        passwordField(browser).sendKeys(TestDatabase.ADMIN_PASSWORD);
        if (takeover) {
            browser.findElement(By.id("login:takeover")).click();
        }
        browser.findElement(By.id("login:submit")).click();
        Browser.waitFor(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.id("console-welcome")),
                d -> !messages(d).isBlank()));
    }

    private static org.openqa.selenium.WebElement passwordField(WebDriver browser) {
        return browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']"));
    }

    private static void waitForLoginPage(WebDriver browser) {
        Browser.waitFor(browser, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.presenceOfElementLocated(By.id("login-heading")));
    }

    private static String messages(WebDriver browser) {
        return browser.findElements(By.cssSelector("[id$='messages']")).stream()
                .map(e -> e.getText()).reduce("", String::concat);
    }

    private static String sessionId(WebDriver browser) {
        Cookie cookie = browser.manage().getCookieNamed("JSESSIONID");
        return cookie == null ? null : cookie.getValue();
    }
}
