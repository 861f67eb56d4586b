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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * The compose page's HTML part and polish: on a 390 px phone the carrier checkboxes wrap between options (each
 * box with its label) and nothing runs off the screen; a file over the attachment limit gets a message naming it;
 * the HTML part typed with a script, an event handler and a javascript: link is previewed sanitised, and the test
 * mail keeps its text part; the recipients as people think of them: see
 * {@link #firstOrSecondGradeInClassTwoWithAPickedMemberSavedAsAGroupAndRestored}.
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

    /**
     * Targeting as people think: 1年 and 2年 of 学年 and 2組 of クラス count the two members there, with
     * the summary next to the count; a member found by name is added ("also these"); at 375 and 390 px nothing runs
     * off the screen and every value is a 44 px tap target; the filter saved as a group is listed with its summary,
     * and after a reload choosing it restores every part and the count; sent, the job delivers to exactly the
     * counted members.
     */
    @Test
    void firstOrSecondGradeInClassTwoWithAPickedMemberSavedAsAGroupAndRestored() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", Fixtures.unique("compose-target") + "@renraku.test");
        long grade = ConsolePages.singleChoice(network, "学年", "1年", "2年", "3年");
        long klass = ConsolePages.singleChoice(network, "クラス", "1組", "2組");
        long a = pupil(network, "青木 一年二組", grade, "1年", klass, "2組");
        long b = pupil(network, "伊藤 二年二組", grade, "2年", klass, "2組");
        pupil(network, "上田 三年二組", grade, "3年", klass, "2組");
        pupil(network, "江藤 一年一組", grade, "1年", klass, "1組");
        long officer = pupil(network, "小川 役員", grade, "3年", klass, "1組");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        assertThat(browser.findElement(By.id("compose-form:count")).getText()).isEqualTo("送り先: 5 人");
        assertThat(browser.findElement(By.id("compose-form:summary")).getText()).isEqualTo("有効な会員全員 — 5 人");

        value("学年", "1年").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 2 人"));
        value("学年", "2年").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 3 人"));
        value("クラス", "2組").click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 2 人"));
        assertThat(browser.findElement(By.id("compose-form:summary")).getText())
                .isEqualTo("学年: 1年 または 2年 かつ クラス: 2組 — 2 人");

        // a member picked by name: also this one
        browser.findElement(By.id("compose-form:memberSearch")).sendKeys("役員");
        browser.findElement(By.id("compose-form:searchMembers")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:found:0:addMember"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 3 人"));
        String summary = "学年: 1年 または 2年 かつ クラス: 2組、さらに 個別に選んだ 1 人 (小川 役員) — 3 人";
        assertThat(browser.findElement(By.id("compose-form:summary")).getText()).isEqualTo(summary);
        assertThat(browser.findElement(By.id("compose-form:picked:0:removeMember")).isDisplayed()).isTrue();

        // a phone: nothing sideways at 375 or 390 px, each value a 44 px tap target with its label
        for (int width : new int[] {375, 390}) {
            browser.manage().window().setSize(new Dimension(width, 2200));
            assertThat(Browser.outsideViewport(browser)).as("sideways at " + width + " px").isEmpty();
        }
        Boolean targetsTall = (Boolean) browser.executeScript("""
                return Array.from(document.querySelectorAll('.rk-target__attribute label, .rk-target__person .ui-button'))
                    .every(function (e) { return e.getBoundingClientRect().height >= 44; });""");
        assertThat(targetsTall).as("every value label and member button at least 44 px tall").isTrue();
        browser.executeScript("document.getElementById('compose-target-heading').scrollIntoView()");
        Browser.screenshot(browser, "compose-targeting-390");
        browser.manage().window().setSize(new Dimension(1280, 1500));
        browser.executeScript("document.getElementById('compose-target-heading').scrollIntoView()");
        Browser.screenshot(browser, "compose-targeting-1280");

        // saved as a group: listed with its summary
        browser.findElement(By.id("compose-form:groupName")).sendKeys("1・2年2組と役員");
        browser.findElement(By.id("compose-form:saveGroup")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("compose-form:groupNameMessage"),
                "1・2年2組と役員"));
        assertThat(browser.findElement(By.id("compose-form:groups:0:groupSummary")).getText())
                .isEqualTo("学年: 1年 または 2年 かつ クラス: 2組、さらに 個別に選んだ 1 人 (小川 役員)");

        // a new page: everyone again until the group is chosen, then every part of it
        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 5 人"));
        assertThat(browser.findElements(By.id("compose-form:picked:0:removeMember"))).isEmpty();
        new Select(browser.findElement(By.id("compose-form:group"))).selectByVisibleText("1・2年2組と役員");
        wait.until(ExpectedConditions.textToBe(By.id("compose-form:count"), "送り先: 3 人"));
        assertThat(browser.findElement(By.id("compose-form:summary")).getText()).isEqualTo(summary);
        assertThat(checked("学年")).containsExactly("1年", "2年");
        assertThat(checked("クラス")).containsExactly("2組");
        assertThat(browser.findElement(By.cssSelector(".rk-target__picked .rk-target__person-name")).getText())
                .isEqualTo("小川 役員");
        browser.manage().window().setSize(new Dimension(1280, 1500));
        browser.executeScript("document.getElementById('compose-target-heading').scrollIntoView()");
        Browser.screenshot(browser, "compose-targeting-group-restored-1280");

        // sent: the job's recipients are the counted ones
        String subject = "学年だより " + Fixtures.unique("s");
        browser.findElement(By.id("compose-form:subject")).sendKeys(subject);
        browser.findElement(By.id("compose-form:body")).sendKeys("{name}さん\n学級懇談会のお知らせです。");
        browser.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.urlContains("/console/broadcast.xhtml"));
        Browser.waitFor(browser, Duration.ofSeconds(60)).until(d -> {
            try { // the job's snapshot of the recipients
                return "3".equals(ConsolePages.query("SELECT COUNT(*) FROM deliveries d JOIN broadcasts b"
                        + " ON b.id = d.broadcast_id WHERE b.network_id = ?", network));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ConsolePages.query("SELECT GROUP_CONCAT(d.member_id ORDER BY d.member_id) FROM deliveries d"
                + " JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.network_id = ?", network))
                .isEqualTo(java.util.stream.LongStream.of(a, b, officer).sorted().mapToObj(Long::toString)
                        .collect(java.util.stream.Collectors.joining(",")));
    }

    /** The checkbox label of {@code value} in the fieldset of attribute {@code label}. */
    private WebElement value(String label, String value) {
        return browser.findElement(By.xpath("//fieldset[legend[normalize-space()='" + label + "']]//label[normalize-space()='"
                + value + "']"));
    }

    /** The checked values of attribute {@code label}. */
    private java.util.List<String> checked(String label) {
        return browser.findElements(By.xpath("//fieldset[legend[normalize-space()='" + label + "']]//input[@type='checkbox']"))
                .stream().filter(WebElement::isSelected)
                .map(i -> browser.findElement(By.cssSelector("label[for='" + i.getAttribute("id") + "']")).getText())
                .toList();
    }

    /** An active member with a 学年 and a クラス, indexed as the application indexes attributes; returns the id. */
    private static long pupil(long network, String name, long grade, String gradeValue, long klass, String klassValue)
            throws Exception {
        try (java.sql.Connection c = TestDatabase.connect(); java.sql.PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'OTHER', 'ACTIVE', ?, NOW(3), NOW(3))",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, Fixtures.unique("pupil") + "@example.jp");
            s.setString(3, name);
            s.setString(4, "{\"" + grade + "\": \"" + gradeValue + "\", \"" + klass + "\": \"" + klassValue + "\"}");
            s.executeUpdate();
            long id;
            try (java.sql.ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            try (java.sql.PreparedStatement index = c.prepareStatement(
                    org.renraku.members.control.AttributeIndex.insertMemberSql())) {
                index.setLong(1, id);
                index.executeUpdate();
            }
            return id;
        }
    }
}
