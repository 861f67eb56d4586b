package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * The admin composes a filtered broadcast from the console menu: the live recipient count follows the carrier
 * filter, the ISO-2022-JP warning appears for a character outside JIS X 0208 (①), the phone preview shows the
 * sample member's filled-in message, the test mail arrives in GreenMail, and "send now" schedules it and opens the
 * progress page. The sending job is not part of this branch: the test writes the delivery row the job would
 * write, and the page's poll shows the bar at 100 %.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BroadcastPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void composeFilteredPreviewTestSendAndSendNowThenWatchTheProgress() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String adminEmail = Fixtures.unique("hanako-bc") + "@renraku.test";
        String userId = TestDatabase.newAdmin(network, "山田 花子", adminEmail);
        long docomo = member(network, "佐藤 一郎", "ichiro@docomo.ne.jp", "DOCOMO", "ACTIVE");
        member(network, "鈴木 次郎", "jiro@gmail.com", "GMAIL", "ACTIVE");
        member(network, "田中 三郎", "saburo@docomo.ne.jp", "DOCOMO", "SUSPENDED");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(browser.findElement(By.id("compose-form:count")).getText()).isEqualTo("送り先: 2 人");

        String subject = "運動会のお知らせ " + Fixtures.unique("s");
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n運動会は10月5日です。①");
        browser.findElement(By.cssSelector("label[for='compose-form:charset:1']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compose-form:charsetWarning"),
                "UTF-8 で送られます"));

        browser.findElement(By.cssSelector("label[for='compose-form:carriers:0']")).click(); // docomo
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 1 人"));

        browser.findElement(By.id("compose-form:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-subject")));
        assertThat(browser.findElement(By.id("preview-subject")).getText()).isEqualTo(subject);
        assertThat(browser.findElement(By.id("preview-body")).getText()).startsWith("佐藤 一郎さん\n運動会は10月5日です。");
        assertThat(browser.findElement(By.id("preview-sample")).getText()).contains("佐藤 一郎");
        Browser.screenshot(browser, "broadcast-compose-preview");

        browser.findElement(By.id("compose-form:testSend")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), adminEmail));
        Mailbox.Mail test = Mailbox.await(adminEmail, subject, 0, Duration.ofSeconds(30));
        assertThat(test.text()).contains("佐藤 一郎さん");

        browser.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("1");
        Browser.screenshot(browser, "broadcast-progress-started");

        // the sending job (started at once) delivers to the one docomo member; the page's poll shows it
        Mailbox.Mail sent = Mailbox.await("ichiro@docomo.ne.jp", subject, 0, Duration.ofSeconds(60));
        assertThat(sent.text()).contains("佐藤 一郎さん");
        Browser.waitFor(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("sent"), "1"));
        Browser.waitFor(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(
                By.id("progress-form:percent"), "100% 完了"));
        assertThat(browser.findElement(By.id("remaining")).getText()).isEqualTo("0");
        Browser.screenshot(browser, "broadcast-progress-done");
        assertThat(Mailbox.read("jiro@gmail.com")).as("outside the filter")
                .noneMatch(m -> m.subject() != null && m.subject().contains(subject));
        assertThat(Mailbox.read("saburo@docomo.ne.jp")).as("suspended")
                .noneMatch(m -> m.subject() != null && m.subject().contains(subject));
        long broadcast = Long.parseLong(ConsolePages.query(
                "SELECT id FROM broadcasts WHERE network_id = ? ORDER BY id DESC LIMIT 1", network));
        awaitStatus(broadcast, "SENT");

        browser.findElement(By.id("progress-form:progress-back")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        assertThat(browser.findElement(By.id("broadcast-history")).getText()).contains(subject).contains("送信完了");
        Browser.screenshot(browser, "broadcast-history");
    }

    private static void awaitStatus(long broadcast, String status) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        while (!status.equals(ConsolePages.query("SELECT status FROM broadcasts WHERE id = ?", broadcast))) {
            assertThat(java.time.Instant.now()).as("broadcast " + broadcast + " " + status).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static long member(long network, String name, String email, String carrier, String status)
            throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, status);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
