package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * A new admin's first week, through the browser only: the first login opens the home with the getting-started
 * checklist (nothing done); each item's link leads to where it is done — the attributes 学年 and クラス, the join
 * sheet printed, members imported from a CSV file, a test mail to the admin, and a first broadcast to 「1年 or
 * 2年, クラス 2組」 — and the home ticks each item from the data; after the broadcast the checklist is complete and
 * the job's recipients are exactly the members of 1年 or 2年 in 2組.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FirstBroadcastWalkIT {

    private ChromeDriver browser;
    private WebDriverWait wait;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aNewAdminWalksTheChecklistToAFirstBroadcastToFirstOrSecondGradeInClassTwo() throws Exception {
        long network = TestDatabase.newNetwork("みどり小学校PTA");
        String adminEmail = Fixtures.unique("walk-admin") + "@renraku.test";
        String userId = TestDatabase.newAdmin(network, "新任 役員", adminEmail);

        browser = Browser.start("ja");
        wait = ConsoleLogin.as(browser, userId);
        assertThat(browser.getCurrentUrl()).contains("/console/index.xhtml");
        assertThat(checklistComplete()).isFalse();
        assertThat(progress()).isEqualTo("0/5 完了");

        // 1. attributes: 学年 and クラス, each one choice
        follow("checklist-attributes-link", "attribute");
        addSingleChoice("学年", "1年\n2年\n3年");
        addSingleChoice("クラス", "1組\n2組");
        home();
        assertDone("checklist-attributes");
        assertThat(progress()).isEqualTo("1/5 完了");

        // 2. the join sheet, printed from the join page
        follow("checklist-join-sheet-link", "join-print");
        browser.executeScript("window.dispatchEvent(new Event('beforeprint'))");
        home();
        assertDone("checklist-join-sheet");

        // 3. members: the class list as a CSV file, through the member table's import
        follow("checklist-members-link", "members-addresses:import");
        browser.findElement(By.id("members-addresses:import")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-upload")));
        String tag = Fixtures.unique("w");
        List<String[]> pupils = List.of(
                new String[] {"青木 一郎", "1年", "2組"}, new String[] {"伊藤 二葉", "2年", "2組"},
                new String[] {"上田 三太", "3年", "2組"}, new String[] {"江藤 一花", "1年", "1組"},
                new String[] {"小川 二郎", "2年", "1組"}, new String[] {"加藤 一樹", "1年", "2組"});
        StringBuilder csv = new StringBuilder("名前,メールアドレス,学年,クラス\r\n");
        for (int i = 0; i < pupils.size(); i++) {
            String[] p = pupils.get(i);
            csv.append(p[0]).append(',').append(address(tag, i)).append(',').append(p[1]).append(',').append(p[2])
                    .append("\r\n");
        }
        Path file = Files.createTempFile("class-list", ".csv");
        Files.write(file, ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8)); // a BOM: read as UTF-8 whatever is chosen
        browser.findElement(By.cssSelector("input[type='file']")).sendKeys(file.toString());
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("import-upload:submit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-confirm")));
        assertThat(browser.findElement(By.id("import-preview")).getText()).contains("登録できる行 6件");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("import-confirm:confirm")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "6人を取り込みました"));
        Files.delete(file);
        home();
        assertDone("checklist-members");

        // 4. a test mail to the admin from the compose page
        follow("checklist-test-send-link", "compose-form");
        String testSubject = "テスト送信 " + tag;
        browser.findElement(By.id("compose-form:subject")).sendKeys(testSubject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n試しに送ります。");
        browser.findElement(By.id("compose-form:testSend")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), adminEmail));
        assertThat(Mailbox.await(adminEmail, testSubject, 0, Duration.ofSeconds(60)).text()).contains("試しに送ります。");
        home();
        assertDone("checklist-test-send");
        assertThat(progress()).isEqualTo("4/5 完了");
        assertThat(checklistComplete()).isFalse();

        // 5. the first broadcast: 学年 1年 or 2年, and クラス 2組
        follow("checklist-broadcast-link", "compose-form");
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 6 人"));
        value("学年", "1年").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 3 人"));
        value("学年", "2年").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 5 人"));
        value("クラス", "2組").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 3 人"));
        assertThat(browser.findElement(By.id("compose-form:summary")).getText())
                .isEqualTo("学年: 1年 または 2年 かつ クラス: 2組 — 3 人");
        String subject = "学級懇談会のお知らせ " + tag;
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n2組の学級懇談会は金曜日です。");
        browser.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.urlContains("/console/broadcast.xhtml"));

        // delivered to exactly 青木, 伊藤 and 加藤, each with their own name
        for (int i : new int[] {0, 1, 5}) {
            assertThat(Mailbox.await(address(tag, i), subject, 0, Duration.ofSeconds(120)).text())
                    .startsWith(pupils.get(i)[0] + "さん");
        }
        assertThat(ConsolePages.query("SELECT GROUP_CONCAT(d.email ORDER BY d.email) FROM deliveries d"
                + " JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.network_id = ? AND NOT b.test_mail", network))
                .isEqualTo(java.util.stream.Stream.of(0, 1, 5).map(i -> address(tag, i)).sorted()
                        .collect(Collectors.joining(",")));

        home();
        assertThat(checklistComplete()).isTrue();
        assertThat(progress()).isEqualTo("5/5 完了");
        for (String item : List.of("checklist-attributes", "checklist-join-sheet", "checklist-members",
                "checklist-test-send", "checklist-broadcast")) {
            assertDone(item);
        }
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "walk-home-complete-1280");
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat(Browser.outsideViewport(browser)).isEmpty();
        Browser.fullPageScreenshot(browser, "walk-home-complete-390");
    }

    private static String address(String tag, int i) {
        return tag + "-" + i + "@example.jp";
    }

    /** Follows a link of the home and waits for an element of the page it leads to. */
    private void follow(String linkId, String landmarkId) {
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id(linkId)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id(landmarkId)));
    }

    private void home() {
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("nav-home")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checklist")));
    }

    private void assertDone(String item) {
        assertThat(browser.findElement(By.id(item)).getAttribute("data-done")).as(item).isEqualTo("true");
    }

    private boolean checklistComplete() {
        return Boolean.parseBoolean(browser.findElement(By.id("checklist")).getAttribute("data-complete"));
    }

    private String progress() {
        return browser.findElement(By.id("checklist-progress")).getText();
    }

    private void addSingleChoice(String label, String choices) {
        browser.findElement(By.id("attribute:label")).sendKeys(label);
        new Select(browser.findElement(By.id("attribute:kind"))).selectByVisibleText("ひとつ選択");
        browser.findElement(By.id("attribute:choices")).sendKeys(choices);
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("attribute:submit")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "属性「" + label + "」を追加しました"));
    }

    /** The checkbox label of {@code value} in the fieldset of attribute {@code label} (compose targeting). */
    private WebElement value(String label, String value) {
        return browser.findElement(By.xpath("//fieldset[legend[normalize-space()='" + label
                + "']]//label[normalize-space()='" + value + "']"));
    }
}
