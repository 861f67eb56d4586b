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
import org.renraku.it.Mailbox;

/**
 * The operator console in a real browser: the operator logs in on the login page, lands on the console,
 * posts a warning with a two-line text, logs out and finds it on the login page — highlighted, line break
 * kept. Then withdraws it again through the console, after which the login page no longer shows it. The operator
 * changes their password, sets the mail address for 「パスワードをお忘れの方」, and resets a forgotten password
 * through the mailed link.
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
        Browser.fullPageScreenshot(browser, "operator-networks");

        browser.findElement(By.id("nav-notices")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("post:title")));
        browser.findElement(By.id("post:title")).sendKeys(title);
        browser.findElement(By.id("post:body")).sendKeys(firstLine + "\n" + secondLine);
        browser.findElement(By.cssSelector("label[for='post:severity:1']")).click(); // 注意 (WARNING)
        browser.findElement(By.id("post:submit")).click();

        await().until(d -> text("messages").contains(title));
        WebElement row = rowOf(title);
        assertThat(row.getText()).contains("注意", "掲載中", "取り下げまで");
        Browser.fullPageScreenshot(browser, "operator-notices");

        logOut();
        assertThat(text("login:messages")).contains("ログアウトしました");
        WebElement notice = browser.findElement(By.xpath(
                "//li[contains(@class,'rk-notices__item')][.//h3[text()='" + title + "']]"));
        assertThat(notice.getAttribute("class")).contains("rk-notice--warning");
        assertThat(notice.getCssValue("border-left-style")).isEqualTo("solid");
        assertThat(notice.findElement(By.className("rk-notice__body")).getText())
                .as("the line break of the text is kept").isEqualTo(firstLine + "\n" + secondLine);
        Browser.fullPageScreenshot(browser, "login-with-notice");
        browser.manage().window().setSize(new Dimension(390, 844));
        Browser.fullPageScreenshot(browser, "login-with-notice-phone");
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
        Browser.fullPageScreenshot(browser, "operator-audit");

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
        Browser.fullPageScreenshot(browser, "operator-networks-error");

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
        Browser.fullPageScreenshot(browser, "operator-password-changed");
        logOut();

        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("login-heading")));
        assertThat(browser.getCurrentUrl()).doesNotContain("/operator/");

        logIn(userId, next);
        assertThat(text("operator-user")).contains(userId);
    }

    @Test
    void operatorWithAMailAddressShouldResetAForgottenPasswordThroughTheMailedLinkOnce() throws Exception {
        String userId = newOperator();
        String email = userId + "@ops.renraku.test";
        setEmail(userId, email);
        String next = "忘れた後の新しい合言葉 " + UUID.randomUUID().toString().substring(0, 6);
        browser = Browser.start("ja");
        logIn(userId, PASSWORD); // a session opened before the reset: it must end

        browser.get(Browser.BASE_URL + "/forgot.xhtml");
        browser.findElement(By.id("forgot:userId")).sendKeys(email.toUpperCase(java.util.Locale.ROOT));
        browser.findElement(By.id("forgot:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("forgot-sent")));
        assertThat(text("forgot-sent")).contains("運営者");

        Mailbox.Mail mail = Mailbox.await(email, "パスワード再設定");
        assertThat(mail.text()).contains("運営者アカウント(ユーザーID: " + userId + ")", "30分間");
        String token = mail.token("/reset.xhtml");
        browser.get(Browser.BASE_URL + "/reset.xhtml?token=" + token);
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("reset-account")));
        assertThat(text("reset-account")).contains(userId, "運営者");
        Browser.fullPageScreenshot(browser, "operator-reset");
        resetField("password").sendKeys(next);
        resetField("confirmation").sendKeys(next);
        browser.findElement(By.id("reset:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("reset-done")));
        assertThat(text("reset-done")).contains(userId);

        // the session from before the reset has ended
        browser.get(Browser.BASE_URL + "/operator/index.xhtml");
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("login-heading")));
        assertThat(browser.getCurrentUrl()).doesNotContain("/operator/");

        // the link works once
        browser.get(Browser.BASE_URL + "/reset.xhtml?token=" + token);
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("reset-invalid")));
        assertThat(browser.findElements(By.id("reset:submit"))).isEmpty();

        assertThat(Mailbox.await(email, "パスワードが変更されました").text())
                .contains(userId, "パスワード再発行による変更", "運営者画面は、安全のためログアウトしました")
                .doesNotContain(token, next);

        assertThat(logInFails(userId, PASSWORD)).as("the old password no longer works").isTrue();
        logIn(userId, next);
        assertThat(text("operator-user")).contains(userId);
        browser.findElement(By.id("nav-audit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        assertThat(text("audit")).contains("パスワード再発行の依頼", "パスワード再発行");

        String serverLog = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("renraku.server.log")));
        assertThat(serverLog).as("neither the link nor the password reaches the server log").doesNotContain(token, next);
    }

    @Test
    void operatorShouldSetTheirResetAddressOnThePasswordPageWithTheirCurrentPassword() throws Exception {
        String userId = newOperator();
        String email = userId + "@ops.renraku.test";
        browser = Browser.start("ja");
        logIn(userId, PASSWORD);

        // no address yet: a reset by user ID sends nothing
        browser.findElement(By.id("nav-password")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("email:address")));
        assertThat(text("email-saved")).contains("登録されていません");

        emailField("address").sendKeys("not an address");
        emailField("current").sendKeys(PASSWORD);
        browser.findElement(By.id("email:submit")).click();
        awaitText("email:addressMessage", "メールアドレスの形式が正しくありません");

        WebElement input = emailField("address");
        input.clear();
        input.sendKeys(email);
        emailField("current").sendKeys("not-the-password");
        browser.findElement(By.id("email:submit")).click();
        awaitText("email:currentMessage", "現在のパスワードが違います。");
        assertThat(text("email-saved")).contains("登録されていません");

        input = emailField("address");
        input.clear();
        input.sendKeys(email);
        emailField("current").sendKeys(PASSWORD);
        browser.findElement(By.id("email:submit")).click();
        awaitText("messages", "メールアドレスを保存しました。");
        assertThat(text("email-saved")).contains(email);
        Browser.fullPageScreenshot(browser, "operator-password-email");
        browser.manage().window().setSize(new Dimension(375, 812));
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no sideways scrolling at 375 px").isTrue();
        assertThat(browser.findElement(By.id("email:submit")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        browser.manage().window().setSize(new Dimension(1280, 1000));

        browser.findElement(By.id("nav-audit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        assertThat(text("audit")).contains("運営者のメールアドレス変更").doesNotContain(email);
        logOut();

        browser.get(Browser.BASE_URL + "/forgot.xhtml");
        browser.findElement(By.id("forgot:userId")).sendKeys(userId);
        browser.findElement(By.id("forgot:submit")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("forgot-sent")));
        assertThat(Mailbox.await(email, "パスワード再設定").token("/reset.xhtml")).isNotBlank();
    }

    /** Waits for the element to say the text; on a timeout the failure shows the page as it is. */
    private void awaitText(String id, String expected) throws Exception {
        try {
            await().until(d -> !d.findElements(By.id(id)).isEmpty() && text(id).contains(expected));
        } catch (TimeoutException e) {
            Browser.fullPageScreenshot(browser, "operator-await-" + id.replace(':', '-'));
            throw new AssertionError("No '" + expected + "' in #" + id + " at " + browser.getCurrentUrl() + ":\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private WebElement emailField(String id) {
        return browser.findElement(By.cssSelector("[id='email:" + id + "'], [id='email:" + id + "_input']"));
    }

    private WebElement resetField(String id) {
        return browser.findElement(By.cssSelector("[id='reset:" + id + "'], [id='reset:" + id + "_input']"));
    }

    /** Tries to log in and tells whether the login page refused it (throttling may slow the answer down). */
    private boolean logInFails(String userId, String password) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(password);
        WebElement submit = browser.findElement(By.id("login:submit"));
        submit.click();
        await().until(ExpectedConditions.stalenessOf(submit)); // the answer, however slowed down, has come
        await().until(d -> !d.findElements(By.id("page-heading")).isEmpty()
                || !d.findElements(By.id("login-heading")).isEmpty());
        return !browser.getCurrentUrl().contains("/operator/");
    }

    private static void setEmail(String userId, String email) throws Exception {
        try (java.sql.Connection c = TestDatabase.connect(); java.sql.PreparedStatement s = c.prepareStatement(
                "UPDATE operators SET email = ? WHERE user_id = ?")) {
            s.setString(1, email);
            s.setString(2, userId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
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
            Browser.fullPageScreenshot(browser, "operator-login-failed");
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
        return Browser.waitFor(browser, Duration.ofSeconds(15)); // stale elements and Chromium's wording of them
    }

    /** The whole page, not only the first screen: the window grows to the page's height for the shot. */
}
