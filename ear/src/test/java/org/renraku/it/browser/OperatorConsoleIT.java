package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser: the operator logs in on the login page, lands on the console,
 * posts a warning with a two-line text, logs out and finds it on the login page — highlighted, line break
 * kept. Then withdraws it again through the console, after which the login page no longer shows it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorConsoleIT {

    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-it-password";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorShouldPostANoticeThatTheLoginPageShowsUntilWithdrawn() throws Exception {
        String uid = UUID.randomUUID().toString().substring(0, 8);
        String title = "Gmailへの配信遅延について " + uid;
        String firstLine = "現在、Gmailあてのメールが遅れて届いています。";
        String secondLine = "復旧まで、バックナンバーでご確認ください。";
        browser = Browser.start("ja");

        logIn();
        assertThat(browser.getCurrentUrl()).contains("/operator/index.xhtml");
        assertThat(text("page-heading")).isEqualTo("連絡網");
        assertThat(text("operator-user")).contains(OPERATOR);
        assertThat(browser.findElement(By.id("networks")).getText()).contains("demo");
        screenshot("operator-networks");

        browser.findElement(By.id("nav-notices")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("post:title")));
        browser.findElement(By.id("post:title")).sendKeys(title);
        browser.findElement(By.id("post:body")).sendKeys(firstLine + "\n" + secondLine);
        browser.findElement(By.cssSelector("label[for='post:severity:1']")).click(); // 注意 (WARNING)
        browser.findElement(By.id("post:submit")).click();

        await().until(d -> text("messages").contains(title));
        WebElement row = rowOf(title);
        assertThat(row.getText()).contains("注意", "掲載中", "取り下げまで");
        screenshot("operator-notices");

        logOut();
        assertThat(text("login:messages")).contains("ログアウトしました");
        WebElement notice = browser.findElement(By.xpath(
                "//li[contains(@class,'rk-notices__item')][.//h3[text()='" + title + "']]"));
        assertThat(notice.getAttribute("class")).contains("rk-notice--warning");
        assertThat(notice.getCssValue("border-left-style")).isEqualTo("solid");
        assertThat(notice.findElement(By.className("rk-notice__body")).getText())
                .as("the line break of the text is kept").isEqualTo(firstLine + "\n" + secondLine);
        screenshot("login-with-notice");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("login-with-notice-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        logIn();
        browser.findElement(By.id("nav-notices")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("post:title")));
        rowOf(title).findElement(By.cssSelector("button[id$=':withdraw']")).click();
        await().until(d -> text("messages").contains(title));
        assertThat(rowOf(title).getText()).contains("終了");
        assertThat(rowOf(title).findElements(By.cssSelector("button[id$=':withdraw']"))).isEmpty();

        browser.findElement(By.id("nav-audit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        assertThat(text("audit")).contains("お知らせの取り下げ", "お知らせの掲載", "運営者ログイン", title);
        screenshot("operator-audit");

        logOut();
        assertThat(browser.findElement(By.id("notices")).getText()).doesNotContain(title);
    }

    @Test
    void takenSlugShouldBeShownNextToTheFieldAndKeepWhatWasTyped() throws Exception {
        String uid = UUID.randomUUID().toString().substring(0, 8);
        browser = Browser.start("ja");
        logIn();

        fillNetworkForm("demo", "重複テスト " + uid, "dup-" + uid, "dup-" + uid + "@renraku.test");
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("create:slugMessage")));
        await().until(d -> !text("create:slugMessage").isBlank());
        assertThat(text("create:slugMessage")).contains("すでに使われています");
        assertThat(browser.findElement(By.id("create:slug")).getAttribute("class")).contains("ui-state-error");
        assertThat(browser.findElement(By.id("create:name")).getAttribute("value")).isEqualTo("重複テスト " + uid);
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Exception", "at org.");
        screenshot("operator-networks-error");

        fillNetworkForm("bt-" + uid, "ブラウザテスト連絡網 " + uid, "bt-" + uid, "bt-" + uid + "@renraku.test");
        await().until(d -> text("messages").contains("bt-" + uid));
        assertThat(browser.findElement(By.id("networks")).getText()).contains("bt-" + uid, "ブラウザテスト連絡網 " + uid);
    }

    @Test
    void operatorShouldChangeTheirOwnPasswordAndLogInWithTheNewOneOnly() throws Exception {
        String userId = newOperator();
        String next = "運営者の新しい合言葉 " + UUID.randomUUID().toString().substring(0, 6);
        browser = Browser.start("ja");
        logIn(userId, PASSWORD);

        browser.findElement(By.id("nav-password")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("password:current")));
        assertThat(text("page-heading")).isEqualTo("パスワード変更");
        passwordField("current").sendKeys("not-the-password");
        passwordField("next").sendKeys(next);
        passwordField("confirmation").sendKeys(next);
        browser.findElement(By.id("password:submit")).click();
        await().until(d -> d.findElement(By.tagName("body")).getText().contains("現在のパスワードが違います。"));

        passwordField("current").sendKeys(PASSWORD);
        passwordField("next").sendKeys(next);
        passwordField("confirmation").sendKeys(next);
        browser.findElement(By.id("password:submit")).click();
        await().until(d -> d.findElement(By.id("messages")).getText().contains("パスワードを変更しました。"));
        screenshot("operator-password-changed");
        logOut();

        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("login-heading")));
        assertThat(browser.getCurrentUrl()).doesNotContain("/operator/");

        logIn(userId, next);
        assertThat(text("operator-user")).contains(userId);
    }

    private WebElement passwordField(String id) {
        return browser.findElement(By.cssSelector("[id='password:" + id + "'], [id='password:" + id + "_input']"));
    }

    /** A second operator with the bootstrap operator's password (its hash copied), so that changing it disturbs no other test. */
    private static String newOperator() throws Exception {
        String userId = "op-" + UUID.randomUUID().toString().substring(0, 10);
        try (java.sql.Connection c = TestDatabase.connect(); java.sql.PreparedStatement s = c.prepareStatement(
                "INSERT INTO operators (user_id, display_name, password_hash, password_changed_at, created_at)"
                        + " SELECT ?, ?, password_hash, password_changed_at, NOW(3) FROM operators WHERE user_id = ?")) {
            s.setString(1, userId);
            s.setString(2, userId);
            s.setString(3, OPERATOR);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        return userId;
    }

    private void fillNetworkForm(String slug, String name, String userId, String email) {
        for (String[] field : new String[][] {{"create:slug", slug}, {"create:name", name},
                {"create:adminName", "テスト 管理者"}, {"create:adminUserId", userId}, {"create:adminEmail", email}}) {
            WebElement input = browser.findElement(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        browser.findElement(By.id("create:submit")).click();
    }

    private void logIn() throws Exception {
        logIn(OPERATOR, PASSWORD);
    }

    private void logIn(String userId, String password) throws Exception {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(password);
        browser.findElement(By.id("login:submit")).click();
        try {
            await().until(ExpectedConditions.presenceOfElementLocated(By.id("page-heading")));
        } catch (TimeoutException e) {
            screenshot("operator-login-failed");
            throw new AssertionError("No operator console after login; at " + browser.getCurrentUrl() + ":\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
        assertThat(browser.getCurrentUrl()).contains("/operator/index.xhtml");
    }

    private void logOut() {
        browser.findElement(By.id("logout:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("login-heading")));
    }

    private WebElement rowOf(String title) {
        return browser.findElement(By.xpath("//tr[contains(@class,'rk-notice-row')][.//strong[text()='" + title + "']]"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Waits through the page being replaced under a lookup (a stale element means: look again). */
    private WebDriverWait await() {
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(15));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** The whole page, not only the first screen: the window grows to the page's height for the shot. */
    private void screenshot(String name) throws Exception {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), height.intValue() + 140)));
        Browser.screenshot(browser, name);
        browser.manage().window().setSize(before);
    }
}
