package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Mailbox;

/**
 * 問い合わせ: mails sent over SMTP to the network's join address (through the test MX into Dovecot), read by the application's inbound
 * reader and kept as inquiries, appear in the console newest first with the sender masked, markup shown as
 * text; the admin marks one handled and lists only the open ones.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InquiriesIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminReadsTheInquiriesMaskedAndEscapedAndMarksOneHandled() throws Exception {
        long network = TestDatabase.newNetwork("たんぽぽ小学校PTA");
        String userId = TestDatabase.newAdmin(network, "問合せ 管理者", "inquiries-admin@renraku.test");
        String stranger = "asks" + UUID.randomUUID().toString().substring(0, 6) + "@gmail.com";
        String member = "taro" + UUID.randomUUID().toString().substring(0, 6) + "@docomo.ne.jp";
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, '髙橋 太郎', 'DOCOMO', 'ACTIVE', NOW(3), NOW(3))")) {
            s.setLong(1, network);
            s.setString(2, member);
            s.executeUpdate();
        }
        String joinAddress = slug(network) + "@" + JOIN_DOMAIN;

        Mailbox.send(stranger, joinAddress, "持ち物について <script>alert(1)</script>",
                "明日の遠足は何時集合ですか?\r\n<b>雨天</b>の場合も教えてください。\r\n", Map.of());
        awaitInquiries(network, 1);
        Mailbox.send(member, joinAddress, "欠席の連絡", "本日、太郎は発熱のため欠席します。", Map.of());
        awaitInquiries(network, 2);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-inquiries")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inquiries:list")));

        List<WebElement> rows = rows();
        assertThat(rows).hasSize(2);
        // newest first: the member's mail, with the member's name and a masked address
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-inquiry__member")).getText()).isEqualTo("髙橋 太郎");
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-inquiry__from")).getText())
                .isEqualTo("ta***@docomo.ne.jp");
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-inquiry__subject")).getText()).isEqualTo("欠席の連絡");
        WebElement strangerRow = rows.get(1);
        assertThat(strangerRow.findElement(By.cssSelector(".rk-inquiry__from")).getText()).isEqualTo("as***@gmail.com");
        assertThat(strangerRow.getText()).doesNotContain(stranger);
        // every sender is shown unverified: the From of a mail is whatever its writer put there
        for (WebElement row : rows) {
            assertThat(row.findElement(By.cssSelector(".rk-inquiry__unverified")).getText()).isEqualTo("未確認");
        }
        assertThat(browser.findElement(By.id("inquiries-unverified")).getText()).contains("確認できていません");
        // markup arrives as text, never as elements
        assertThat(strangerRow.findElement(By.cssSelector(".rk-inquiry__subject")).getText())
                .isEqualTo("持ち物について <script>alert(1)</script>");
        strangerRow.findElement(By.cssSelector(".rk-inquiry__details summary")).click();
        WebElement body = strangerRow.findElement(By.cssSelector(".rk-inquiry__body"));
        assertThat(body.getText()).contains("明日の遠足は何時集合ですか?").contains("<b>雨天</b>の場合も");
        assertThat(browser.findElements(By.cssSelector("[id='inquiries:list'] script, .rk-inquiry__body b"))).isEmpty();
        assertThat(strangerRow.findElement(By.cssSelector(".rk-status")).getText()).isEqualTo("未対応");
        Browser.screenshot(browser, "console-inquiries");

        browser.findElement(By.id("inquiries:list:1:handled")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "対応済みにしました"));
        assertThat(rows().get(1).findElement(By.cssSelector(".rk-status")).getText()).isEqualTo("対応済み");
        assertThat(handledAt(network, stranger)).isNotNull();

        browser.findElement(By.cssSelector("[id='inquiries-filter:openOnly'] .ui-chkbox-box")).click();
        wait.until(d -> rows().size() == 1);
        assertThat(rows().get(0).getText()).contains("欠席の連絡");

        // the admins ask for a mail about new inquiries: the next one arrives with the sender masked
        browser.findElement(By.cssSelector("[id='inquiries-filter:notify'] .ui-chkbox-box")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "メールで知らせます"));
        Mailbox.send(stranger, joinAddress, "もう一つ質問", "雨具は必要ですか。", Map.of());
        Mailbox.Mail notice = Mailbox.await("inquiries-admin@renraku.test", "入会用アドレスにメールが届きました");
        assertThat(notice.text()).contains("as***@gmail.com").doesNotContain(stranger);

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("page-heading")));
        Browser.screenshot(browser, "console-inquiries-phone");
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[id='inquiries:list'] tbody tr[data-ri]"));
    }

    private static void awaitInquiries(long network, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
        while (true) {
            try (Connection c = TestDatabase.connect();
                 PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM inquiries WHERE network_id = ?")) {
                s.setLong(1, network);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= count) {
                        return;
                    }
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no inquiry number " + count + " within 45 s");
            }
            Thread.sleep(250);
        }
    }

    private static String slug(long network) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT slug FROM networks WHERE id = ?")) {
            s.setLong(1, network);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private static Object handledAt(long network, String from) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT read_at FROM inquiries WHERE network_id = ? AND from_address = ?")) {
            s.setLong(1, network);
            s.setString(2, from);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getObject(1);
            }
        }
    }
}
