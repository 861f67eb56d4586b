package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;

/**
 * The operator's 配信制限 page in a real browser: one card per carrier group at 375 and 1280 px without
 * sideways scrolling and without a serious accessibility finding; docomo's limits refused with a clear message at
 * each wrong field (more than 100 messages per connection for a mobile carrier, an urgent rate below the normal one)
 * and then saved and read back from the database, audited; a group paused by throttling replies shows its halved
 * rate, its connections in use, its last five refusals (escaped) and is resumed with 「再開」, audited.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CarrierGroupsPageIT {

    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-it-password";
    /** Positions of the groups on the page (the order of CarrierGroup). */
    private static final int DOCOMO = 0;
    private static final int ICLOUD = 7;

    private ChromeDriver browser;
    private final String tag = Fixtures.unique("cg");
    private Object[] docomoBefore;

    @AfterEach
    void restore() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        // the limits and the state are the whole service's: put back what this test changed
        try (Connection c = TestDatabase.connect()) {
            if (docomoBefore != null) {
                try (PreparedStatement s = c.prepareStatement("UPDATE carrier_group_limits SET connections = ?,"
                        + " messages_per_connection = ?, per_second = ?, urgent_per_second = ?, quiet_minutes = ?"
                        + " WHERE carrier_group = 'DOCOMO'")) {
                    for (int i = 0; i < 5; i++) {
                        s.setObject(i + 1, docomoBefore[i]);
                    }
                    s.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE carrier_group_state SET paused_until = NULL, halvings = 0"
                        + " WHERE carrier_group = 'ICLOUD'");
                s.executeUpdate("UPDATE carrier_slots SET holder = NULL, lease_until = NULL, broadcast_id = NULL,"
                        + " network_id = NULL WHERE holder = '" + tag + "'");
                s.executeUpdate("DELETE FROM carrier_refusals WHERE reply LIKE '%" + tag + "%'");
            }
        }
    }

    @Test
    void operatorShouldChangeDocomosLimitsWithClearRefusalsAndResumeAPausedGroup() throws Exception {
        docomoBefore = raw("SELECT connections, messages_per_connection, per_second, urgent_per_second, quiet_minutes"
                + " FROM carrier_group_limits WHERE carrier_group = 'DOCOMO'");
        // iCloud refused us: its rate halved twice (10 → 2.5 a second), paused for two hours, one connection leased
        update("UPDATE carrier_group_state SET halvings = 2, paused_until = NOW(3) + INTERVAL 2 HOUR"
                + " WHERE carrier_group = 'ICLOUD'");
        update("UPDATE carrier_slots SET holder = '" + tag + "', lease_until = NOW(3) + INTERVAL 5 MINUTE"
                + " WHERE carrier_group = 'ICLOUD' AND slot = 0");
        for (int i = 1; i <= 6; i++) {
            update("INSERT INTO carrier_refusals (carrier_group, occurred_at, reply) VALUES ('ICLOUD',"
                    + " NOW(3) - INTERVAL " + (10 - i) + " MINUTE, '421 4.7.0 <script>alert(" + i + ")</script> "
                    + tag + " #" + i + "')");
        }

        browser = Browser.start("ja");
        WebDriverWait wait = logIn();
        browser.findElement(By.id("nav-carriers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("carriers:groups:0:card")));
        assertThat(browser.getTitle()).contains("配信制限");
        assertThat(browser.findElement(By.id("nav-carriers")).getAttribute("aria-current")).isEqualTo("page");
        assertThat(browser.findElements(By.cssSelector(".rk-cgroup"))).hasSize(9);
        assertThat(text("carriers:groups:0:name")).isEqualTo("docomo");
        assertThat(text("carriers:groups:7:name")).isEqualTo("iCloud");

        // the paused group: halved rate, pause, connections in use, the newest five refusals shown as text
        assertThat(text("carriers:groups:7:allowed")).isEqualTo("2.5 通/秒");
        assertThat(text("carriers:groups:7:halvings")).contains("10 通/秒").contains("2 回");
        assertThat(text("carriers:groups:7:inUse")).isEqualTo("1 / 2");
        assertThat(text("carriers:groups:7:pausedUntil")).endsWith("まで停止中");
        assertThat(text("carriers:groups:7:pausedBadge")).isEqualTo("一時停止中");
        List<WebElement> refusals = browser.findElements(By.cssSelector("[id='carriers:groups:7:refusals'] li"));
        assertThat(refusals).hasSize(5);
        assertThat(refusals.get(0).getText()).contains("<script>alert(6)</script>").contains(tag + " #6");
        assertThat(refusals.get(4).getText()).contains(tag + " #2");
        assertThat(browser.findElements(By.cssSelector("[id='carriers:groups:7:refusals'] script"))).isEmpty();

        // the layout: collected, so that one run tells every width's problems
        SoftAssertions layout = new SoftAssertions();
        Browser.fullPageScreenshot(browser, "ui-carriers-1280");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 1280 px").isEmpty();
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 1280 px").isEmpty();

        browser.manage().window().setSize(new Dimension(375, 812));
        Browser.fullPageScreenshot(browser, "ui-carriers-375");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 375 px").isEmpty();
        layout.assertThat(browser.findElement(By.id("carriers:groups:0:save")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("carriers:groups:7:resume")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("carriers:groups:0:connections")).getSize().getHeight())
                .isGreaterThanOrEqualTo(44);
        WebElement first = browser.findElement(By.id("carriers:groups:0:card"));
        WebElement second = browser.findElement(By.id("carriers:groups:1:card"));
        layout.assertThat(second.getLocation().getY()).as("cards stacked on a phone")
                .isGreaterThan(first.getLocation().getY() + first.getSize().getHeight() - 1);
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 375 px").isEmpty();
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // refused: 150 messages per connection for docomo, an urgent rate below the normal one; nothing saved
        fill(DOCOMO, "messagesPerConnection", "150");
        fill(DOCOMO, "perSecond", "8");
        fill(DOCOMO, "urgentPerSecond", "4");
        browser.findElement(By.id("carriers:groups:0:save")).click(); // refused: the form is redrawn in place
        awaitText("carriers:groups:0:messagesPerConnectionMessage", "1〜100");
        awaitText("carriers:groups:0:urgentPerSecondMessage", "通常の速度 (8 通/秒) 以上");
        awaitText("messages", "保存していません");
        assertThat(row("SELECT connections, messages_per_connection, per_second, urgent_per_second, quiet_minutes"
                + " FROM carrier_group_limits WHERE carrier_group = 'DOCOMO'"))
                .containsExactly(rate(docomoBefore[0]), rate(docomoBefore[1]), rate(docomoBefore[2]),
                        rate(docomoBefore[3]), rate(docomoBefore[4]));
        Browser.fullPageScreenshot(browser, "ui-carriers-refused");

        // a number that is not one, and quiet minutes over 30
        fill(DOCOMO, "connections", "たくさん");
        fill(DOCOMO, "quietMinutes", "45");
        browser.findElement(By.id("carriers:groups:0:save")).click();
        awaitText("carriers:groups:0:connectionsMessage", "同時接続数");
        assertThat(text("carriers:groups:0:connectionsMessage")).doesNotContain("Exception");

        // saved: the values are read back from the database; audited
        fill(DOCOMO, "connections", "3");
        fill(DOCOMO, "messagesPerConnection", "80");
        fill(DOCOMO, "perSecond", "4.5");
        fill(DOCOMO, "urgentPerSecond", "25");
        fill(DOCOMO, "quietMinutes", "10");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("carriers:groups:0:save")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "「docomo」の上限を保存しました"));
        assertThat(row("SELECT connections, messages_per_connection, per_second, urgent_per_second, quiet_minutes,"
                + " updated_by FROM carrier_group_limits WHERE carrier_group = 'DOCOMO'"))
                .containsExactly("3", "80", "4.5", "25", "10", OPERATOR);
        assertThat(browser.findElement(By.id("carriers:groups:0:connections")).getAttribute("value")).isEqualTo("3");
        assertThat(row("SELECT actor, detail FROM audit_events WHERE kind = 'CARRIER_LIMITS_CHANGED'"
                + " AND subject = 'DOCOMO' ORDER BY id DESC LIMIT 1"))
                .containsExactly(OPERATOR, "connections " + rate(docomoBefore[0]) + "→3, messages_per_connection "
                        + rate(docomoBefore[1]) + "→80, per_second " + rate(docomoBefore[2]) + "→4.5, urgent_per_second "
                        + rate(docomoBefore[3]) + "→25, quiet_minutes " + rate(docomoBefore[4]) + "→10");

        // 再開: the pause ends, audited; the halved rate stays the runtime's
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("carriers:groups:" + ICLOUD + ":resume")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "「iCloud」への送信の一時停止を解除しました"));
        assertThat(text("carriers:groups:7:notPaused")).isEqualTo("なし");
        assertThat(browser.findElements(By.id("carriers:groups:7:resume"))).isEmpty();
        assertThat(row("SELECT paused_until IS NULL, halvings FROM carrier_group_state WHERE carrier_group = 'ICLOUD'"))
                .containsExactly("1", "2");
        assertThat(row("SELECT actor FROM audit_events WHERE kind = 'CARRIER_GROUP_RESUMED' AND subject = 'ICLOUD'"
                + " ORDER BY id DESC LIMIT 1")).containsExactly(OPERATOR);
        Browser.fullPageScreenshot(browser, "ui-carriers-resumed");
        layout.assertAll();
    }

    private WebDriverWait logIn() {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(OPERATOR);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-carriers")));
        return wait;
    }

    private void fill(int group, String field, String value) {
        WebElement input = browser.findElement(By.id("carriers:groups:" + group + ":" + field));
        input.clear();
        input.sendKeys(value);
    }

    /** Waits for the element to say the text; on a timeout the failure shows the page as it is. */
    private void awaitText(String id, String expected) throws Exception {
        try {
            Browser.waitFor(browser, Duration.ofSeconds(15))
                    .until(d -> !d.findElements(By.id(id)).isEmpty() && text(id).contains(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            Browser.fullPageScreenshot(browser, "ui-carriers-await-" + id.replace(':', '-'));
            throw new AssertionError("No '" + expected + "' in #" + id + " ('" + text(id) + "', html "
                    + browser.findElement(By.id(id)).getAttribute("outerHTML") + ") at " + browser.getCurrentUrl()
                    + ":\n" + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** No sideways scrolling; else the elements that stick out (the first 15) name the culprit. */


    /** A rate as the audit writes it: no trailing ".0". */
    private static String rate(Object perSecond) {
        double d = ((Number) perSecond).doubleValue();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void update(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    /** The first row's values as text: numbers without a trailing ".0", booleans as 1 and 0. */
    private static List<String> row(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        for (Object o : raw(sql)) {
            values.add(o instanceof Number n ? rate(n) : o instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(o));
        }
        return values;
    }

    private static Object[] raw(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).as(sql).isTrue();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                values.add(r.getObject(i));
            }
            return values.toArray();
        }
    }
}
