package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin opens the join page from the console navigation: the join address, the join password, whether
 * joining is open, a QR code that reads as {@code mailto:<join address>}, and the instructions, which print on one
 * A4 page without the console around them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JoinPageIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheJoinAddressItsQrCodeAndPrintsTheInstructionsOnOneA4Page() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-join@renraku.test");
        ConsolePages.update("UPDATE networks SET join_password = 'sakura2026' WHERE id = ?", network);
        String address = ConsolePages.query("SELECT slug FROM networks WHERE id = ?", network) + "@" + JOIN_DOMAIN;

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-join")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("join-details")));

        assertThat(browser.findElement(By.id("join-address")).getText()).isEqualTo(address);
        assertThat(browser.findElement(By.id("join-state")).getText()).isEqualTo("受付中");
        assertThat(browser.findElement(By.id("join-password")).getText()).isEqualTo("sakura2026");
        String domain = browser.findElement(By.id("join-domain")).getText();
        assertThat(domain).isNotBlank();
        assertThat(qrText("join-qr")).isEqualTo("mailto:" + address);
        assertThat(qrText("join-sheet-qr")).isEqualTo("mailto:" + address);

        String sheet = browser.findElement(By.id("join-sheet")).getText();
        assertThat(sheet).contains("ひまわり小学校PTA", address, "sakura2026", "24時間以内", "ドコモ", "au", "ソフトバンク")
                .contains("「" + domain + "」");
        browser.manage().window().setSize(new Dimension(1280, 2400));
        Browser.screenshot(browser, "join-page");

        // printed: the sheet alone on one A4 page
        PrintOptions a4 = new PrintOptions();
        a4.setPageSize(new PageSize(29.7, 21.0));
        a4.setBackground(true);
        Pdf pdf = browser.print(a4);
        byte[] bytes = Base64.getDecoder().decode(pdf.getContent());
        Path dir = Path.of(System.getProperty("renraku.target", "target"), "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("join-sheet.pdf"), bytes);
        assertThat(pages(bytes)).isEqualTo(1);

        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        browser.manage().window().setSize(new Dimension(900, 1300));
        assertThat(browser.findElement(By.id("join-details")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("console-network")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("join-sheet")).isDisplayed()).isTrue();
        Browser.screenshot(browser, "join-sheet-print");
    }

    @Test
    void showsThatJoiningIsClosed() throws Exception {
        long network = TestDatabase.newNetwork("あさがお中学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-join-closed@renraku.test");
        ConsolePages.update("UPDATE networks SET joining_open = FALSE WHERE id = ?", network);

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-join")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("join-details")));

        assertThat(browser.findElement(By.id("join-state")).getText()).isEqualTo("停止中");
        assertThat(browser.findElement(By.id("join-details")).getText()).contains("入会を受け付けていません");
        assertThat(browser.findElement(By.id("join-password")).getText()).contains("設定なし");
        Browser.screenshot(browser, "join-page-closed");
    }

    @Test
    void theAdminClosesJoiningAndSetsAPasswordOnThePage() throws Exception {
        long network = TestDatabase.newNetwork("つくし保育園");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-join-settings@renraku.test");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-join")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("join-settings-form")));
        assertThat(browser.findElement(By.id("join-settings-form:open")).isSelected()).isTrue();

        // a password with a space is refused with a message, nothing changes
        browser.findElement(By.id("join-settings-form:password")).sendKeys("tsuku shi");
        browser.findElement(By.id("join-settings-form:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("join-settings-form:passwordMessage"),
                "空白"));
        assertThat(ConsolePages.query("SELECT join_password FROM networks WHERE id = ?", network)).isNull();

        // so is one shorter than 6 characters (a short one is guessed too easily)
        browser.findElement(By.id("join-settings-form:password")).clear();
        browser.findElement(By.id("join-settings-form:password")).sendKeys("2026");
        browser.findElement(By.id("join-settings-form:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("join-settings-form:passwordMessage"),
                "6文字以上"));
        assertThat(ConsolePages.query("SELECT join_password FROM networks WHERE id = ?", network)).isNull();

        browser.findElement(By.id("join-settings-form:password")).clear();
        browser.findElement(By.id("join-settings-form:password")).sendKeys("tsukushi7");
        browser.findElement(By.id("join-settings-form:open")).click();
        browser.findElement(By.id("join-settings-form:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("join-state"), "停止中"));
        assertThat(browser.findElement(By.id("join-password")).getText()).isEqualTo("tsukushi7");
        assertThat(browser.findElement(By.id("messages")).getText()).contains("保存しました");
        assertThat(ConsolePages.query("SELECT join_password FROM networks WHERE id = ?", network)).isEqualTo("tsukushi7");
        assertThat(ConsolePages.query("SELECT joining_open FROM networks WHERE id = ?", network)).isEqualTo("0");
        assertThat(ConsolePages.query("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'JOINING_CHANGED'",
                network)).isEqualTo("closed, password set");
        browser.manage().window().setSize(new Dimension(1280, 1600));
        Browser.screenshot(browser, "join-settings-saved");
    }

    /** The text of the QR code in the image with that id, read from the data URI the page carries. */
    private String qrText(String id) throws Exception {
        String src = browser.findElement(By.id(id)).getAttribute("src");
        assertThat(src).startsWith("data:image/png;base64,");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1))));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
    }

    /** Pages of a PDF as Chromium writes it: the /Count of its page tree. */
    private static int pages(byte[] pdf) {
        Matcher count = Pattern.compile("/Type\\s*/Pages\\b[^>]*?/Count\\s+(\\d+)|/Count\\s+(\\d+)[^>]*?/Type\\s*/Pages\\b")
                .matcher(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(count.find()).as("page tree of the PDF").isTrue();
        return Integer.parseInt(count.group(1) != null ? count.group(1) : count.group(2));
    }
}
