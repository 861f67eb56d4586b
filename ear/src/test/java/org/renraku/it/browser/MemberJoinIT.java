package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.renraku.it.Mailbox;

/**
 * A parent joins on a phone (390×844): the registration link (made here directly in the database, as the
 * reply to a blank mail would carry it) opens the form with the network's attributes; bad input gets clear
 * messages; the welcome page leads to the personal page, which the welcome mail links too; leaving asks first.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MemberJoinIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void parentShouldJoinOnAPhoneAndReachTheirOwnPage() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり小学校 3年2組");
        long grade = attribute(network, "学年", "SINGLE", "1年\n2年\n3年", true, false, 1);
        attribute(network, "部活", "MULTI", "野球\nサッカー\n吹奏楽", false, false, 2);
        attribute(network, "管理メモ", "TEXT", null, false, true, 3);
        String address = "browser-" + UUID.randomUUID().toString().substring(0, 8) + "@docomo.ne.jp";
        String token = registrationToken(network, address);

        browser = Browser.start("ja");
        browser.manage().window().setSize(new Dimension(390, 844));

        browser.get(Browser.BASE_URL + "/member/register.xhtml?token=no-such-token");
        assertThat(text("register-invalid")).contains("このリンクは使えません");

        browser.get(Browser.BASE_URL + "/member/register.xhtml?token=" + token);
        assertThat(text("member-network")).isEqualTo("ひまわり小学校 3年2組");
        assertThat(text("register-email")).isEqualTo(address);
        assertThat(browser.getPageSource()).doesNotContain("管理メモ");

        // nothing filled in: the name is asked for first
        submit("register:submit");
        assertThat(text("messages")).contains("お名前を入力してください");
        // a name with markup, then a missing required attribute, then no consent
        browser.findElement(By.id("register:name")).sendKeys("<script>alert(1)</script>");
        submit("register:submit");
        assertThat(text("messages")).contains("「<」「>」は使えません");
        name("山田 花子");
        submit("register:submit");
        assertThat(text("messages")).contains("「学年」を入力してください");
        new Select(browser.findElement(By.id("register:attributes:0:single"))).selectByVisibleText("3年");
        browser.findElement(By.cssSelector("label[for='register:attributes:1:multi:2']")).click();
        submit("register:submit");
        assertThat(text("messages")).contains("同意のチェック");

        new Select(browser.findElement(By.id("register:attributes:0:single"))).selectByVisibleText("3年");
        browser.findElement(By.cssSelector("label[for='register:consent']")).click();
        Browser.screenshot(browser, "member-register");
        submit("register:submit");

        assertThat(text("register-done")).contains("山田 花子 様");
        String pageLink = browser.findElement(By.id("register-page")).getAttribute("href");
        Browser.screenshot(browser, "member-register-done");

        Mailbox.Mail welcome = Mailbox.await(address, "ご登録ありがとうございます");
        assertThat(welcome.text()).contains(pageLink);

        browser.findElement(By.id("register-page")).click();
        assertThat(text("page-email")).isEqualTo(address);
        assertThat(browser.findElement(By.id("profile:name")).getAttribute("value")).isEqualTo("山田 花子");
        assertThat(new Select(browser.findElement(By.id("profile:attributes:0:single"))).getFirstSelectedOption().getText())
                .isEqualTo("3年");
        assertThat(browser.findElement(By.id("profile:attributes:1:multi:2")).isSelected()).isTrue();
        Browser.screenshot(browser, "member-page");
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("profile:save")));
        Browser.screenshot(browser, "member-page-lower");

        name("山田 花子(母)");
        submit("profile:save");
        assertThat(text("messages")).contains("保存しました");

        browser.findElement(By.id("address:newEmail")).sendKeys(address);
        submit("address:submit");
        assertThat(text("messages")).contains("今と同じメールアドレス");

        submit("leave:ask");
        assertThat(text("leave-confirm")).contains("本当に退会しますか");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.findElement(By.id("leave-confirm")));
        Browser.screenshot(browser, "member-leave-confirm");
        submit("leave-confirm-form:confirm");
        assertThat(text("page-left")).contains("退会の手続きが完了しました");
        assertThat(Mailbox.await(address, "退会しました")).isNotNull();

        browser.get(pageLink);
        assertThat(text("page-invalid")).contains("このリンクは無効です");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT status, name, JSON_UNQUOTE(JSON_EXTRACT(attributes, ?)) FROM members WHERE network_id = ?")) {
            s.setString(1, "$.\"" + grade + "\"");
            s.setLong(2, network);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("LEFT");
                assertThat(rs.getString(2)).isEqualTo("山田 花子(母)");
                assertThat(rs.getString(3)).isEqualTo("3年");
            }
        }
    }

    @Test
    void adminShouldDefineTheAttributesMembersFillIn() throws Exception {
        long network = TestDatabase.newNetwork("属性テスト中学校");
        String admin = TestDatabase.newAdmin(network, "属性 管理者", "attr-" + UUID.randomUUID().toString().substring(0, 8) + "@renraku.test");
        browser = Browser.start("ja");
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(admin);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(TestDatabase.ADMIN_PASSWORD);
        submit("login:submit");
        submit("nav-attributes");
        assertThat(text("attributes:list")).contains("属性はまだありません");

        browser.findElement(By.id("attribute:label")).sendKeys("クラス");
        new Select(browser.findElement(By.id("attribute:kind"))).selectByVisibleText("ひとつ選択");
        submit("attribute:submit");
        assertThat(text("messages")).contains("選択肢を1行にひとつずつ");

        browser.findElement(By.id("attribute:choices")).sendKeys("1組\n2組\n3組");
        browser.findElement(By.cssSelector("label[for='attribute:required']")).click();
        submit("attribute:submit");
        assertThat(text("messages")).contains("属性「クラス」を追加しました");
        browser.findElement(By.id("attribute:label")).sendKeys("役員メモ");
        browser.findElement(By.cssSelector("label[for='attribute:adminOnly']")).click();
        submit("attribute:submit");
        submit("attributes:list:1:up");
        assertThat(text("attributes:list")).containsSubsequence("役員メモ", "クラス", "1組 / 2組 / 3組");
        Browser.screenshot(browser, "console-attributes");

        String address = "attr-" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.com";
        browser.get(Browser.BASE_URL + "/member/register.xhtml?token=" + registrationToken(network, address));
        assertThat(browser.findElements(By.id("register:attributes:0:single"))).hasSize(1);
        assertThat(browser.findElement(By.id("register")).getText()).contains("クラス").doesNotContain("役員メモ");
    }

    private void name(String value) {
        WebElement input = browser.findElement(By.cssSelector("[id='register:name'], [id='profile:name']"));
        input.clear();
        input.sendKeys(value);
    }

    private static long attribute(long network, String label, String kind, String choices, boolean required,
                                  boolean adminOnly, int position) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, choices, required, admin_only, position, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, label);
            s.setString(3, kind);
            s.setString(4, choices);
            s.setBoolean(5, required);
            s.setBoolean(6, adminOnly);
            s.setInt(7, position);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A registration token as the reply to a blank mail carries it; only its SHA-256 is stored. */
    private static String registrationToken(long network, String address) throws Exception {
        String token = "browser" + UUID.randomUUID().toString().replace("-", "");
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO one_time_tokens (token_hash, purpose, network_id, subject, expires_at, created_at)"
                        + " VALUES (?, 'MEMBER_REGISTRATION', ?, ?, NOW(3) + INTERVAL 1 DAY, NOW(3))")) {
            s.setString(1, digest);
            s.setLong(2, network);
            s.setString(3, address);
            s.executeUpdate();
        }
        return token;
    }

    private void submit(String buttonId) {
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id(buttonId)));
    }

    private String text(String id) {
        return Browser.waitFor(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }
}
