package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The compose page's HTML part and polish: on a 390 px phone the carrier checkboxes wrap between options (each
 * box with its label) and nothing runs off the screen; a file over the attachment limit gets a message naming it;
 * the HTML part typed with a script, an event handler and a javascript: link is previewed sanitised, and the test
 * mail keeps its text part.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ComposePageIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void narrowScreenOversizedFileAndSanitisedHtmlPreview() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり学童クラブ");
        String adminEmail = Fixtures.unique("compose-html") + "@renraku.test";
        String userId = TestDatabase.newAdmin(network, "高橋 美咲", adminEmail);
        ConsolePages.member(network, "伊藤 <健>", Fixtures.unique("m") + "@example.jp", "ACTIVE", null, null);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));

        // a phone: every option of the carrier row stays whole, nothing is wider than the screen
        browser.manage().window().setSize(new Dimension(390, 1600));
        WebElement carriers = browser.findElement(By.id("compose-form:carriers"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", carriers);
        Browser.screenshot(browser, "compose-carriers-390");
        Long pageOverflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(pageOverflow).as("horizontal overflow of the page").isLessThanOrEqualTo(0L);
        Boolean optionsWhole = (Boolean) browser.executeScript("""
                return Array.from(arguments[0].children).every(function (option) {
                    var box = option.querySelector('.ui-chkbox-box'), label = option.querySelector('label');
                    if (!box || !label) { return true; }
                    var b = box.getBoundingClientRect(), l = label.getClientRects()[0];
                    return Math.abs((b.top + b.bottom) / 2 - (l.top + l.bottom) / 2) < 12 && l.left >= b.right - 1;
                });""", carriers);
        assertThat(optionsWhole).as("each checkbox on the line of its label").isTrue();
        Long firstIndent = (Long) browser.executeScript("""
                var option = arguments[0].querySelector('.ui-chkbox-box');
                return Math.round(option.getBoundingClientRect().left - arguments[0].getBoundingClientRect().left);""",
                carriers);
        assertThat(firstIndent).as("the first row starts where the others do").isLessThanOrEqualTo(2L);
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // a photo over the limit (3 MB in the mail by default): a message naming the file, nothing attached
        Path big = Files.createTempDirectory("compose").resolve("運動会の写真.jpg");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2_600_000); // about 3.5 MB in base64
        }
        browser.findElement(By.id("compose-form:attachments_input")).sendKeys(big.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compose-form:attachmentsMessage"),
                "運動会の写真.jpg"));
        assertThat(browser.findElement(By.id("compose-form:attachmentsMessage")).getText())
                .contains("大きすぎて添付できません").contains("上限 3072 KB").doesNotContain("合計");
        assertThat(browser.findElements(By.cssSelector("#compose-form\\:attachmentList li"))).isEmpty();
        Files.delete(big);

        String subject = "学童だより " + Fixtures.unique("s");
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\nテキストの本文です。");
        browser.findElement(By.cssSelector("label[for='compose-form:htmlEnabled']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("compose-form:html")))
                .sendKeys("<p onclick=\"steal()\">{name}さん</p><script>document.title='x'</script>"
                        + "<img src=\"https://example.jp/a.png\" alt=\"写真\" onerror=\"document.title='y'\">"
                        + "<a href=\"javascript:alert(1)\">ここ</a><p><b>持ち物</b>: 水筒</p>");
        browser.findElement(By.id("compose-form:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-html")));
        WebElement preview = browser.findElement(By.id("preview-html"));
        assertThat(preview.getText()).contains("伊藤 <健>さん").contains("持ち物: 水筒");
        assertThat(preview.findElements(By.tagName("script"))).isEmpty();
        assertThat(preview.findElements(By.cssSelector("[onclick], [onerror]"))).isEmpty();
        assertThat(preview.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        assertThat(preview.findElements(By.tagName("b"))).hasSize(1);
        assertThat(browser.getTitle()).doesNotContain("x").doesNotContain("y");
        assertThat(browser.findElement(By.id("preview-body")).getText()).startsWith("伊藤 <健>さん");
        Browser.screenshot(browser, "compose-html-preview");

        browser.findElement(By.id("compose-form:testSend")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), adminEmail));
        Mailbox.Mail test = Mailbox.await(adminEmail, subject, 0, Duration.ofSeconds(30));
        assertThat(test.text()).contains("伊藤 <健>さん").doesNotContain("<script").doesNotContain("onerror");
    }
}
