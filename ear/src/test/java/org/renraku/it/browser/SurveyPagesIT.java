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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * The survey (アンケート) in the browser: the admin composes a survey of three questions (one choice,
 * required; several choices; free text) and sends it; a member opens the personal link of the mail on a 390 px
 * phone, is refused without the required answer, answers all three and sees their answers; the admin's tally shows
 * the counts per choice and the free text with the member's name.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SurveyPagesIT {

    private static final Pattern LINK = Pattern.compile("(http://\\S+/member/answer\\.xhtml\\?t=[0-9a-z-]+&c=0)");

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
    void anAdminComposesASurveyAMemberAnswersOnAPhoneAndTheTallyShowsIt() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String adminEmail = Fixtures.unique("survey-admin") + "@renraku.test";
        String userId = TestDatabase.newAdmin(network, "山田 花子", adminEmail);
        String tag = Fixtures.unique("t").substring(2, 8);
        String hanako = "佐藤 花子" + tag;
        String ichiro = "鈴木 一郎" + tag;
        String hanakoEmail = Fixtures.unique("sv-hanako") + "@docomo.ne.jp";
        ConsolePages.member(network, hanako, hanakoEmail, "ACTIVE", null, null);
        ConsolePages.member(network, ichiro, Fixtures.unique("sv-ichiro") + "@gmail.com", "ACTIVE", null, null);

        // the admin composes a survey of three questions
        admin = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(admin, userId);
        admin.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        String subject = "運動会アンケート " + Fixtures.unique("s");
        admin.findElement(By.id("compose-form:subject")).sendKeys(subject);
        admin.findElement(By.id("compose-form:body")).sendKeys("{name} 様\n運動会についてお聞かせください。");
        admin.findElement(By.cssSelector("label[for='compose-form:answerKind:3']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:questions:0:questionText")));
        assertThat(admin.findElement(By.id("compose-form:survey")).getText()).contains("キーワード");
        admin.findElement(By.id("compose-form:questions:0:questionText")).sendKeys("運動会に参加しますか");
        admin.findElement(By.id("compose-form:questions:0:questionChoices")).sendKeys("参加\n不参加");
        admin.findElement(By.id("compose-form:questions:0:questionRequired")).click();
        admin.findElement(By.id("compose-form:addQuestion")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:questions:1:questionText")));
        admin.findElement(By.id("compose-form:questions:1:questionText")).sendKeys("お手伝いできる係");
        new Select(admin.findElement(By.id("compose-form:questions:1:questionKind"))).selectByValue("MULTIPLE");
        admin.findElement(By.id("compose-form:questions:1:questionChoices")).sendKeys("受付\n片付け\n撮影");
        admin.findElement(By.id("compose-form:addQuestion")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:questions:2:questionText")));
        admin.findElement(By.id("compose-form:questions:2:questionText")).sendKeys("ご意見");
        new Select(admin.findElement(By.id("compose-form:questions:2:questionKind"))).selectByValue("TEXT");
        assertThat(admin.findElement(By.id("compose-form:questions:0:questionText")).getAttribute("value"))
                .as("kept over the ajax add").isEqualTo("運動会に参加しますか");
        admin.executeScript("document.getElementById('compose-answer-heading').scrollIntoView()");
        Browser.screenshot(admin, "survey-compose");
        admin.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
        Browser.waitFor(admin, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("sent"), "2"));
        assertThat(ConsolePages.query("SELECT answer_kind FROM broadcasts WHERE network_id = ? ORDER BY id DESC LIMIT 1",
                network)).isEqualTo("SURVEY");

        admin.findElement(By.id("progress-form:progress-answers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answers-form:answers-tally")));
        assertThat(admin.findElement(By.id("answers-answered")).getText()).isEqualTo("0");

        // the member opens the survey link of the mail on a phone
        Mailbox.Mail mail = Mailbox.await(hanakoEmail, subject, 0, Duration.ofSeconds(60));
        Matcher link = LINK.matcher(mail.text());
        assertThat(link.find()).as(mail.text()).isTrue();
        phone = Browser.start("ja");
        phone.manage().window().setSize(new Dimension(390, 844));
        phone.get(link.group(1));
        WebDriverWait phoneWait = Browser.waitFor(phone, Duration.ofSeconds(20));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("survey")));
        assertThat(phone.findElement(By.id("answer-subject")).getText()).isEqualTo(subject);
        assertThat(phone.findElement(By.id("survey")).getText()).contains("運動会に参加しますか")
                .contains("お手伝いできる係").contains("ご意見").contains("(必須)");
        assertThat(phone.getPageSource()).doesNotContain(ichiro);
        Browser.screenshot(phone, "survey-member-390");

        // without the required answer: refused with a message, nothing recorded
        phone.findElement(By.id("survey:fields:2:text")).sendKeys("雨天の場合は？");
        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("survey:submit")));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("survey")));
        assertThat(phone.findElement(By.id("messages")).getText()).contains("質問1は必須です");
        assertThat(phone.findElement(By.id("survey:fields:2:text")).getAttribute("value")).isEqualTo("雨天の場合は？");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM answers WHERE network_id = ?", network)).isEqualTo("0");
        Browser.screenshot(phone, "survey-member-390-required");

        phone.findElement(By.cssSelector("label[for='survey:fields:0:single:0']")).click();
        phone.findElement(By.cssSelector("label[for='survey:fields:1:many:0']")).click();
        phone.findElement(By.cssSelector("label[for='survey:fields:1:many:2']")).click();
        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("survey:submit")));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer-done")));
        assertThat(phone.findElement(By.id("survey-current")).getText()).contains("参加").contains("受付 / 撮影")
                .contains("雨天の場合は？");
        Browser.screenshot(phone, "survey-member-390-done");

        // the admin's tally shows it by its poll
        Browser.waitFor(admin, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("answers-answered"), "1"));
        assertThat(count(admin, 0, "参加")).isEqualTo("1");
        assertThat(count(admin, 0, "不参加")).isEqualTo("0");
        assertThat(count(admin, 1, "受付")).isEqualTo("1");
        assertThat(count(admin, 1, "片付け")).isEqualTo("0");
        assertThat(count(admin, 1, "撮影")).isEqualTo("1");
        assertThat(admin.findElement(By.id("answers-form:survey:2:texts")).getText()).contains(hanako)
                .contains("雨天の場合は？");
        assertThat(admin.findElement(By.id("answers-unanswered")).getText()).contains(ichiro).doesNotContain(hanako);
        admin.executeScript("document.getElementById('answers-form:survey:0:counts').scrollIntoView()");
        Browser.screenshot(admin, "survey-tally");
    }

    /** The count of question {@code question}'s row labelled {@code label}. */
    private static String count(ChromeDriver browser, int question, String label) {
        for (var row : browser.findElements(By.cssSelector("[id='answers-form:survey:" + question
                + ":counts'] tbody tr"))) {
            if (row.findElement(By.cssSelector(".rk-answers__label")).getText().equals(label)) {
                return row.findElement(By.cssSelector(".rk-answers__count")).getText();
            }
        }
        return null;
    }
}
