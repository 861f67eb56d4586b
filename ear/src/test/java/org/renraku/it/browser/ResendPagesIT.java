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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * Re-sends (再送) and the answer-status target on the admin's pages: the tally page of a finished
 * broadcast that asked for a confirmation shows its re-sends (0 of 3, the automatic delays, the next one) and
 * re-sends on demand after a confirm dialog naming how many it goes to — the real job then delivers 【再送】 mails
 * to the two members who have not confirmed, not to the one who has; the compose page offers the automatic
 * re-send delays (15, 30, 60) with a read confirmation and narrows the target by answer status of that broadcast,
 * the recipient count following the choice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResendPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void reSendOnDemandFromTheTallyAndTargetByAnswerStatusWhenComposing() throws Exception {
        long network = TestDatabase.newNetwork("さくら小PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", Fixtures.unique("hanako-rs") + "@renraku.test");
        String tag = Fixtures.unique("rp");
        String subject = "持ち物の確認 " + tag;
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind,"
                + " resend_delays, scheduled_at, started_at, finished_at, created_at, updated_at) VALUES (" + network
                + ", '" + subject + "', '{name}さん 水筒を持ってきてください。', 'SENT', 'CONFIRM', '15,30,60',"
                + " NOW(3) - INTERVAL 6 MINUTE, NOW(3) - INTERVAL 6 MINUTE, NOW(3) - INTERVAL 5 MINUTE,"
                + " NOW(3) - INTERVAL 10 MINUTE, NOW(3))");
        String[] names = {"佐藤 一郎", "鈴木 二郎", "高橋 三郎"};
        String[] emails = new String[3];
        for (int i = 0; i < 3; i++) {
            emails[i] = tag + "-" + i + "@example.jp";
            long member = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                    + " VALUES (" + network + ", '" + emails[i] + "', '" + names[i] + "', 'OTHER', 'ACTIVE', NOW(3),"
                    + " NOW(3))");
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                    + " updated_at) VALUES (" + broadcast + ", " + member + ", '" + emails[i] + "', 'OTHER', 'SENT', 1,"
                    + " NOW(3), NOW(3))");
            if (i == 0) {
                insert("INSERT INTO answers (network_id, broadcast_id, member_id, via, answered_at, first_at) VALUES ("
                        + network + ", " + broadcast + ", " + member + ", 'LINK', NOW(3), NOW(3))");
            }
        }

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-broadcasts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        browser.findElement(By.linkText(subject)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[id$='progress-answers']"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answers-form:answers-resends")));
        assertThat(text(By.id("answers-resends-done"))).isEqualTo("0 / 3 回");
        assertThat(text(By.id("answers-resends-delays"))).isEqualTo("送信完了から 15, 30, 60 分後");
        assertThat(browser.findElements(By.id("answers-resends-next"))).hasSize(1);
        scrollTo(By.id("answers-form:answers-resends"));
        Browser.screenshot(browser, "resend-tally-before");

        click(wait, By.id("answers-form:answers-resend"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("answers-form:resendYes")));
        assertThat(text(By.cssSelector(".ui-confirm-dialog-message"))).contains("2人に再送します");
        Browser.screenshot(browser, "resend-confirm");
        browser.findElement(By.id("answers-form:resendYes")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "未回答の2人への再送を始めました"));
        wait.until(ExpectedConditions.textToBe(By.id("answers-resends-done"), "1 / 3 回"));
        for (int i = 1; i < 3; i++) {
            assertThat(Mailbox.await(emails[i], "【再送】" + subject, 0, Duration.ofSeconds(60)).text())
                    .contains("水筒");
        }
        Browser.waitFor(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("answers-form:answers-resends-list")).getText().contains("送信完了"));
        assertThat(text(By.id("answers-form:answers-resends-list"))).contains("送信完了");
        scrollTo(By.id("answers-form:answers-resends"));
        Browser.screenshot(browser, "resend-tally-after");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM deliveries d JOIN broadcasts r ON r.id = d.broadcast_id"
                + " WHERE r.resend_of = ?", broadcast)).isEqualTo("2");
        assertThat(ConsolePages.query("SELECT GROUP_CONCAT(kind) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'BROADCAST_RESENT'", network)).isEqualTo("BROADCAST_RESENT");

        // compose: the automatic re-sends come with a read confirmation; the target narrows by answer status
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(text(By.id("compose-form:count"))).isEqualTo("送り先: 3 人");
        browser.findElement(By.cssSelector("label[for='compose-form:answerKind:1']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compose-form:resendDelays")));
        assertThat(browser.findElement(By.id("compose-form:resendDelays")).getAttribute("value")).isEqualTo("15, 30, 60");
        new Select(browser.findElement(By.id("compose-form:answeredBroadcast"))).selectByValue(Long.toString(broadcast));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:answerStatus")));
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 2 人"));
        assertThat(new Select(browser.findElement(By.id("compose-form:answerStatus"))).getFirstSelectedOption().getText())
                .startsWith("未回答");
        new Select(browser.findElement(By.id("compose-form:answerStatus"))).selectByValue("ANSWERED");
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 1 人"));
        // both selects stay inside the target panel, however long the subject
        Boolean inside = (Boolean) browser.executeScript("""
                var panel = arguments[0].closest('section').getBoundingClientRect();
                return [arguments[0], arguments[1]].every(function (e) {
                    var r = e.getBoundingClientRect(); return r.left >= panel.left && r.right <= panel.right; });""",
                browser.findElement(By.id("compose-form:answeredBroadcast")),
                browser.findElement(By.id("compose-form:answerStatus")));
        assertThat(inside).as("answer-status selects inside the panel").isTrue();
        scrollTo(By.id("compose-form:answeredBroadcast"));
        Browser.screenshot(browser, "resend-compose-answer-status");
        scrollTo(By.id("compose-form:resendDelays"));
        Browser.screenshot(browser, "resend-compose-delays");
    }

    private void scrollTo(By by) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.findElement(by));
    }

    /** Clicks, again when the page's poll replaced the element in between. */
    private void click(WebDriverWait wait, By by) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private String text(By by) {
        return browser.findElement(by).getText();
    }

    private static long insert(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }
}
