package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * Answers in the browser: the admin composes a broadcast asking ○ / × / 未定 and sends it; a member opens
 * the personal link of the mail on a 390 px phone, sees the question and the buttons (opening it records nothing),
 * answers ×, then changes to ○; the admin's tally page (reached from the progress page) shows each change by its
 * poll — counts, who answered what, who has not answered.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AnswerPagesIT {

    private static final Pattern LINK = Pattern.compile("(http://\\S+/member/answer\\.xhtml\\?t=[0-9a-z-]+)&c=2");

    private ChromeDriver admin;
    private ChromeDriver phone;

    @AfterEach
    void closeBrowsers() {
        if (admin != null) {
            admin.quit();
        }
        if (phone != null) {
            phone.quit();
        }
    }

    @Test
    void aMemberAnswersOnAPhoneAndTheAdminsTallyShowsIt() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり保育園 保護者会");
        String adminEmail = Fixtures.unique("answers-admin") + "@renraku.test";
        String userId = TestDatabase.newAdmin(network, "山田 花子", adminEmail);
        String tag = Fixtures.unique("t").substring(2, 8);
        String hanako = "佐藤 花子" + tag;
        String ichiro = "鈴木 一郎" + tag;
        String hanakoEmail = Fixtures.unique("ans-hanako") + "@docomo.ne.jp";
        ConsolePages.member(network, hanako, hanakoEmail, "ACTIVE", null, null);
        ConsolePages.member(network, ichiro, Fixtures.unique("ans-ichiro") + "@gmail.com", "ACTIVE", null, null);

        // the admin composes: 選択肢で回答, the preset ○ / × / 未定
        admin = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(admin, userId);
        admin.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        String subject = "遠足の出欠 " + Fixtures.unique("s");
        admin.findElement(By.id("compose-form:subject")).sendKeys(subject);
        admin.findElement(By.id("compose-form:body")).sendKeys("{name} 様\n5月10日の遠足に参加されますか。");
        admin.findElement(By.cssSelector("label[for='compose-form:answerKind:2']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:customChoices")));
        assertThat(admin.findElement(By.id("compose-form:answerSettings")).getText()).contains("○ / × / 未定");
        admin.executeScript("document.getElementById('compose-answer-heading').scrollIntoView()");
        Browser.screenshot(admin, "answers-compose");
        if (!admin.findElement(By.id("compose-form:archivePublic")).isSelected()) {
            admin.findElement(By.cssSelector("label[for='compose-form:archivePublic']")).click(); // in the archive too
        }
        admin.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
        Browser.waitFor(admin, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("sent"), "2"));

        // the tally page, from the progress page: nobody has answered yet
        admin.findElement(By.id("progress-form:progress-answers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answers-form:answers-tally")));
        assertThat(admin.findElement(By.id("answers-recipients")).getText()).isEqualTo("2");
        assertThat(admin.findElement(By.id("answers-answered")).getText()).isEqualTo("0");
        assertThat(admin.findElement(By.id("answers-unanswered")).getText()).contains(hanako).contains(ichiro);

        // the member opens the × link of the mail on a phone
        Mailbox.Mail mail = Mailbox.await(hanakoEmail, subject, 0, Duration.ofSeconds(60));
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).as(mail.text()).isTrue();
        phone = Browser.start("ja");
        phone.manage().window().setSize(new Dimension(390, 844));
        phone.get(link.group(1) + "&c=2");
        WebDriverWait phoneWait = Browser.waitFor(phone, Duration.ofSeconds(20));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer")));
        assertThat(phone.findElement(By.id("answer-subject")).getText()).isEqualTo(subject);
        assertThat(phone.findElement(By.id("answer-current")).getText()).isEqualTo("まだ回答していません");
        assertThat(phone.getPageSource()).doesNotContain(ichiro);
        assertThat(phone.findElement(By.id("answer:choices:1:choice")).getSize().getWidth()).as("full width")
                .isGreaterThan(250);
        Browser.screenshot(phone, "answers-member-390");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM answers WHERE network_id = ?", network))
                .as("opening the link records nothing").isEqualTo("0");

        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("answer:choices:1:choice")));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer-done")));
        assertThat(phone.findElement(By.id("answer-current")).getText()).startsWith("×");
        Browser.screenshot(phone, "answers-member-390-done");

        // the admin's page shows it by its poll
        Browser.waitFor(admin, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("answers-answered"), "1"));
        assertThat(admin.findElement(By.id("answers-form:answers-list")).getText()).contains(hanako).contains("×")
                .doesNotContain(hanakoEmail);
        assertThat(admin.findElement(By.id("answers-unanswered")).getText()).contains(ichiro).doesNotContain(hanako);
        assertThat(count(admin, "×")).isEqualTo("1");
        Browser.screenshot(admin, "answers-tally-1");

        // the member changes the answer to ○; the latest counts
        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("answer:choices:0:choice")));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer-done")));
        assertThat(phone.findElement(By.id("answer-current")).getText()).startsWith("○");
        Browser.waitFor(admin, Duration.ofSeconds(20)).until(d -> "1".equals(count(admin, "○")));
        assertThat(count(admin, "×")).isEqualTo("0");
        assertThat(admin.findElement(By.id("answers-answered")).getText()).isEqualTo("1");
        Browser.screenshot(admin, "answers-tally-2");

        // and the member reads the notice again in the archive, from the personal page, on the phone
        long hanakoId = Long.parseLong(ConsolePages.query("SELECT id FROM members WHERE network_id = ? AND email = '"
                + hanakoEmail + "'", network));
        phone.get(ConsolePages.personalLink(hanakoId));
        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("page-archive")));
        Browser.clickAndAwaitNewPage(phone, phone.findElements(By.cssSelector("#archive-list a.rk-archive__link"))
                .stream().filter(a -> a.getText().contains(subject)).findFirst().orElseThrow());
        assertThat(phone.findElement(By.id("archive-entry-subject")).getText()).isEqualTo(subject);
        assertThat(phone.findElement(By.id("archive-entry-text")).getText()).startsWith("会員 様")
                .contains("5月10日の遠足に参加されますか。").doesNotContain(hanako);
        Browser.screenshot(phone, "answers-archive-390");
    }

    /**
     * The count of the tally's row labelled {@code label}; read again when the page's poll replaced the table
     * while it was being read.
     */
    private static String count(ChromeDriver browser, String label) {
        for (int attempt = 1; ; attempt++) {
            try {
                for (var row : browser.findElements(By.cssSelector("[id='answers-form:answers-counts'] tbody tr"))) {
                    if (row.findElement(By.cssSelector(".rk-answers__label")).getText().equals(label)) {
                        return row.findElement(By.cssSelector(".rk-answers__count")).getText();
                    }
                }
                return null;
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
