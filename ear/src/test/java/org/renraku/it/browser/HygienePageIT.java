package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 配信エラー: the admin sees the members whose mail bounced (reason labels, masked addresses, the 指定受信 mark),
 * the rates per carrier group as a chart, reactivates a member suspended by a hard bounce (the bounce
 * suppression goes, audited) and changes the bounce settings (audited).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HygienePageIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminReactivatesAMemberSuspendedByABounceAndChangesTheSettings() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり保育園 保護者会");
        String userId = TestDatabase.newAdmin(network, "配信 管理者", "hygiene-admin@renraku.test");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Instant now = Instant.now();
        long hard = member(network, "taro" + tag + "@example.jp", "宛先不明 太郎", "OTHER", "SUSPENDED", false);
        long soft = member(network, "hana" + tag + "@gmail.com", "満杯 花子", "GMAIL", "ACTIVE", false);
        long filtered = member(network, "jiro" + tag + "@docomo.ne.jp", "ドコモ 次郎", "DOCOMO", "ACTIVE", true);
        long ok1 = member(network, "ok1" + tag + "@docomo.ne.jp", "順調 一郎", "DOCOMO", "ACTIVE", false);
        long ok2 = member(network, "ok2" + tag + "@gmail.com", "順調 二郎", "GMAIL", "ACTIVE", false);
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (" + network + ", 'お知らせ', '本文', 'SENT', NOW(3), NOW(3))");
        long dHard = delivery(broadcast, hard, "taro" + tag + "@example.jp", "OTHER", "FAILED", now.minusSeconds(7200));
        long dSoft = delivery(broadcast, soft, "hana" + tag + "@gmail.com", "GMAIL", "SENT", now.minusSeconds(7200));
        long dFiltered = delivery(broadcast, filtered, "jiro" + tag + "@docomo.ne.jp", "DOCOMO", "SENT", now.minusSeconds(7200));
        delivery(broadcast, ok1, "ok1" + tag + "@docomo.ne.jp", "DOCOMO", "SENT", now.minusSeconds(7200));
        delivery(broadcast, ok2, "ok2" + tag + "@gmail.com", "GMAIL", "SENT", now.minusSeconds(7200));
        event(network, hard, dHard, "taro" + tag + "@example.jp", "HARD", "userunknown", "SUSPENDED", now.minusSeconds(3600));
        event(network, soft, dSoft, "hana" + tag + "@gmail.com", "SOFT", "mailboxfull", "COUNTED", now.minusSeconds(1800));
        event(network, filtered, dFiltered, "jiro" + tag + "@docomo.ne.jp", "HARD", "filtered", "ALLOW_DOMAIN",
                now.minusSeconds(600));
        exec("INSERT INTO suppressions (network_id, email, reason, created_at) VALUES (" + network + ", 'taro" + tag
                + "@example.jp', 'HARD_BOUNCE', NOW(3))");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-hygiene")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hygiene:list")));
        assertThat(browser.findElement(By.id("page-heading")).getText()).isEqualTo("配信エラー");

        List<WebElement> rows = rows();
        assertThat(rows).hasSize(3);
        // latest bounce first
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-hygiene__name")).getText()).isEqualTo("ドコモ 次郎");
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-hygiene__reason")).getText())
                .isEqualTo("受信拒否の設定で届きませんでした");
        assertThat(rows.get(0).findElement(By.cssSelector(".rk-hygiene__flag")).getText()).isEqualTo("指定受信のお願い中");
        assertThat(rows.get(1).findElement(By.cssSelector(".rk-hygiene__reason")).getText()).isEqualTo("受信箱が満杯です");
        WebElement hardRow = rows.get(2);
        assertThat(hardRow.findElement(By.cssSelector(".rk-hygiene__name")).getText()).isEqualTo("宛先不明 太郎");
        assertThat(hardRow.findElement(By.cssSelector(".rk-hygiene__reason")).getText()).isEqualTo("宛先のアドレスがありません");
        assertThat(hardRow.findElement(By.cssSelector(".rk-member__email")).getText()).isEqualTo("ta***@example.jp");
        assertThat(hardRow.findElement(By.cssSelector(".rk-status")).getText()).isEqualTo("停止中");
        assertThat(browser.findElement(By.id("hygiene:list")).getText()).doesNotContain(tag);
        // only the suspended member can be reactivated
        assertThat(browser.findElements(By.cssSelector("[id='hygiene:list'] [id$=':reactivate']"))).hasSize(1);
        // the chart is drawn, and its numbers are on the page too
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hygiene-chart canvas")));
        String rates = browser.findElement(By.id("hygiene-rates")).getText();
        assertThat(rates).contains("docomo").contains("Gmail").contains("50%");
        Browser.screenshot(browser, "console-hygiene");

        hardRow.findElement(By.cssSelector("[id$=':reactivate']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "宛先不明 太郎さんへの配信を再開しました"));
        assertThat(one("SELECT status FROM members WHERE id = " + hard)).isEqualTo("ACTIVE");
        assertThat(one("SELECT COUNT(*) FROM suppressions WHERE network_id = " + network)).isEqualTo("0");
        assertThat(one("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'MEMBER_REACTIVATED' AND actor = '" + userId + "'")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("[id='hygiene:list'] [id$=':reactivate']"))).isEmpty();

        // the settings: 5 soft bounces in 30 days, hard bounces too
        assertThat(browser.findElement(By.id("hygiene-settings:hardSuspends")).isSelected()).isTrue();
        WebElement threshold = browser.findElement(By.id("hygiene-settings:softThreshold_input"));
        threshold.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "5"); // AutoNumeric ignores clear()
        WebElement window = browser.findElement(By.id("hygiene-settings:softWindowDays_input"));
        window.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "30");
        browser.findElement(By.id("hygiene-settings:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "配信停止の設定を保存しました"));
        assertThat(one("SELECT CONCAT(bounce_hard_suspends, '/', bounce_soft_threshold, '/', bounce_soft_window_days)"
                + " FROM networks WHERE id = " + network)).isEqualTo("1/5/30");
        assertThat(one("SELECT detail FROM audit_events WHERE network_id = " + network
                + " AND kind = 'BOUNCE_SETTINGS_CHANGED'")).isEqualTo("hard=on soft=3/14d -> hard=on soft=5/30d");
        Browser.screenshot(browser, "console-hygiene-after");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("page-heading")));
        Browser.screenshot(browser, "console-hygiene-phone");
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})",
                browser.findElement(By.id("hygiene-rates-panel")));
        Browser.screenshot(browser, "console-hygiene-phone-chart");
    }

    /**
     * The monthly test mail on the page: the admin sets it to delete on a bounce on day 15 (audited), sends one now
     * (the broadcast-delivery job really sends it to GreenMail), and after its run — two of its deliveries bounced:
     * one suspended, one deleted, seeded as the bounce policy records them (the bounce mailbox path is TestMailIT's)
     * — the page shows the last test mail's date and counts; the result mail is sent from the page.
     */
    @Test
    void adminSendsATestMailAndSeesItsResult() throws Exception {
        long network = TestDatabase.newNetwork("けやき少年野球クラブ");
        String userId = TestDatabase.newAdmin(network, "配信 管理者", "testmail-admin@renraku.test");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long keep = member(network, "keep" + tag + "@example.jp", "届く 一郎", "OTHER", "ACTIVE", false);
        long full = member(network, "full" + tag + "@example.jp", "満杯 花子", "OTHER", "ACTIVE", false);
        long gone = member(network, "gone" + tag + "@example.jp", "不明 太郎", "OTHER", "ACTIVE", false);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-hygiene")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hygiene-testmail")));
        assertThat(browser.findElement(By.id("hygiene-testmail:last")).getText()).contains("配信テストはまだ送っていません")
                .contains("次回の予定");
        assertThat(browser.findElement(By.id("hygiene-testmail:enabled")).isSelected()).isTrue();

        new Select(browser.findElement(By.id("hygiene-testmail:day"))).selectByVisibleText("15日");
        new Select(browser.findElement(By.id("hygiene-testmail:onBounce"))).selectByValue("DELETE");
        browser.findElement(By.id("hygiene-testmail:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "配信テストの設定を保存しました"));
        assertThat(one("SELECT CONCAT(test_mail_enabled, '/', test_mail_day, '/', test_mail_on_bounce) FROM networks"
                + " WHERE id = " + network)).isEqualTo("1/15/DELETE");
        assertThat(one("SELECT detail FROM audit_events WHERE network_id = " + network
                + " AND kind = 'TEST_MAIL_SETTINGS_CHANGED' AND actor = '" + userId + "'"))
                .isEqualTo("on day=1 bounce=SUSPEND -> on day=15 bounce=DELETE");

        browser.findElement(By.id("hygiene-testmail:sendNow")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hygiene-testmail:sendNowYes"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "配信テストを3人に送り始めました"));
        long broadcast = Long.parseLong(one("SELECT id FROM broadcasts WHERE test_mail AND network_id = " + network));
        Instant deadline = Instant.now().plusSeconds(180);
        while (!"SENT".equals(one("SELECT status FROM broadcasts WHERE id = " + broadcast))) {
            assertThat(Instant.now()).as("the test mail is still being sent").isBefore(deadline);
            Thread.sleep(500);
        }
        assertThat(one("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'TEST_MAIL_SENT' AND actor = '" + userId + "'")).isEqualTo("1");
        Instant now = Instant.now();
        event(network, full, deliveryOf(broadcast, full), "full" + tag + "@example.jp", "SOFT", "mailboxfull",
                "SUSPENDED", now.minusSeconds(60));
        event(network, gone, deliveryOf(broadcast, gone), "gone" + tag + "@example.jp", "HARD", "userunknown",
                "DELETED", now.minusSeconds(30));
        exec("UPDATE members SET status = 'SUSPENDED' WHERE id = " + full);
        exec("UPDATE members SET status = 'LEFT' WHERE id = " + gone);

        browser.findElement(By.id("nav-hygiene")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[id='hygiene-testmail:last'] .rk-testmail__recipients")));
        WebElement last = browser.findElement(By.id("hygiene-testmail:last"));
        assertThat(last.findElement(By.cssSelector(".rk-testmail__status")).getText()).isEqualTo("送信完了");
        assertThat(last.findElement(By.cssSelector(".rk-testmail__recipients")).getText()).isEqualTo("3");
        assertThat(last.findElement(By.cssSelector(".rk-testmail__accepted")).getText()).isEqualTo("3");
        assertThat(last.findElement(By.cssSelector(".rk-testmail__suspended")).getText()).isEqualTo("1");
        assertThat(last.findElement(By.cssSelector(".rk-testmail__deleted")).getText()).isEqualTo("1");
        assertThat(last.findElement(By.cssSelector(".rk-testmail__report")).getText()).contains("未送信");
        assertThat(last.getText()).contains("15日");
        assertThat(new Select(browser.findElement(By.id("hygiene-testmail:onBounce"))).getFirstSelectedOption()
                .getText()).isEqualTo("削除する");
        // the suspended member is listed with the bounces; the deleted one is gone from the list
        assertThat(browser.findElement(By.id("hygiene:list")).getText()).contains("満杯 花子").doesNotContain("不明 太郎");
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})",
                browser.findElement(By.id("hygiene-testmail-panel")));
        Browser.screenshot(browser, "console-hygiene-testmail");

        browser.findElement(By.id("hygiene-testmail:sendReport")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "結果のお知らせを管理者に送りました(2件)"));
        assertThat(browser.findElement(By.cssSelector("[id='hygiene-testmail:last'] .rk-testmail__report")).getText())
                .doesNotContain("未送信");
        assertThat(one("SELECT test_report_sent_at IS NOT NULL FROM broadcasts WHERE id = " + broadcast)).isEqualTo("1");
        assertThat(one("SELECT status FROM members WHERE id = " + keep)).isEqualTo("ACTIVE");
        Browser.screenshot(browser, "console-hygiene-testmail-reported");

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})",
                browser.findElement(By.id("hygiene-testmail-panel")));
        Browser.screenshot(browser, "console-hygiene-testmail-phone");
    }

    private static long deliveryOf(long broadcast, long member) throws Exception {
        return Long.parseLong(one("SELECT id FROM deliveries WHERE broadcast_id = " + broadcast + " AND member_id = " + member));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[id='hygiene:list'] tbody tr[data-ri]"));
    }

    private static long member(long network, String email, String name, String carrier, String status,
                               boolean allowDomain) throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, needs_allow_domain, created_at,"
                + " updated_at) VALUES (" + network + ", '" + email + "', '" + name + "', '" + carrier + "', '" + status
                + "', " + allowDomain + ", NOW(3), NOW(3))");
    }

    private static long delivery(long broadcast, long member, String email, String group, String status, Instant at)
            throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, last_attempt_at,"
                        + " sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Timestamp t = Timestamp.from(at);
            s.setLong(1, broadcast);
            s.setLong(2, member);
            s.setString(3, email);
            s.setString(4, group);
            s.setString(5, status);
            s.setTimestamp(6, t);
            s.setTimestamp(7, "SENT".equals(status) ? t : null);
            s.setTimestamp(8, t);
            s.setTimestamp(9, t);
            s.executeUpdate();
            return key(s);
        }
    }

    private static void event(long network, long member, long delivery, String email, String kind, String reason,
                              String outcome, Instant at) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO bounce_events (network_id, member_id, delivery_id, email, kind, reason, source, outcome,"
                        + " occurred_at) VALUES (?, ?, ?, ?, ?, ?, 'DSN', ?, ?)")) {
            s.setLong(1, network);
            s.setLong(2, member);
            s.setLong(3, delivery);
            s.setString(4, email);
            s.setString(5, kind);
            s.setString(6, reason);
            s.setString(7, outcome);
            s.setTimestamp(8, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    private static long insert(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql,
                Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            return key(s);
        }
    }

    private static long key(Statement s) throws Exception {
        try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String one(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        assertThat(values).hasSize(1);
        return values.get(0);
    }

}
