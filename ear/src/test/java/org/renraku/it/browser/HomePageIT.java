package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
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

/**
 * The console's home (ホーム) as an admin sees it: on a new network the getting-started checklist first,
 * nothing ticked, no 「準備中」; printing the join sheet ticks its item. On a busy network the alerts, members,
 * last broadcasts with their rates and what is scheduled, each linking to where it is handled, and the completed
 * checklist collapsed at the end. Both at 1280 px and 390 px without sideways scrolling.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HomePageIT {

    private static final List<String> ITEMS = List.of("checklist-attributes", "checklist-join-sheet",
            "checklist-members", "checklist-test-send", "checklist-broadcast");

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewNetworksHomeShouldOpenWithTheChecklistAndTickTheJoinSheetOncePrinted() throws Exception {
        long network = TestDatabase.newNetwork("はじめて小学校PTA");
        String userId = TestDatabase.newAdmin(network, "新任 管理者", "home-new@renraku.test");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        assertThat(browser.getCurrentUrl()).contains("/console/index.xhtml");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("準備中");
        WebElement checklist = browser.findElement(By.id("checklist"));
        assertThat(checklist.getAttribute("data-complete")).isEqualTo("false");
        assertThat(browser.findElement(By.id("checklist-progress")).getText()).isEqualTo("0/5 完了");
        for (String item : ITEMS) {
            assertThat(browser.findElement(By.id(item)).getAttribute("data-done")).as(item).isEqualTo("false");
        }
        // the checklist comes first, before the cards
        assertThat(checklist.getLocation().getY()).isLessThan(browser.findElement(By.id("home-alerts")).getLocation().getY());
        assertThat(browser.findElement(By.id("alert-none")).getText()).isEqualTo("いま対応が必要なことはありません。");
        assertThat(browser.findElement(By.id("recent-none")).getText()).contains("まだ一斉配信をしていません");
        assertThat(browser.findElement(By.id("upcoming-none")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("members-active")).getText()).isEqualTo("0");
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "console-home-new");
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "console-home-new-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // the join sheet item leads to the join page; printing there (button or the browser's own print) records it
        browser.findElement(By.id("checklist-join-sheet-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("join-print")));
        browser.executeScript("window.dispatchEvent(new Event('beforeprint'))");
        wait.until(d -> "1".equals(query("SELECT COUNT(*) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'JOIN_SHEET_PRINTED' AND actor = '" + userId + "'")));
        browser.findElement(By.id("nav-home")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("checklist-join-sheet"), "data-done", "true"));
        assertThat(browser.findElement(By.id("checklist-progress")).getText()).isEqualTo("1/5 完了");
        assertThat(browser.findElement(By.id("checklist-attributes")).getAttribute("data-done")).isEqualTo("false");
    }

    @Test
    void aBusyNetworksHomeShouldShowWhatNeedsTheAdminWithLinksAndTheCompletedChecklistAtTheEnd() throws Exception {
        long network = TestDatabase.newNetwork("にぎやか中学校PTA");
        String userId = TestDatabase.newAdmin(network, "ベテラン 管理者", "home-busy@renraku.test");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        exec("INSERT INTO member_attributes (network_id, label, kind, choices, created_at) VALUES (" + network
                + ", '学年', 'SINGLE', '1年\n2年\n3年', NOW(3))");
        String[][] members = {{"DOCOMO", "ACTIVE", "0"}, {"DOCOMO", "ACTIVE", "0"}, {"DOCOMO", "ACTIVE", "0"},
                {"AU", "ACTIVE", "1"}, {"SOFTBANK", "ACTIVE", "0"}, {"GMAIL", "ACTIVE", "0"}, {"GMAIL", "ACTIVE", "0"},
                {"ICLOUD", "ACTIVE", "0"}, {"OTHER", "PENDING", "0"}, {"DOCOMO", "SUSPENDED", "1"},
                {"GMAIL", "LEFT", "0"}};
        long[] ids = new long[members.length];
        for (int i = 0; i < members.length; i++) {
            ids[i] = insert("INSERT INTO members (network_id, email, name, carrier, status, needs_allow_domain,"
                    + " created_at, updated_at) VALUES (" + network + ", 'm" + i + "-" + tag + "@example.jp', '会員"
                    + i + "', '" + members[i][0] + "', '" + members[i][1] + "', " + members[i][2] + ", NOW(3), NOW(3))");
        }
        long confirm = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind, started_at,"
                + " created_at, updated_at) VALUES (" + network + ", '懇談会の出欠について', '本文', 'SENT', 'CHOICE',"
                + " NOW(3) - INTERVAL 3 DAY, NOW(3), NOW(3))");
        long notice = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind, started_at,"
                + " created_at, updated_at) VALUES (" + network + ", '運動会は予定どおり開催します', '本文', 'SENT', 'NONE',"
                + " NOW(3) - INTERVAL 1 DAY, NOW(3), NOW(3))");
        for (int i = 0; i < 8; i++) {
            String status = i < 7 ? "SENT" : "FAILED";
            exec("INSERT INTO deliveries (broadcast_id, member_id, email, status, attempts, last_attempt_at, sent_at,"
                    + " created_at, updated_at) SELECT " + confirm + ", id, email, '" + status + "', 1,"
                    + " NOW(3) - INTERVAL 3 DAY, " + ("SENT".equals(status) ? "NOW(3) - INTERVAL 3 DAY" : "NULL")
                    + ", NOW(3), NOW(3) FROM members WHERE id = " + ids[i]);
            exec("INSERT INTO deliveries (broadcast_id, member_id, email, status, attempts, last_attempt_at, sent_at,"
                    + " created_at, updated_at) SELECT " + notice + ", id, email, 'SENT', 1, NOW(3) - INTERVAL 1 DAY,"
                    + " NOW(3) - INTERVAL 1 DAY, NOW(3), NOW(3) FROM members WHERE id = " + ids[i]);
        }
        for (int i = 0; i < 5; i++) {
            exec("INSERT INTO answers (network_id, broadcast_id, member_id, choice, via, answered_at, first_at) VALUES ("
                    + network + ", " + confirm + ", " + ids[i] + ", 1, 'LINK', NOW(3), NOW(3))");
        }
        exec("INSERT INTO bounce_events (network_id, member_id, email, kind, source, outcome, occurred_at) VALUES ("
                + network + ", " + ids[7] + ", 'm7-" + tag + "@example.jp', 'HARD', 'SMTP', 'COUNTED', NOW(3) - INTERVAL 3 DAY)");
        exec("INSERT INTO inquiries (network_id, from_address, subject, body_text, received_at) VALUES (" + network
                + ", 'parent-" + tag + "@example.jp', '持ち物の質問', '本文', NOW(3))");
        exec("INSERT INTO suppressions (network_id, email, reason, source, created_at) VALUES (" + network
                + ", 'gone-" + tag + "@example.jp', 'UNSUBSCRIBED', 'UNSUBSCRIBE', NOW(3) - INTERVAL 2 DAY)");
        long scheduled = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, created_at,"
                + " updated_at) VALUES (" + network + ", '遠足の持ち物', '本文', 'SCHEDULED', NOW(3) + INTERVAL 2 DAY, NOW(3), NOW(3))");
        long repeating = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at,"
                + " repeat_rule, created_at, updated_at) VALUES (" + network + ", '月例のお知らせ', '本文', 'SCHEDULED',"
                + " NOW(3) + INTERVAL 9 DAY, 'FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=18;BYMINUTE=30', NOW(3), NOW(3))");
        exec("INSERT INTO audit_events (network_id, kind, actor, occurred_at) VALUES (" + network
                + ", 'JOIN_SHEET_PRINTED', '" + userId + "', NOW(3) - INTERVAL 30 DAY)");
        exec("INSERT INTO audit_events (network_id, kind, actor, occurred_at) VALUES (" + network
                + ", 'BROADCAST_TEST_SENT', '" + userId + "', NOW(3) - INTERVAL 4 DAY)");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        assertThat(browser.findElement(By.id("members-active")).getText()).isEqualTo("8");
        assertThat(browser.findElement(By.id("members-pending")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("members-suspended")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("members-left")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("carrier-DOCOMO")).getText()).isEqualTo("docomo 3");
        assertThat(browser.findElement(By.id("carrier-GMAIL")).getText()).isEqualTo("Gmail 2");
        // 16 messages in 30 days (15 accepted, 1 refused) and 1 hard bounce: 6.25 %, over the 5 % line
        assertThat(browser.findElement(By.id("alert-bounce")).getText()).contains("6.25%");
        assertThat(browser.findElements(By.id("alert-complaint"))).isEmpty();
        assertThat(browser.findElement(By.id("alert-allow-domain")).getText()).contains("2 人");
        assertThat(browser.findElement(By.id("alert-inquiries")).getText()).contains("1 件");
        assertThat(browser.findElement(By.id("alert-suppressions")).getText()).contains("1 件");
        assertThat(browser.findElement(By.id("recent-" + confirm + "-delivery")).getText()).isEqualTo("配信 87%(7/8通)");
        assertThat(browser.findElement(By.id("recent-" + confirm + "-answers")).getText()).isEqualTo("回答 62%(5/8人)");
        assertThat(browser.findElements(By.id("recent-" + notice + "-answers"))).as("asks nothing").isEmpty();
        assertThat(browser.findElement(By.id("upcoming-" + repeating)).getText()).contains("毎月末日 18:30", "次回:");
        assertThat(browser.findElement(By.id("upcoming-" + scheduled)).getText()).contains("遠足の持ち物");
        WebElement checklist = browser.findElement(By.id("checklist"));
        assertThat(checklist.getAttribute("data-complete")).isEqualTo("true");
        for (String item : ITEMS) {
            assertThat(browser.findElement(By.id(item)).getAttribute("data-done")).as(item).isEqualTo("true");
        }
        assertThat(checklist.getLocation().getY()).as("at the end when complete")
                .isGreaterThan(browser.findElement(By.id("home-upcoming")).getLocation().getY());
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "console-home-busy");
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "console-home-busy-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // every item leads to where it is handled
        browser.findElement(By.cssSelector("#alert-inquiries a")).click();
        wait.until(ExpectedConditions.urlContains("/console/inquiries.xhtml"));
        browser.findElement(By.id("nav-home")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alert-bounce")));
        browser.findElement(By.cssSelector("#alert-bounce a")).click();
        wait.until(ExpectedConditions.urlContains("/console/hygiene.xhtml"));
        browser.findElement(By.id("nav-home")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recent-" + confirm)));
        browser.findElement(By.cssSelector("#recent-" + confirm + " a.rk-home__subject")).click();
        // (the protected view's token comes first in the query)
        wait.until(ExpectedConditions.urlMatches("/console/broadcast\\.xhtml\\?(.*&)?id=" + confirm + "($|&)"));
    }

    private static long insert(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(String sql) {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
