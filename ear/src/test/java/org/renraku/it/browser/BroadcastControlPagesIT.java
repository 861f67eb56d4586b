package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * The admin sees a lane paused by the provider in its carrier group's row, pauses a broadcast being sent and
 * resumes it from its progress page (the real job then delivers it to GreenMail once the lane's pause is over),
 * and cancels a scheduled one after the confirm dialog; the buttons follow the state. The broadcast
 * "being sent" is written as the starter leaves it (SENDING, job being started, deliveries queued), so that it
 * is still there to pause when the page opens.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BroadcastControlPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pauseResumeAndCancelFromTheProgressPage() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり保育園");
        String userId = TestDatabase.newAdmin(network, "佐藤 花子", Fixtures.unique("hanako-pc") + "@renraku.test");
        String tag = Fixtures.unique("pc");
        String sending = "遠足の持ち物 " + tag;
        String scheduled = "来月の予定 " + tag;
        long sendingId = broadcast(network, sending, "SENDING", null);
        String[] addresses = new String[3];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = tag + "-" + i + "@example.jp";
            long member = member(network, "会員" + i, addresses[i]);
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                    + " updated_at) VALUES (" + sendingId + ", " + member + ", '" + addresses[i] + "', 'OTHER', 'PENDING',"
                    + " 0, NOW(3), NOW(3))");
        }
        long scheduledId = broadcast(network, scheduled, "SCHEDULED", Instant.now().plus(Duration.ofDays(3)));

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        // the group paused for the whole service by the provider's refusals for a few more seconds: its row says so
        insert("UPDATE carrier_group_state SET paused_until = NOW(3) + INTERVAL 20 SECOND, pauses = 1"
                + " WHERE carrier_group = 'OTHER'");
        try {
            open(wait, sending);
            assertThat(text(By.id("progress-form:status"))).isEqualTo("送信中");
            assertThat(text(By.id("progress-form:groups:0:lanePaused"))).endsWith("まで一時停止中 (受信側が受け付けないため)");
            Browser.screenshot(browser, "broadcast-control-lane-paused");
        } finally {
            insert("UPDATE carrier_group_state SET paused_until = NULL, pauses = 0 WHERE carrier_group = 'OTHER'");
        }
        assertThat(browser.findElements(By.id("progress-form:resume"))).isEmpty();

        click(wait, By.id("progress-form:pause"));
        wait.until(ExpectedConditions.textToBe(By.id("progress-form:status"), "一時停止"));
        assertThat(text(By.id("messages"))).contains("配信を一時停止しました");
        assertThat(browser.findElements(By.id("progress-form:pause"))).isEmpty();
        assertThat(browser.findElement(By.id("progress-form:cancel")).isDisplayed()).isTrue();
        assertThat(ConsolePages.query("SELECT status FROM broadcasts WHERE id = ?", sendingId)).isEqualTo("PAUSED");
        Browser.screenshot(browser, "broadcast-control-paused");

        click(wait, By.id("progress-form:resume"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "配信を再開しました"));
        for (String address : addresses) {
            assertThat(Mailbox.await(address, sending, 0, Duration.ofSeconds(60)).text()).contains("本文");
        }
        Browser.waitFor(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(
                By.id("progress-form:status"), "送信完了"));
        assertThat(text(By.id("sent"))).isEqualTo("3");
        assertThat(browser.findElements(By.id("progress-form:cancel"))).isEmpty();
        Browser.screenshot(browser, "broadcast-control-resumed-sent");

        browser.findElement(By.id("progress-form:progress-back")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        open(wait, scheduled);
        assertThat(text(By.id("progress-form:status"))).isEqualTo("予約済み");
        assertThat(browser.findElements(By.id("progress-form:pause"))).isEmpty();
        click(wait, By.id("progress-form:cancel"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("progress-form:confirmYes")));
        assertThat(text(By.cssSelector(".ui-confirm-dialog-message"))).contains("取り消すと元に戻せません");
        Browser.screenshot(browser, "broadcast-control-cancel-confirm");
        browser.findElement(By.id("progress-form:confirmYes")).click();
        wait.until(ExpectedConditions.textToBe(By.id("progress-form:status"), "取り消し"));
        assertThat(text(By.id("messages"))).contains("配信を取り消しました");
        assertThat(text(By.id("progress-form:cancelledBeforeStart"))).contains("誰にも送られていません");
        assertThat(browser.findElements(By.id("progress-form:cancel"))).isEmpty();
        Browser.screenshot(browser, "broadcast-control-cancelled");

        assertThat(ConsolePages.query("SELECT GROUP_CONCAT(kind ORDER BY id) FROM audit_events WHERE network_id = ?"
                + " AND kind LIKE 'BROADCAST_%'", network))
                .isEqualTo("BROADCAST_PAUSED,BROADCAST_RESUMED,BROADCAST_CANCELLED");
        assertThat(ConsolePages.query("SELECT status FROM broadcasts WHERE id = ?", scheduledId)).isEqualTo("CANCELLED");

        browser.findElement(By.id("nav-broadcasts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        assertThat(text(By.id("broadcast-history"))).contains(scheduled).contains("取り消し").contains("送信完了");
        Browser.screenshot(browser, "broadcast-control-history");
    }

    /** From the history (the console menu), the progress page of the broadcast with that subject. */
    private void open(WebDriverWait wait, String subject) {
        if (browser.findElements(By.id("broadcast-history")).isEmpty()) {
            browser.findElement(By.id("nav-broadcasts")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        }
        browser.findElement(By.linkText(subject)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
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

    private static long broadcast(long network, String subject, String status, Instant scheduledAt) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, started_at,"
                        + " job_execution_id, claimed_by, claimed_at, created_at, updated_at)"
                        + " VALUES (?, ?, '{name}さん 本文', ?, ?, ?, ?, ?, ?, NOW(3), NOW(3))",
                Statement.RETURN_GENERATED_KEYS)) {
            boolean sending = status.equals("SENDING");
            s.setLong(1, network);
            s.setString(2, subject);
            s.setString(3, status);
            s.setTimestamp(4, scheduledAt == null ? null : java.sql.Timestamp.from(scheduledAt));
            // being started, claimed a moment ago: the delivery sweep leaves it alone for two minutes
            s.setTimestamp(5, sending ? java.sql.Timestamp.from(Instant.now()) : null);
            s.setObject(6, sending ? 0L : null);
            s.setString(7, sending ? "browser-test" : null);
            s.setTimestamp(8, sending ? java.sql.Timestamp.from(Instant.now()) : null);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static long member(long network, String name, String email) throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", '" + email + "', '" + name + "', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
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
