package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;

/**
 * The console's side of #5's monthly repeat and 代理配信: the admin composes a broadcast repeating on the last
 * day of every month (末日) at 7:30, finds it in the history's くり返し配信 table with its rule and next date, and
 * stops it (audited); marks a member as 代理配信者 in the member detail (audited); and sees their own posting
 * address on the join page. Screenshots: repeat-history, repeat-stopped, member-delegated, join-posting-address.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RepeatAndPostingPagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void composeAMonthlyRepeatSeeItInTheHistoryAndStopIt() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり保育園");
        String userId = TestDatabase.newAdmin(network, "山田 花子", Fixtures.unique("hanako-rep") + "@renraku.test");
        ConsolePages.member(network, "佐藤 一郎", Fixtures.unique("ichiro") + "@docomo.ne.jp", "ACTIVE", null, null);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        String subject = "月末のお知らせ " + Fixtures.unique("r");
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n今月もお世話になりました。");
        browser.findElement(By.cssSelector("#compose-form\\:repeatMonthly .ui-chkbox-box")).click();
        new Select(browser.findElement(By.id("compose-form:repeatDay"))).selectByVisibleText("末日");
        new Select(browser.findElement(By.id("compose-form:repeatHour"))).selectByVisibleText("7");
        new Select(browser.findElement(By.id("compose-form:repeatMinute"))).selectByVisibleText("30");
        Browser.screenshot(browser, "repeat-compose");
        browser.findElement(By.id("compose-form:schedule")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("repeats-form:broadcast-repeats")));
        String table = browser.findElement(By.id("repeats-form:broadcast-repeats")).getText();
        assertThat(table).contains(subject).contains("毎月末日 7:30");
        assertThat(ConsolePages.query("SELECT repeat_rule FROM broadcasts WHERE network_id = ?", network))
                .isEqualTo("FREQ=MONTHLY;BYMONTHDAY=31;BYHOUR=7;BYMINUTE=30");
        Browser.screenshot(browser, "repeat-history");

        browser.findElement(By.id("repeats-form:broadcast-repeats:0:stopRepeat")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("repeats-form:confirmYes"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("repeats-form:broadcast-repeats"), "停止済み"));
        assertThat(ConsolePages.query("SELECT status FROM broadcasts WHERE network_id = ?", network))
                .isEqualTo("CANCELLED");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'BROADCAST_REPEAT_STOPPED'", network)).isEqualTo("1");
        Browser.screenshot(browser, "repeat-stopped");
    }

    @Test
    void markAMemberAsDelegatedSenderAndSeeTheOwnPostingAddress() throws Exception {
        long network = TestDatabase.newNetwork("あおぞら町内会");
        String userId = TestDatabase.newAdmin(network, "鈴木 次郎", Fixtures.unique("jiro-post") + "@renraku.test");
        ConsolePages.member(network, "田中 三郎", Fixtures.unique("saburo") + "@docomo.ne.jp", "ACTIVE", null, null);
        long member = Long.parseLong(ConsolePages.query("SELECT id FROM members WHERE network_id = ?", network));

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        browser.findElement(By.id("members:list:0:detail")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-delegated")));
        assertThat(browser.findElement(By.id("detail-delegated")).getText()).isEqualTo("いいえ");
        browser.findElement(By.id("member-detail-form:toggleDelegated")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-delegated"), "はい"));
        assertThat(ConsolePages.query("SELECT delegated_sender FROM members WHERE id = ?", member)).isEqualTo("1");
        assertThat(ConsolePages.query("SELECT detail FROM audit_events WHERE network_id = ?"
                + " AND kind = 'MEMBER_DELEGATED_SENDER_CHANGED'", network)).isEqualTo("on");
        Browser.screenshot(browser, "member-delegated");

        browser.findElement(By.id("member-detail-form:close")).click();
        browser.findElement(By.id("nav-join")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("posting-address")));
        String slug = ConsolePages.query("SELECT slug FROM networks WHERE id = ?", network);
        String before = browser.findElement(By.id("posting-address")).getText();
        assertThat(before).matches(slug + "\\+post-[a-z2-7]{16}@join\\.renraku\\.test");
        browser.findElement(By.id("posting-form:regenerate")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("posting-form:confirmYes"))).click();
        // the panel is replaced by the ajax update: a condition that finds the element anew each time
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("posting-address"), before)));
        assertThat(browser.findElement(By.id("posting-address")).getText()).startsWith(slug + "+post-");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'POSTING_ADDRESS_REGENERATED'", network)).isEqualTo("1");
        Browser.screenshot(browser, "join-posting-address");
    }
}
