package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.SoftAssertions;
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
import org.renraku.it.TestDns;

/**
 * The service's DKIM keys in a real browser: the operator creates a key on 送信ドメインの鍵 (inactive, its
 * TXT record shown), 「有効にする」 is refused while DNS lacks the record and succeeds once the test DNS publishes it;
 * a network's admin then sees on 送信設定 the status only — signed, the selector, the record found — with no key
 * and no button. Both pages at 1280 and 375 px without sideways scrolling.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SendingPageIT {

    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-it-password";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOperatorActivatesAKeyOnceDnsHasItAndAnAdminSeesOnlyTheStatus() throws Exception {
        String selector = "ui" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT);
        browser = Browser.start("ja");
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(OPERATOR);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-sending-keys"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-keys-new:selector")));
        assertThat(text("sk-domain")).isEqualTo("renraku.test");

        browser.findElement(By.id("sending-keys-new:selector")).sendKeys(selector);
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("sending-keys-new:generate")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys:list:0:key")));
        assertThat(text("messages")).contains("セレクタ " + selector + " の鍵を作成しました");
        assertThat(text("keys:list:0:selector")).isEqualTo(selector);
        assertThat(text("keys:list:0:state")).isEqualTo("無効");
        String name = selector + "._domainkey.renraku.test";
        assertThat(text("keys:list:0:name")).isEqualTo(name);
        String value = text("keys:list:0:value");
        assertThat(value).isEqualTo("v=DKIM1; k=rsa; p=" + ConsolePages.query("SELECT public_key FROM dkim_keys"
                + " WHERE network_id IS NULL AND NOT active AND selector = '" + selector + "' AND id > ?", 0));

        // the layout on the page as it reads without the flash message (the operator template's global messages,
        // PrimeFaces' <ul> of role=alert items, is an axe finding of its own, not this page's)
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys:list:0:key")));
        SoftAssertions layout = new SoftAssertions();
        Browser.screenshot(browser, "ui-sending-keys-1280");
        layout.assertThat(sideways()).as("sideways scroll at 1280 px").isLessThanOrEqualTo(0L);
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 1280 px").isEmpty();
        browser.manage().window().setSize(new Dimension(375, 812));
        Browser.screenshot(browser, "ui-sending-keys-375");
        layout.assertThat(sideways()).as("sideways scroll at 375 px").isLessThanOrEqualTo(0L);
        layout.assertThat(browser.findElement(By.id("keys:list:0:activate")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("sending-keys-new:generate")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 375 px").isEmpty();
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // refused while DNS has no record: the message says where it looked
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("keys:list:0:activate")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys:list:0:key")));
        assertThat(text("messages")).contains("まだ有効にできません").contains(name).contains("見つかりません");
        assertThat(text("keys:list:0:state")).isEqualTo("無効");
        Browser.screenshot(browser, "ui-sending-keys-refused");

        try (TestDns dns = TestDns.change()) {
            dns.txt(name, value);
            Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("keys:list:0:activate")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys:list:0:key")));
            assertThat(text("messages")).contains("セレクタ " + selector + " の鍵を有効にしました");
            assertThat(text("keys:list:0:state")).isEqualTo("有効（署名に使用中）");
            assertThat(browser.findElements(By.id("keys:list:0:activate"))).isEmpty();
            Browser.screenshot(browser, "ui-sending-keys-active");
            browser.quit();

            // a network's admin: the status, no key material, no button
            long network = TestDatabase.newNetwork("みどり保育園");
            String userId = TestDatabase.newAdmin(network, "佐藤 花子", Fixtures.unique("sending") + "@renraku.test");
            browser = Browser.start("ja");
            wait = ConsolePages.login(browser, userId);
            browser.findElement(By.id("nav-sending")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-dkim")));
            assertThat(text("dkim-domain")).isEqualTo("renraku.test");
            assertThat(text("dkim-operator")).contains("運営者が管理");
            assertThat(text("dkim-selector")).isEqualTo(selector);
            assertThat(text("dkim-name")).isEqualTo(name);
            assertThat(browser.findElement(By.id("dkim-dns")).getAttribute("data-verdict")).isEqualTo("MATCHES");
            assertThat(text("dkim-dns")).contains("公開されています");
            assertThat(browser.getPageSource()).doesNotContain(value.substring("v=DKIM1; k=rsa; p=".length()));
            assertThat(browser.findElements(By.cssSelector("button, input[type=submit]"))
                    .stream().map(b -> b.getAttribute("id")).filter(id -> id != null && id.startsWith("sending")))
                    .isEmpty();
            assertThat(text("spf-name")).isEqualTo("renraku.test");
            Browser.screenshot(browser, "ui-sending-status-1280");
            browser.manage().window().setSize(new Dimension(375, 812));
            Browser.screenshot(browser, "ui-sending-status-375");
            layout.assertThat(sideways()).as("console sideways scroll at 375 px").isLessThanOrEqualTo(0L);
        }
        layout.assertAll();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private long sideways() {
        return (Long) browser.executeScript("return document.documentElement.scrollWidth"
                + " - document.documentElement.clientWidth");
    }
}
