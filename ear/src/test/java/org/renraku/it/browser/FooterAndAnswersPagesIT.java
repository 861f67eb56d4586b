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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * In the browser: the footer switch on the sending settings page (audited); a refused survey keeps the
 * editor filled and shows the refusal beside its field (aria-invalid, aria-describedby); the compose preview shows
 * the answer block and the footer the members will see; the member's mail ends with their short personal link,
 * which opens their page on a phone; a confirmation is answered with one 了解 button and the tally counts it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FooterAndAnswersPagesIT {

    private static final Pattern ANSWER = Pattern.compile("(http://\\S+/member/answer\\.xhtml\\?t=[0-9a-z-]+&c=0)");
    private static final Pattern FOOTER = Pattern.compile("(http://\\S+/p/\\d+\\.[A-Za-z0-9_-]{16})");

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
    void footerSwitchSurveyRefusalsPreviewAndTheOneButtonConfirmation() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", Fixtures.unique("ft-admin") + "@renraku.test");
        String tag = Fixtures.unique("t").substring(2, 8);
        String hanako = "佐藤 花子" + tag;
        String hanakoEmail = Fixtures.unique("ft-hanako") + "@docomo.ne.jp";
        ConsolePages.member(network, hanako, hanakoEmail, "ACTIVE", null, null);
        admin = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(admin, userId);

        // the sending settings page: the footer is on; turned off and on again, each change audited
        admin.findElement(By.id("nav-sending")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-footer")));
        WebElement box = admin.findElement(By.id("footer-form:footer"));
        assertThat(box.isSelected()).isTrue();
        assertThat(admin.findElement(By.cssSelector("label[for='footer-form:footer']")).getText())
                .contains("会員専用ページのリンク");
        Browser.screenshot(admin, "footer-sending-1280");
        admin.manage().window().setSize(new Dimension(390, 844));
        assertThat(Browser.outsideViewport(admin)).isEmpty();
        admin.executeScript("document.getElementById('sending-footer').scrollIntoView()");
        Browser.screenshot(admin, "footer-sending-390");
        admin.manage().window().setSize(new Dimension(1280, 1000));
        admin.findElement(By.cssSelector("label[for='footer-form:footer']")).click();
        Browser.clickAndAwaitNewPage(admin, admin.findElement(By.id("footer-form:save")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-footer")));
        assertThat(admin.findElement(By.id("footer-form:footer")).isSelected()).isFalse();
        assertThat(admin.findElement(By.id("messages")).getText()).contains("フッターを入れないようにしました");
        assertThat(ConsolePages.query("SELECT broadcast_footer FROM networks WHERE id = ?", network)).isEqualTo("0");
        admin.findElement(By.cssSelector("label[for='footer-form:footer']")).click();
        Browser.clickAndAwaitNewPage(admin, admin.findElement(By.id("footer-form:save")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sending-footer")));
        assertThat(admin.findElement(By.id("footer-form:footer")).isSelected()).isTrue();
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'BROADCAST_FOOTER_CHANGED'", network)).isEqualTo("2");

        // a survey refused: the editor stays filled, the refusal sits beside the question's choices
        admin.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form")));
        String subject = "明日の連絡 " + Fixtures.unique("s");
        admin.findElement(By.id("compose-form:subject")).sendKeys(subject);
        admin.findElement(By.id("compose-form:body")).sendKeys("{name} 様\n明日は遠足です。");
        admin.findElement(By.cssSelector("label[for='compose-form:answerKind:3']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:questions:0:questionText")));
        admin.findElement(By.id("compose-form:questions:0:questionText")).sendKeys("お弁当は要りますか");
        admin.findElement(By.id("compose-form:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:questions:0:questionChoicesError")));
        WebElement choices = admin.findElement(By.id("compose-form:questions:0:questionChoices"));
        String errorId = "compose-form:questions:0:questionChoicesError";
        assertThat(admin.findElement(By.id(errorId)).getText()).contains("質問1は選択式です");
        assertThat(choices.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(choices.getAttribute("aria-describedby")).isEqualTo(errorId);
        WebElement text = admin.findElement(By.id("compose-form:questions:0:questionText"));
        assertThat(text.getAttribute("value")).as("the editor stays filled").isEqualTo("お弁当は要りますか");
        assertThat(text.getAttribute("aria-invalid")).as("only the refused field").isNull();
        assertThat(admin.findElement(By.id("compose-form:subject")).getAttribute("value")).isEqualTo(subject);
        admin.executeScript("document.getElementById('compose-answer-heading').scrollIntoView()");
        Browser.screenshot(admin, "footer-survey-refused-1280");
        admin.manage().window().setSize(new Dimension(390, 844));
        admin.executeScript("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", errorId);
        Browser.screenshot(admin, "footer-survey-refused-390");
        admin.manage().window().setSize(new Dimension(1280, 1000));
        // fixed: the refusal goes away
        choices.sendKeys("はい\nいいえ");
        admin.findElement(By.id("compose-form:preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-below")));
        assertThat(admin.findElements(By.id(errorId))).isEmpty();
        assertThat(admin.findElement(By.id("preview-below")).getText()).contains("アンケートに答える");

        // a confirmation: the preview shows the block with 了解 and the footer with a sample link
        admin.findElement(By.cssSelector("label[for='compose-form:answerKind:1']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("compose-form:questions:0:questionText")));
        admin.findElement(By.id("compose-form:preview")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-below"), "確認のお願い"));
        String below = admin.findElement(By.id("preview-below")).getText();
        assertThat(below).contains("「了解」→").contains("/member/answer.xhtml?t=sample&c=0")
                .contains("あなた専用のページ").contains("/p/0.sample").contains("見本");
        assertThat(admin.findElement(By.id("preview-body")).getText()).startsWith(hanako + " 様");
        admin.executeScript("document.getElementById('compose-preview').scrollIntoView()");
        Browser.screenshot(admin, "footer-preview-1280");
        admin.manage().window().setSize(new Dimension(390, 844));
        assertThat(Browser.outsideViewport(admin)).isEmpty();
        admin.executeScript("document.getElementById('preview-below').scrollIntoView()");
        Browser.screenshot(admin, "footer-preview-390");
        admin.manage().window().setSize(new Dimension(1280, 1000));

        admin.findElement(By.id("compose-form:sendNow")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("compose-form:confirmYes"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("progress-form:progress")));
        Browser.waitFor(admin, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("sent"), "1"));

        // the member's mail: the footer's link opens their own page on the phone
        Mailbox.Mail mail = Mailbox.await(hanakoEmail, subject, 0, Duration.ofSeconds(60));
        Matcher footer = FOOTER.matcher(mail.text());
        assertThat(footer.find()).as(mail.text()).isTrue();
        assertThat(footer.group(1)).hasSizeLessThan(100);
        phone = Browser.start("ja");
        phone.manage().window().setSize(new Dimension(390, 844));
        phone.get(footer.group(1));
        WebDriverWait phoneWait = Browser.waitFor(phone, Duration.ofSeconds(20));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("page-email")));
        assertThat(phone.findElement(By.id("page-email")).getText()).isEqualTo(hanakoEmail);
        assertThat(phone.findElement(By.id("profile:name")).getAttribute("value")).isEqualTo(hanako);
        Browser.screenshot(phone, "footer-member-page-390");

        // one 了解 button answers the confirmation, and the tally counts it
        Matcher answer = ANSWER.matcher(mail.text());
        assertThat(answer.find()).as(mail.text()).isTrue();
        phone.get(answer.group(1));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer:confirm")));
        assertThat(phone.findElements(By.cssSelector("#answer input[type=submit], #answer button"))).hasSize(1);
        assertThat(phone.findElement(By.id("answer:confirm")).getAttribute("value")).isEqualTo("了解");
        Browser.screenshot(phone, "footer-confirm-390");
        Browser.clickAndAwaitNewPage(phone, phone.findElement(By.id("answer:confirm")));
        phoneWait.until(ExpectedConditions.presenceOfElementLocated(By.id("answer-done")));
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM answers WHERE network_id = ?", network)).isEqualTo("1");
        admin.findElement(By.id("progress-form:progress-answers")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("answers-answered")));
        Browser.waitFor(admin, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("answers-answered"), "1"));
    }
}
