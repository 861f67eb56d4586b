package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
 * The operator's list of networks: each network's messages of the last 7 and 30 days and its bounce and
 * complaint rates (over the line in red); the operator renames a network, suspends it — asked first — so that its
 * admin cannot log in and its members' links lead to a page that says it is suspended, and reopens it. Every action
 * is audited. At 1280 px and at 390 px, where the table reflows into one card per network.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperatorNetworksPageIT {

    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-it-password";

    private ChromeDriver browser;
    private WebDriverWait wait;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorSeesVolumeAndRatesRenamesSuspendsAndReopensANetwork() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        long network = TestDatabase.newNetwork("運営テスト小学校 " + tag);
        String slug = query("SELECT slug FROM networks WHERE id = " + network);
        String adminUserId = TestDatabase.newAdmin(network, "停止 される管理者", "op-page-" + tag + "@renraku.test");
        long member = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", 'm-" + tag + "@docomo.ne.jp', '会員 花子', 'DOCOMO', 'ACTIVE', NOW(3), NOW(3))");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, started_at, created_at,"
                + " updated_at) VALUES (" + network + ", 'お知らせ', '本文', 'SENT', NOW(3) - INTERVAL 10 DAY, NOW(3), NOW(3))");
        // 40 accepted 10 days ago, 10 of them again 2 days ago (two broadcasts), 2 complaints of 50: 4 %
        for (int i = 0; i < 40; i++) {
            exec("INSERT INTO deliveries (broadcast_id, member_id, email, status, attempts, sent_at, created_at,"
                    + " updated_at) VALUES (" + broadcast + ", " + insertMember(network, tag, i) + ", 'x@example.jp', 'SENT', 1,"
                    + " NOW(3) - INTERVAL 10 DAY, NOW(3), NOW(3))");
        }
        long recent = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, started_at, created_at,"
                + " updated_at) VALUES (" + network + ", '再連絡', '本文', 'SENT', NOW(3) - INTERVAL 2 DAY, NOW(3), NOW(3))");
        for (int i = 0; i < 10; i++) {
            exec("INSERT INTO deliveries (broadcast_id, member_id, email, status, attempts, sent_at, created_at,"
                    + " updated_at) VALUES (" + recent + ", " + insertMember(network, tag + "r", i) + ", 'x@example.jp', 'SENT', 1,"
                    + " NOW(3) - INTERVAL 2 DAY, NOW(3), NOW(3))");
        }
        for (int i = 0; i < 2; i++) {
            exec("INSERT INTO bounce_events (network_id, email, kind, source, outcome, occurred_at) VALUES (" + network
                    + ", 'c" + i + "@example.jp', 'COMPLAINT', 'ARF', 'UNSUBSCRIBED', NOW(3) - INTERVAL 1 DAY)");
        }

        browser = Browser.start("ja");
        logIn(OPERATOR, PASSWORD);
        WebElement row = row(slug);
        assertThat(row.findElement(By.cssSelector(".rk-operator__sent")).getText()).isEqualTo("10 / 50");
        assertThat(row.findElement(By.cssSelector(".rk-operator__bounce")).getText()).isEqualTo("0%");
        WebElement complaint = row.findElement(By.cssSelector(".rk-operator__complaint"));
        assertThat(complaint.getText()).isEqualTo("4%");
        assertThat(complaint.getAttribute("class")).contains("rk-operator__rate--over");
        Browser.screenshot(browser, "operator-networks-volume");

        // rename
        row.findElement(By.cssSelector("button[id$=':act:rename']")).click();
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("input[id$=':name:newName']")));
        field.clear();
        field.sendKeys("運営テスト中学校 " + tag);
        browser.findElement(By.cssSelector("button[id$=':name:save']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "運営テスト中学校 " + tag));
        assertThat(row(slug).getText()).contains("運営テスト中学校 " + tag);
        assertThat(query("SELECT name FROM networks WHERE id = " + network)).isEqualTo("運営テスト中学校 " + tag);

        // suspend: asked first
        row(slug).findElement(By.cssSelector("button[id$=':act:suspend']")).click();
        WebElement yes = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[id$=':act:suspendYes']")));
        assertThat(row(slug).getText()).contains("停止しますか");
        Browser.screenshot(browser, "operator-networks-suspend-ask");
        yes.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "停止しました"));
        assertThat(row(slug).findElement(By.cssSelector(".rk-status")).getText()).isEqualTo("停止中");
        assertThat(query("SELECT status FROM networks WHERE id = " + network)).isEqualTo("SUSPENDED");
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.screenshot(browser, "operator-networks");
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", row(slug));
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.screenshot(browser, "operator-networks-phone");
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("page-heading")));
        Browser.screenshot(browser, "operator-networks-phone-top");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // the network's admin is refused, its member meets the closed page
        browser.findElement(By.id("logout:submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login:userId")));
        browser.findElement(By.id("login:userId")).sendKeys(adminUserId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']"))
                .sendKeys(TestDatabase.ADMIN_PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login:messages"), "停止中のため"));
        assertThat(browser.getCurrentUrl()).doesNotContain("/console/");
        browser.get(ConsolePages.personalLink(member));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("network-suspended")));
        assertThat(browser.getCurrentUrl()).endsWith("/member/suspended.xhtml");
        assertThat(browser.findElement(By.id("network-suspended")).getText()).contains("運営テスト中学校 " + tag)
                .doesNotContain("会員 花子");
        browser.manage().window().setSize(new Dimension(390, 844));
        Browser.screenshot(browser, "member-network-suspended-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // reopen
        logIn(OPERATOR, PASSWORD);
        row(slug).findElement(By.cssSelector("button[id$=':act:reopen']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "再開しました"));
        assertThat(row(slug).findElement(By.cssSelector(".rk-status")).getText()).isEqualTo("利用中");
        assertThat(query("SELECT GROUP_CONCAT(kind ORDER BY id) FROM audit_events WHERE network_id = " + network
                + " AND actor = '" + OPERATOR + "'")).isEqualTo("NETWORK_RENAMED,NETWORK_SUSPENDED,NETWORK_REOPENED");
        browser.get(ConsolePages.personalLink(member));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("member-heading")));
        assertThat(browser.getCurrentUrl()).contains("/member/page.xhtml");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("m-" + tag + "@docomo.ne.jp")
                .doesNotContain("この連絡網は現在停止中です");
    }

    private long insertMember(long network, String tag, int i) throws Exception {
        return insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", 'v" + i + "-" + tag + "@example.jp', '会員', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
    }

    private WebElement row(String slug) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//*[@id='networks']//tr[.//code[text()='" + slug + "']]")));
    }

    private void logIn(String userId, String password) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(password);
        browser.findElement(By.id("login:submit")).click();
        wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("networks")));
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

    private static String query(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
