package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * 緊急配信 on the compose page in a real browser: the admin chooses it (a labelled choice with its
 * one-line explanation, usable at 375 px with 44 px tap targets), sending is refused until the second check
 * confirms it, then the broadcast is stored urgent, the choice is audited with the admin and the broadcast, the
 * badge 「緊急」 shows on the progress and history pages and the member gets the mail. No serious axe finding.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UrgentBroadcastPageIT {

    /** What this slice added to the compose page: the choice and its confirmation, the send buttons. */
    private static final List<String> URGENT_PARTS = List.of("#urgentChoice", "[id='compose-form:sendActions']");

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminShouldSendAnUrgentBroadcastOnlyAfterConfirmingItAndSeeItMarkedUrgent() throws Exception {
        long network = TestDatabase.newNetwork("みどり中学校");
        String userId = TestDatabase.newAdmin(network, "木村 直子", Fixtures.unique("urgent-admin") + "@renraku.test");
        String memberEmail = Fixtures.unique("urgent-m") + "@example.jp";
        ConsolePages.member(network, "小林 拓也", memberEmail, "ACTIVE", null, null);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        String subject = "【休校】台風のため明日は休校です " + Fixtures.unique("s");
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n台風の接近により、明日は休校とします。");

        // the choice, labelled and explained; its confirmation shows once it is chosen
        assertThat(browser.findElement(By.cssSelector("#urgentChoice legend")).getText()).isEqualTo("緊急配信");
        assertThat(browser.findElement(By.id("urgentHint")).getText()).contains("休校・災害・安全")
                .contains("通常の配信すべてより先に").contains("毎時0分直後");
        assertThat(browser.findElements(By.id("compose-form:urgentConfirmed"))).isEmpty();
        WebElement urgent = browser.findElement(By.id("compose-form:urgent"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", urgent);
        urgent.sendKeys(" "); // by keyboard: the space bar checks it
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:urgentConfirmed")));
        assertThat(browser.findElement(By.id("compose-form:urgent")).isSelected()).isTrue();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:sendNow"), "緊急配信として今すぐ送信"));

        // not confirmed: the dialog asks, then the page refuses with a message at the confirmation
        browser.findElement(By.id("compose-form:sendNow")).click();
        WebElement yes = wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes")));
        assertThat(browser.findElement(By.cssSelector(".ui-confirm-dialog-message")).getText())
                .contains("緊急配信として");
        yes.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compose-form:urgentConfirmedMessage"),
                "確認にチェック"));
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM broadcasts WHERE network_id = ? AND status <> 'DRAFT'",
                network)).isEqualTo("0");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'BROADCAST_URGENT'", network)).isEqualTo("0");

        // a phone: nothing runs off the screen, each choice is a tap target of 44 px
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})",
                browser.findElement(By.id("urgentChoice")));
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no sideways scrolling at 375 px").isTrue();
        for (String label : new String[] {"urgent", "urgentConfirmed"}) {
            assertThat(browser.findElement(By.cssSelector("label[for='compose-form:" + label + "']")).getSize()
                    .getHeight()).as(label).isGreaterThanOrEqualTo(44);
        }
        assertThat(browser.findElement(By.id("compose-form:sendNow")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        Browser.screenshot(browser, "ui-compose-urgent-375");
        assertThat(Axe.seriousFindings(browser, URGENT_PARTS)).as("axe on the urgent choice at 375 px").isEmpty();
        System.out.println("axe, whole compose page at 375 px: " + Axe.seriousFindings(browser));
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.findElement(By.id("urgentChoice")));
        Browser.screenshot(browser, "ui-compose-urgent-1280");

        // confirmed: sent, stored urgent, audited, marked on the progress page
        browser.findElement(By.cssSelector("label[for='compose-form:urgentConfirmed']")).click();
        assertThat(browser.findElement(By.id("compose-form:urgentConfirmed")).isSelected()).isTrue();
        browser.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
        assertThat(browser.findElement(By.id("progress-form:urgent")).getText()).isEqualTo("緊急");
        long broadcast = Long.parseLong(ConsolePages.query(
                "SELECT id FROM broadcasts WHERE network_id = ? ORDER BY id DESC LIMIT 1", network));
        assertThat(ConsolePages.query("SELECT urgent FROM broadcasts WHERE id = ?", broadcast)).isIn("1", "true");
        assertThat(ConsolePages.query("SELECT CONCAT(actor, ' | ', subject, ' | ', detail) FROM audit_events"
                + " WHERE kind = 'BROADCAST_URGENT' AND network_id = ?", network))
                .isEqualTo(userId + " | #" + broadcast + " " + subject + " | on");
        assertThat(Axe.seriousFindings(browser, List.of("[id='progress-form:progress']")))
                .as("axe on the progress panel").isEmpty();
        System.out.println("axe, whole progress page: " + Axe.seriousFindings(browser));
        Browser.screenshot(browser, "ui-broadcast-urgent-progress");

        Mailbox.Mail mail = Mailbox.await(memberEmail, subject, 0, Duration.ofSeconds(60));
        assertThat(mail.text()).contains("小林 拓也さん");

        browser.findElement(By.id("nav-broadcasts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        assertThat(browser.findElement(By.id("broadcast-history:0:urgent")).getText()).isEqualTo("緊急");
        Browser.screenshot(browser, "ui-broadcasts-urgent-1280");
        browser.manage().window().setSize(new Dimension(375, 812));
        Browser.screenshot(browser, "ui-broadcasts-urgent-375");
        // the history page's layout is not this slice's: what sticks out at 375 px is reported, not asserted
        System.out.println("history at 375 px, sticking out: " + browser.executeScript("""
                var w = document.documentElement.clientWidth, out = [];
                if (document.documentElement.scrollWidth <= w) { return 'nothing'; }
                document.querySelectorAll('body *').forEach(function (e) {
                    var r = e.getBoundingClientRect();
                    if (r.width > 0 && r.right > w + 1) {
                        out.push(e.tagName + '#' + e.id + '.' + e.className + ' right ' + Math.round(r.right));
                    }
                });
                return 'client ' + w + ', scroll ' + document.documentElement.scrollWidth + ': '
                    + out.slice(0, 12).join(' | ');"""));
    }
}
