package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Mailbox;

/**
 * 代行登録: the admin opens the page from the member table, registers a parent with a required attribute; the
 * member is PENDING (確認待ち) and gets a confirmation mail (GreenMail); the same address again is refused with
 * a clear message; following the mailed link and completing the form makes the member active.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProxyRegistrationIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminRegistersAMemberWhoBecomesActiveOnlyByTheMailedLink() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり保育園");
        String userId = TestDatabase.newAdmin(network, "代行 管理者", "proxy-admin@renraku.test");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, choices, required, admin_only, position,"
                        + " created_at) VALUES (?, 'クラス', 'SINGLE', 'ひよこ組\\nうさぎ組', TRUE, FALSE, 1, NOW(3))")) {
            s.setLong(1, network);
            s.executeUpdate();
        }
        String address = "proxy-" + UUID.randomUUID().toString().substring(0, 8) + "@ezweb.ne.jp";

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members-addresses:proxy"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("proxy:name")));
        assertThat(browser.findElement(By.id("page-heading")).getText()).isEqualTo("会員の代行登録");

        // a required attribute left out: refused, naming it
        browser.findElement(By.id("proxy:name")).sendKeys("山本 さくら");
        browser.findElement(By.id("proxy:email")).sendKeys(address);
        submit(wait, "proxy:submit");
        assertThat(browser.findElement(By.id("messages")).getText()).contains("「クラス」を入力してください");

        new Select(browser.findElement(By.id("proxy:attributes:0:single"))).selectByVisibleText("うさぎ組");
        Browser.screenshot(browser, "console-proxy");
        submit(wait, "proxy:submit");
        assertThat(browser.findElement(By.id("messages")).getText())
                .contains("山本 さくらさん(" + address + ")に確認のメールを送りました");
        assertThat(status(network, address)).isEqualTo("PENDING");

        // the same address again: a clear refusal
        browser.findElement(By.id("proxy:name")).sendKeys("二重 登録");
        browser.findElement(By.id("proxy:email")).sendKeys(address.replace("@ezweb.ne.jp", "@EZweb.ne.JP"));
        new Select(browser.findElement(By.id("proxy:attributes:0:single"))).selectByVisibleText("ひよこ組");
        submit(wait, "proxy:submit");
        assertThat(browser.findElement(By.id("messages")).getText())
                .contains("この連絡網にすでに登録されています");

        // on a phone-sized screen the form stays usable
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("page-heading")));
        Browser.screenshot(browser, "console-proxy-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // the member table shows the pending member
        browser.findElement(By.id("proxy:back")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        assertThat(browser.findElement(By.id("members:list")).getText()).contains("山本 さくら").contains("確認待ち");
        Browser.screenshot(browser, "member-table-pending");
        assertThat(browser.findElements(By.id("members:list:0:reactivate"))).as("only the member confirms").isEmpty();

        // the member follows the mailed link and completes the registration
        Mailbox.Mail mail = Mailbox.await(address, "会員登録の確認");
        Matcher link = Pattern.compile("https?://\\S+/member/register\\.xhtml\\?token=[A-Za-z0-9_-]+").matcher(mail.text());
        assertThat(link.find()).as("a registration link in:\n" + mail.text()).isTrue();
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(link.group());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("register:name")));
        assertThat(browser.findElement(By.id("register:name")).getAttribute("value")).isEqualTo("山本 さくら");
        assertThat(new Select(browser.findElement(By.id("register:attributes:0:single"))).getFirstSelectedOption()
                .getText()).isEqualTo("うさぎ組");
        browser.findElement(By.cssSelector("label[for='register:consent']")).click();
        submit(wait, "register:submit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("register-done")));
        assertThat(status(network, address)).isEqualTo("ACTIVE");
        Mailbox.await(address, "ご登録ありがとうございます");
    }

    private void submit(WebDriverWait wait, String id) {
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id(id)));
    }

    private static String status(long network, String address) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT status FROM members WHERE network_id = ? AND email = ?")) {
            s.setLong(1, network);
            s.setString(2, address);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
