package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.renraku.it.Mailbox;

/**
 * The account pages in a real browser: links that do not work, the reset request, and the whole life of an
 * invited admin — invitation from the console, first password through the mailed link, login, audit log,
 * own password change (the session stays), the removal confirmation, and a password reset by mail. The
 * inviting admin and its network are made in the database ({@link TestDatabase}). Console pages are
 * protected views: they are reached through the navigation, never by URL.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccountPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void linksThatDoNotWorkShouldSaySoAndLeadToTheResetRequest() throws Exception {
        browser = Browser.start("ja");

        browser.get(Browser.BASE_URL + "/reset.xhtml?token=no-such-token");
        assertThat(text("reset-invalid")).contains("このリンクは使えません");
        assertThat(browser.findElements(By.id("reset"))).as("no form for a dead link").isEmpty();
        Browser.screenshot(browser, "reset-invalid");
        browser.findElement(By.id("reset-forgot")).click();
        waitFor("forgot-heading");

        browser.get(Browser.BASE_URL + "/invitation.xhtml?token=no-such-token");
        assertThat(text("invitation-invalid")).contains("この招待リンクは使えません");
        assertThat(browser.findElement(By.id("invitation-forgot")).getAttribute("href")).endsWith("/forgot.xhtml");

        browser.get(Browser.BASE_URL + "/forgot.xhtml");
        Browser.screenshot(browser, "forgot");
        browser.findElement(By.id("forgot:userId")).sendKeys("nobody-" + UUID.randomUUID().toString().substring(0, 8));
        submit("forgot:submit");
        assertThat(waitFor("forgot-sent").getText()).contains("メールをご確認ください");
        Browser.screenshot(browser, "forgot-sent");
    }

    @Test
    void invitedAdminShouldSetAPasswordLogInChangeItAndResetIt() throws Exception {
        String userId = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        String email = userId + "@renraku.test";
        long network = TestDatabase.newNetwork("ブラウザ小学校PTA");
        String inviter = TestDatabase.newAdmin(network, "招待 太郎", "inviter-" + userId + "@renraku.test");
        browser = Browser.start("ja");

        // an admin of the network invites
        logIn(inviter, TestDatabase.ADMIN_PASSWORD);
        navigate("nav-admins");
        browser.findElement(By.id("invite:displayName")).sendKeys("ブラウザ 花子");
        browser.findElement(By.id("invite:userId")).sendKeys(userId);
        browser.findElement(By.id("invite:email")).sendKeys(email);
        submit("invite:submit");
        assertThat(text("messages")).contains("招待メールを送りました");
        assertThat(text("admins:list")).contains(userId, "招待中");
        Browser.screenshot(browser, "console-admins");
        logOut();

        // the invitee sets a first password through the mailed link
        String invitation = Mailbox.await(email, "招待").token("/invitation.xhtml");
        browser.get(Browser.BASE_URL + "/invitation.xhtml?token=" + invitation);
        assertThat(text("invitation-account")).contains(userId, "ブラウザ 花子");
        assertThat(text("password-policy")).contains("10文字以上128文字以下");
        Browser.screenshot(browser, "invitation");
        password("invitation:password").sendKeys("short");
        password("invitation:confirmation").sendKeys("short");
        submit("invitation:submit");
        assertThat(text("invitation:passwordMessage")).contains("10文字以上");
        String first = "はじめてのパスワード " + UUID.randomUUID().toString().substring(0, 6);
        password("invitation:password").sendKeys(first);
        password("invitation:confirmation").sendKeys(first);
        submit("invitation:submit");
        assertThat(text("invitation-done")).contains(userId);

        // logs in, sees the audit log, changes the password and stays logged in
        addOldAuditEvents(network, 30);
        logIn(userId, first);
        navigate("nav-audit");
        assertThat(text("audit:events")).contains("管理者の招待", "管理者の登録完了", "ログイン", userId)
                .doesNotContain("paging-30");
        assertThat(browser.findElements(By.cssSelector("[id='audit:events'] tr[data-ri]"))).hasSize(25);
        Browser.screenshot(browser, "console-audit");
        browser.findElement(By.cssSelector("[id='audit:events'] .ui-paginator-next")).click(); // ajax paging
        Browser.waitFor(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("audit:events"), "paging-30"));
        assertThat(text("audit:events")).contains("ログイン失敗").doesNotContain("管理者の登録完了");

        navigate("nav-password");
        String second = "二つ目のパスワード " + UUID.randomUUID().toString().substring(0, 6);
        password("password:current").sendKeys(first);
        password("password:next").sendKeys(second);
        password("password:confirmation").sendKeys(second);
        submit("password:submit");
        assertThat(text("messages")).contains("パスワードを変更しました");
        Browser.screenshot(browser, "console-password");
        navigate("nav-admins");
        assertThat(text("admins:list")).as("this session stays valid").contains(userId, inviter);

        // removal asks first; cancelling changes nothing
        WebElement removeInviter = browser.findElement(By.xpath(
                "//tr[td[text()[normalize-space()='" + inviter + "']]]//button[contains(@id,':remove')]"));
        assertThat(browser.findElements(By.xpath("//tr[td[text()[normalize-space()='" + userId + "']]]//button")))
                .as("no remove button for oneself").isEmpty();
        submit(removeInviter);
        assertThat(text("admins-remove")).contains("削除しますか", "招待 太郎", inviter);
        Browser.screenshot(browser, "console-admins-remove");
        submit("admins-remove-form:cancel");
        assertThat(browser.findElements(By.id("admins-remove"))).isEmpty();
        assertThat(text("admins:list")).contains(inviter, userId);
        logOut();

        // and forgets it: a reset by mail address
        browser.get(Browser.BASE_URL + "/forgot.xhtml");
        browser.findElement(By.id("forgot:userId")).sendKeys(email);
        submit("forgot:submit");
        waitFor("forgot-sent");
        String reset = Mailbox.await(email, "パスワード再設定").token("/reset.xhtml");
        browser.get(Browser.BASE_URL + "/reset.xhtml?token=" + reset);
        assertThat(text("reset-account")).contains(userId);
        Browser.screenshot(browser, "reset");
        String third = "三つ目のパスワード " + UUID.randomUUID().toString().substring(0, 6);
        password("reset:password").sendKeys(third);
        password("reset:confirmation").sendKeys(third + "x");
        submit("reset:submit");
        assertThat(text("reset:confirmationMessage")).contains("一致しません");
        password("reset:password").sendKeys(third);
        password("reset:confirmation").sendKeys(third);
        submit("reset:submit");
        assertThat(text("reset-done")).contains(userId);
        browser.get(Browser.BASE_URL + "/reset.xhtml?token=" + reset);
        waitFor("reset-invalid");

        logIn(userId, third);
        logOut();

        // neither the passwords nor the links' tokens were ever written to the server log
        String serverLog = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("renraku.server.log")));
        assertThat(serverLog).doesNotContain(reset).doesNotContain(invitation).doesNotContain(third);
    }

    /** Older entries of the network's audit log, enough for a second page (actors paging-1 … paging-N, oldest last). */
    private static void addOldAuditEvents(long network, int count) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_events (network_id, kind, actor, client_address, occurred_at)"
                        + " VALUES (?, 'LOGIN_FAILED', ?, '192.0.2.99', NOW(3) - INTERVAL ? MINUTE)")) {
            for (int i = 1; i <= count; i++) {
                s.setLong(1, network);
                s.setString(2, "paging-" + i);
                s.setInt(3, 60 + i);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void logIn(String userId, String password) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        password("login:password").sendKeys(password);
        submit("login:submit");
        waitFor("nav-admins");
    }

    /** Console pages are protected views: follow the navigation's link (it carries the session's token). */
    private void navigate(String linkId) {
        submit(browser.findElement(By.id(linkId)));
    }

    private void logOut() {
        submit("logout:submit");
        waitFor("login-heading");
    }

    /** Clicks a button that posts the whole page and waits for the new page. */
    private void submit(String buttonId) {
        submit(browser.findElement(By.id(buttonId)));
    }

    private void submit(WebElement button) {
        Browser.clickAndAwaitNewPage(browser, button);
    }

    private WebElement password(String id) {
        WebElement input = browser.findElement(By.cssSelector("[id='" + id + "'], [id='" + id + "_input']"));
        input.clear();
        return input;
    }

    private String text(String id) {
        return waitFor(id).getText();
    }

    private WebElement waitFor(String id) {
        return Browser.waitFor(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }
}
