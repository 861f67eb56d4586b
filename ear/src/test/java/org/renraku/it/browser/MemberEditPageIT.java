package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
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

/**
 * The admin opens a member's edit page from the member table (「編集」), corrects the name and the class,
 * writes a 役員メモ, saves and sees it; an empty name is refused beside the field. Then a CSV file in the mode
 * 「既存の会員を更新する」 shows per line what would change before anything does. Screenshots of both pages at
 * 1280 and 390 px; no sideways scrolling, no serious axe finding.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MemberEditPageIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminEditsAMemberFromTheTableAndPreviewsACsvUpdate() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-edit@renraku.test");
        long klass;
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, choices, required, admin_only, position,"
                        + " created_at) VALUES (?, 'クラス', 'SINGLE', '1組\\n2組\\n3組', TRUE, FALSE, 1, NOW(3))",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                klass = keys.getLong(1);
            }
        }
        String taro = "taro-" + network + "@docomo.ne.jp";
        member(network, "髙橋 太朗", taro, "DOCOMO", "{\"" + klass + "\": \"1組\"}");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list:0:edit")));
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("members:list:0:edit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("member-edit:name")));
        assertThat(browser.findElement(By.id("page-heading")).getText()).isEqualTo("会員の編集");
        assertThat(browser.findElement(By.id("member-edit-email")).getText()).isEqualTo(taro);

        // axe on the page as it opens (after a save the template's p:messages list carries PrimeFaces's own
        // role=alert items, which axe reports for every console page alike)
        SoftAssertions layout = new SoftAssertions();
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 1280 px").isEmpty();

        WebElement name = browser.findElement(By.id("member-edit:name"));
        name.clear();
        name.sendKeys("髙橋 太郎");
        new Select(browser.findElement(By.id("member-edit:attributes:0:single"))).selectByVisibleText("2組");
        browser.findElement(By.id("member-edit:memo")).sendKeys("兄が3年2組");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("member-edit:save")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "保存しました"));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("髙橋 太郎").contains("クラス");
        assertThat(browser.findElement(By.id("member-edit:name")).getAttribute("value")).isEqualTo("髙橋 太郎");
        assertThat(new Select(browser.findElement(By.id("member-edit:attributes:0:single")))
                .getFirstSelectedOption().getText()).isEqualTo("2組");
        assertThat(browser.findElement(By.id("member-edit:memo")).getAttribute("value")).isEqualTo("兄が3年2組");

        Browser.fullPageScreenshot(browser, "member-edit-1280");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 1280 px").isEmpty();

        // an empty name: refused beside the field, the rest kept as typed
        browser.findElement(By.id("member-edit:name")).clear();
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("member-edit:save")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("member-edit:nameMessage")));
        assertThat(browser.findElement(By.id("member-edit:nameMessage")).getText()).contains("お名前を入力してください。");
        assertThat(memberName(network, taro)).isEqualTo("髙橋 太郎");

        browser.manage().window().setSize(new Dimension(390, 844));
        Browser.fullPageScreenshot(browser, "member-edit-390");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 390 px").isEmpty();
        layout.assertThat(browser.findElement(By.id("member-edit:save")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("member-edit:carrier")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // back in the table: the new name
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("member-edit:back")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        assertThat(browser.findElement(By.id("members:list")).getText()).contains("髙橋 太郎");

        // the CSV update: the preview says what each line would do
        member(network, "山﨑 花子", "hanako-" + network + "@gmail.com", "GMAIL", "{\"" + klass + "\": \"3組\"}");
        browser.findElement(By.id("members-addresses:import")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-upload")));
        Path csv = Files.createTempFile("members-update", ".csv");
        Files.write(csv, ("\uFEFF名前,メールアドレス,クラス\r\n"
                + "髙橋 太郎," + taro + ",1組\r\n"
                + ",hanako-" + network + "@gmail.com,\r\n"
                + "佐藤 一郎,ichiro-" + network + "@ezweb.ne.jp,2組\r\n"
                + "鈴木 次郎,jiro-" + network + "@i.softbank.jp,5組\r\n").getBytes(StandardCharsets.UTF_8));
        browser.findElement(By.cssSelector("input[type='file']")).sendKeys(csv.toString());
        browser.findElement(By.cssSelector("[id='import-upload:updating'] .ui-chkbox-box")).click();
        browser.findElement(By.id("import-upload:submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("plan-confirm")));
        assertThat(browser.findElement(By.id("plan-summary")).getText())
                .contains("追加 1件・更新 1件・変更なし 1件・取り込めない行 1件");
        List<String> rows = new ArrayList<>();
        browser.findElements(By.cssSelector("[id='rows'] tbody tr")).forEach(r -> rows.add(r.getText()));
        assertThat(rows).satisfiesExactly(
                r -> assertThat(r).contains("更新").contains("クラス: 2組 → 1組"),
                r -> assertThat(r).contains("変更なし").contains("山﨑 花子"),
                r -> assertThat(r).contains("追加").contains("佐藤 一郎"),
                r -> assertThat(r).contains("取り込めません").contains("「クラス」の「5組」は選択肢にありません"));
        assertThat(memberName(network, "ichiro-" + network + "@ezweb.ne.jp")).isNull(); // nothing yet
        Browser.fullPageScreenshot(browser, "member-import-update-1280");
        layout.assertThat(Browser.outsideViewport(browser)).as("import preview: sideways scrolling at 1280 px").isEmpty();
        browser.manage().window().setSize(new Dimension(390, 844));
        Browser.fullPageScreenshot(browser, "member-import-update-390");
        layout.assertThat(Browser.outsideViewport(browser)).as("import preview: sideways scrolling at 390 px").isEmpty();
        browser.manage().window().setSize(new Dimension(1280, 1000));

        browser.findElement(By.cssSelector("[id='plan-confirm:onlyValid'] .ui-chkbox-box")).click();
        browser.findElement(By.id("plan-confirm:confirm")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("追加 1件・更新 1件を反映しました");
        assertThat(memberName(network, "ichiro-" + network + "@ezweb.ne.jp")).isEqualTo("佐藤 一郎");
        layout.assertAll();
    }

    private static String memberName(long network, String email) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT name FROM members WHERE network_id = ? AND email = ?")) {
            s.setLong(1, network);
            s.setString(2, email);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static void member(long network, String name, String email, String carrier, String attributes)
            throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'ACTIVE', ?, NOW(3), NOW(3))")) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, attributes);
            s.executeUpdate();
        }
    }
}
