package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import org.renraku.it.Mailbox;

/**
 * 配信停止リスト: admins can undo what mail did. The page lists every suppression of the network with
 * its member and source; the admin lifts a hard bounce (at once: the member is ACTIVE again) and a complaint
 * (the member is mailed a confirmation link and only their click on its button resumes mail), each with a
 * mandatory reason, and the audit page shows both lifts and the member's confirmation.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SuppressionsPageIT {

    private ChromeDriver browser;
    private ChromeDriver memberBrowser;

    @AfterEach
    void closeBrowsers() {
        if (browser != null) {
            browser.quit();
        }
        if (memberBrowser != null) {
            memberBrowser.quit();
        }
    }

    @Test
    void adminLiftsAHardBounceAtOnceAndAComplaintOnlyWithTheMembersConfirmation() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校 PTA");
        String userId = TestDatabase.newAdmin(network, "停止 管理者", "suppressions-admin@renraku.test");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String hardEmail = "taro" + tag + "@example.jp";
        String complainEmail = "hana" + tag + "@renraku.test";
        String leftEmail = "jiro" + tag + "@example.jp";
        long hard = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + hardEmail + "', '宛先不明 太郎', 'OTHER', 'SUSPENDED', NOW(3), NOW(3))");
        long complainer = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + complainEmail + "', '苦情 花子', 'OTHER', 'LEFT', NOW(3), NOW(3))");
        long left = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + leftEmail + "', '停止 次郎', 'OTHER', 'LEFT', NOW(3), NOW(3))");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (" + network + ", '運動会のお知らせ', '本文', 'SENT', NOW(3), NOW(3))");
        long hardEvent = insert("INSERT INTO bounce_events (network_id, member_id, email, kind, reason, source, status_code,"
                + " diagnostic, outcome, occurred_at) VALUES (" + network + ", " + hard + ", '" + hardEmail + "', 'HARD',"
                + " 'userunknown', 'DSN', '5.1.1', '550 5.1.1 User unknown in virtual mailbox table', 'SUSPENDED',"
                + " NOW(3) - INTERVAL 3 HOUR)");
        long complaintEvent = insert("INSERT INTO bounce_events (network_id, member_id, email, kind, reason, source,"
                + " outcome, occurred_at) VALUES (" + network + ", " + complainer + ", '" + complainEmail + "',"
                + " 'COMPLAINT', 'feedback', 'ARF', 'UNSUBSCRIBED', NOW(3) - INTERVAL 2 HOUR)");
        exec("INSERT INTO suppressions (network_id, email, reason, source, source_bounce_event_id, created_at) VALUES ("
                + network + ", '" + hardEmail + "', 'HARD_BOUNCE', 'BOUNCE', " + hardEvent + ", NOW(3) - INTERVAL 3 HOUR)");
        exec("INSERT INTO suppressions (network_id, email, reason, source, source_bounce_event_id, created_at) VALUES ("
                + network + ", '" + complainEmail + "', 'COMPLAINT', 'BOUNCE', " + complaintEvent
                + ", NOW(3) - INTERVAL 2 HOUR)");
        exec("INSERT INTO suppressions (network_id, email, reason, source, source_broadcast_id, created_at) VALUES ("
                + network + ", '" + leftEmail + "', 'UNSUBSCRIBED', 'UNSUBSCRIBE', " + broadcast
                + ", NOW(3) - INTERVAL 1 HOUR)");
        exec("INSERT INTO suppressions (network_id, email, reason, source, source_actor, created_at) VALUES ("
                + network + ", 'old" + tag + "@example.jp', 'MANUAL', 'ADMIN', '" + userId + "', NOW(3))");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-suppressions")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("suppressions:list")));
        assertThat(browser.findElement(By.id("page-heading")).getText()).isEqualTo("配信停止リスト");

        // every suppression, newest first, with its member (masked address) and source
        List<WebElement> rows = rows();
        assertThat(rows).hasSize(4);
        assertThat(text(rows.get(0), ".rk-suppression__name")).isEqualTo("(会員ではありません)");
        assertThat(text(rows.get(0), ".rk-suppression__source")).isEqualTo("管理者 " + userId);
        assertThat(text(rows.get(1), ".rk-suppression__name")).isEqualTo("停止 次郎");
        assertThat(text(rows.get(1), ".rk-suppression__reason")).isEqualTo("配信停止の申し込み");
        assertThat(text(rows.get(1), ".rk-suppression__source")).isEqualTo("ワンクリック配信停止(「運動会のお知らせ」のリンク)");
        assertThat(text(rows.get(2), ".rk-suppression__name")).isEqualTo("苦情 花子");
        assertThat(text(rows.get(2), ".rk-suppression__reason")).isEqualTo("迷惑メール報告");
        assertThat(text(rows.get(2), ".rk-suppression__source")).isEqualTo("迷惑メール報告(ARF、feedback)");
        assertThat(text(rows.get(3), ".rk-suppression__name")).isEqualTo("宛先不明 太郎");
        assertThat(text(rows.get(3), ".rk-member__email")).isEqualTo("ta***@example.jp");
        assertThat(text(rows.get(3), ".rk-suppression__source")).isEqualTo("エラーメール(ステータス 5.1.1、userunknown)");
        assertThat(text(rows.get(3), ".rk-suppression__diagnostic")).contains("User unknown");
        assertThat(browser.findElement(By.id("suppressions:list")).getText()).doesNotContain(tag);
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")).isFalse();
        Browser.screenshot(browser, "console-suppressions");

        // the hard bounce: a reason is required, then it goes at once and the member receives mail again
        lift(wait, 3);
        assertThat(browser.findElement(By.id("lift-form")).getText()).contains("すぐに解除します");
        browser.findElement(By.id("lift-form:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lift-form"), "解除する理由を入力してください"));
        assertThat(one("SELECT COUNT(*) FROM suppressions WHERE network_id = " + network)).isEqualTo("4");
        browser.findElement(By.id("lift-form:reason")).sendKeys("アドレスが直ったと保護者から連絡あり");
        browser.findElement(By.id("lift-form:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "配信停止を解除しました"));
        wait.until(d -> rows().size() == 3);
        assertThat(one("SELECT status FROM members WHERE id = " + hard)).isEqualTo("ACTIVE");
        assertThat(one("SELECT COUNT(*) FROM suppressions WHERE network_id = " + network + " AND email = '" + hardEmail
                + "'")).isEqualTo("0");
        assertThat(one("SELECT detail FROM audit_events WHERE network_id = " + network + " AND kind = 'SUPPRESSION_LIFTED'"
                + " AND actor = '" + userId + "'")).isEqualTo("HARD_BOUNCE: アドレスが直ったと保護者から連絡あり");

        // the complaint: the member is asked; nothing resumes until they confirm
        lift(wait, 2);
        assertThat(browser.findElement(By.id("lift-form")).getText()).contains("会員に確認メールを送り");
        browser.findElement(By.id("lift-form:reason")).sendKeys("誤って報告したと本人から電話あり");
        browser.findElement(By.id("lift-form:submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "確認メールを送りました"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("suppressions:list"), "会員の確認待ち"));
        assertThat(one("SELECT status FROM members WHERE id = " + complainer)).isEqualTo("LEFT");
        assertThat(one("SELECT COUNT(*) FROM suppressions WHERE email = '" + complainEmail + "'")).isEqualTo("1");
        Browser.screenshot(browser, "console-suppressions-waiting");

        // the audit page shows both lifts with their reasons
        browser.findElement(By.id("nav-audit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit:events")));
        String audit = browser.findElement(By.id("audit:events")).getText();
        assertThat(audit).contains("配信停止の解除").contains("HARD_BOUNCE: アドレスが直ったと保護者から連絡あり")
                .contains("COMPLAINT: 誤って報告したと本人から電話あり").contains("宛先不明 太郎").contains("苦情 花子");

        // the member's mail: opening the link changes nothing (mail scanners fetch links); the button does
        Mailbox.Mail mail = Mailbox.await(complainEmail, "配信再開の確認");
        assertThat(mail.text()).contains("苦情 花子", "さくら小学校 PTA");
        String token = mail.token("/member/confirm-lift.xhtml");
        // on the member's own phone
        memberBrowser = Browser.start("ja");
        WebDriverWait memberWait = Browser.waitFor(memberBrowser, java.time.Duration.ofSeconds(20));
        memberBrowser.manage().window().setSize(new Dimension(375, 812));
        memberBrowser.get(Browser.BASE_URL + "/member/confirm-lift.xhtml?token=" + token);
        memberWait.until(ExpectedConditions.presenceOfElementLocated(By.id("lift:submit")));
        assertThat(memberBrowser.findElement(By.id("lift-network")).getText()).contains("さくら小学校 PTA");
        assertThat(one("SELECT status FROM members WHERE id = " + complainer)).isEqualTo("LEFT");
        Browser.screenshot(memberBrowser, "member-confirm-lift");
        Browser.clickAndAwaitNewPage(memberBrowser, memberBrowser.findElement(By.id("lift:submit")));
        memberWait.until(ExpectedConditions.presenceOfElementLocated(By.id("lift-done")));
        assertThat(one("SELECT status FROM members WHERE id = " + complainer)).isEqualTo("ACTIVE");
        assertThat(one("SELECT COUNT(*) FROM suppressions WHERE email = '" + complainEmail + "'")).isEqualTo("0");
        assertThat(one("SELECT CONCAT(actor, ' ', subject) FROM audit_events WHERE network_id = " + network
                + " AND kind = 'SUPPRESSION_LIFT_CONFIRMED'")).isEqualTo("member 苦情 花子 (#" + complainer + ")");
        // the link is single-use
        memberBrowser.get(Browser.BASE_URL + "/member/confirm-lift.xhtml?token=" + token);
        memberWait.until(ExpectedConditions.presenceOfElementLocated(By.id("lift-invalid")));
        // the unsubscribed member is untouched
        assertThat(one("SELECT status FROM members WHERE id = " + left)).isEqualTo("LEFT");

        // the admin's audit page, read again, shows the member's confirmation
        browser.findElement(By.id("nav-audit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit:events"), "会員による配信再開の確認"));

        // the page on a phone: no sideways scroll
        browser.findElement(By.id("nav-suppressions")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("suppressions:list")));
        assertThat(rows()).hasSize(2);
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("page-heading")));
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")).isFalse();
        Browser.screenshot(browser, "console-suppressions-phone");
        browser.findElements(By.cssSelector("[id='suppressions:list'] [id$=':lift']")).get(0).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lift-form:reason")));
        assertThat((Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")).isFalse();
        Browser.screenshot(browser, "console-suppressions-phone-dialog");
    }

    /** Opens the lift dialog of the row at {@code index}. */
    private void lift(WebDriverWait wait, int index) {
        rows().get(index).findElement(By.cssSelector("[id$=':lift']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lift-form:reason")));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[id='suppressions:list'] tbody tr[data-ri]"));
    }

    private static String text(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText();
    }

    private static long insert(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql,
                Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String one(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
