package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;

/**
 * 送信設定 from the console menu: the admin generates the DKIM key of the sending domain and sees the TXT record
 * to publish with copy buttons, and the recommended SPF and DMARC records; generating a new key asks first
 * (cancel keeps the key), then shows the new selector; another network's admin sees the record but no button.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SendingPageIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void generateTheKeySeeTheRecordsAndRotateAfterConfirming() throws Exception {
        ConsolePages.update("UPDATE dkim_keys SET active = FALSE WHERE domain = 'renraku.test' AND id > ?", 0);
        long network = TestDatabase.newNetwork("みどり保育園");
        String userId = TestDatabase.newAdmin(network, "佐藤 花子", Fixtures.unique("sending") + "@renraku.test");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-sending")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-dkim")));
        assertThat(browser.findElement(By.id("dkim-domain")).getText()).isEqualTo("renraku.test");
        assertThat(browser.findElement(By.id("dkim-none")).getText()).contains("まだ鍵がありません");
        assertThat(browser.findElement(By.id("spf-name")).getText()).isEqualTo("renraku.test");
        assertThat(browser.findElement(By.id("spf-value")).getText()).startsWith("v=spf1 ip4:");
        assertThat(browser.findElement(By.id("dmarc-name")).getText()).isEqualTo("_dmarc.renraku.test");
        assertThat(browser.findElement(By.id("dmarc-value")).getText())
                .isEqualTo("v=DMARC1; p=none; rua=mailto:dmarc-reports@renraku.test; adkim=r; aspf=r");
        Browser.screenshot(browser, "sending-no-key");

        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("sending-form:generate")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dkim-value")));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("DKIMの鍵を作成しました");
        String selector = browser.findElement(By.id("dkim-selector")).getText();
        assertThat(selector).matches("rk\\d{8}(-\\d+)?");
        assertThat(browser.findElement(By.id("dkim-name")).getText()).isEqualTo(selector + "._domainkey.renraku.test");
        String value = browser.findElement(By.id("dkim-value")).getText();
        assertThat(value).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(value).isEqualTo("v=DKIM1; k=rsa; p=" + ConsolePages.query(
                "SELECT public_key FROM dkim_keys WHERE network_id = ? AND active", network));
        browser.findElement(By.id("copy-dkim-value")).click();
        wait.until(d -> "コピーしました".equals(d.findElement(By.id("copy-dkim-value")).getText())
                || value.equals(((ChromeDriver) d).executeScript("return window.getSelection().toString().trim()")));
        Browser.screenshot(browser, "sending-key");

        // a new key asks first; cancelling keeps the key
        browser.findElement(By.id("sending-form:rotate")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sending-form:confirmNo"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("sending-form:confirmNo")));
        assertThat(browser.findElement(By.id("dkim-selector")).getText()).isEqualTo(selector);
        browser.findElement(By.id("sending-form:rotate")).click();
        Browser.screenshot(browser, "sending-confirm-rotate");
        Browser.clickAndAwaitNewPage(browser,
                wait.until(ExpectedConditions.elementToBeClickable(By.id("sending-form:confirmYes"))));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dkim-selector")));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("新しいDKIMの鍵を作成しました");
        String rotated = browser.findElement(By.id("dkim-selector")).getText();
        assertThat(rotated).isNotEqualTo(selector);
        assertThat(browser.findElement(By.id("dkim-value")).getText()).isNotEqualTo(value);
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'DKIM_KEY_GENERATED'", network)).isEqualTo("2");

        browser.manage().window().setSize(new Dimension(390, 1400));
        browser.executeScript("document.getElementById('sending-dkim').scrollIntoView()");
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"
                + " - document.documentElement.clientWidth")).as("horizontal overflow").isLessThanOrEqualTo(0L);
        Browser.screenshot(browser, "sending-key-390");
        browser.quit();

        // another network's admin: the record, no button
        long other = TestDatabase.newNetwork("あおぞら幼稚園");
        String otherUser = TestDatabase.newAdmin(other, "鈴木 一郎", Fixtures.unique("sending") + "@renraku.test");
        browser = Browser.start("ja");
        wait = ConsolePages.login(browser, otherUser);
        browser.findElement(By.id("nav-sending")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-dkim")));
        assertThat(browser.findElement(By.id("dkim-selector")).getText()).isEqualTo(rotated);
        assertThat(browser.findElement(By.id("dkim-notOurs")).getText()).contains("別の連絡網");
        assertThat(browser.findElements(By.id("sending-form:rotate"))).isEmpty();
        assertThat(browser.findElements(By.id("sending-form:generate"))).isEmpty();
    }
}
