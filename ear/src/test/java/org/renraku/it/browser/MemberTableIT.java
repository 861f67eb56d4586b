package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin opens the member table from the console navigation, filters by name and sees the member with a
 * masked address and a carrier mark.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MemberTableIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void adminFiltersByNameAndSeesAMaskedAddressAndACarrierMark() throws Exception {
        long network = TestDatabase.newNetwork("ひまわり小学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-members@renraku.test");
        member(network, "髙橋 太郎", "taro.yamada@docomo.ne.jp", "DOCOMO", "ACTIVE");
        member(network, "高橋 花子", "hanako.t@gmail.com", "GMAIL", "ACTIVE");
        member(network, "佐藤 次郎", "jiro@ezweb.ne.jp", "AU", "SUSPENDED");
        member(network, "鈴木 三郎", "saburo@i.softbank.jp", "SOFTBANK", "ACTIVE");
        member(network, "田中 美咲", "misaki@icloud.com", "ICLOUD", "ACTIVE");
        member(network, "伊藤 健", "ken@example.org", "OTHER", "LEFT");

        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        assertThat(rows()).hasSize(6);

        browser.findElement(By.id("members-filter:name")).sendKeys("髙橋");
        browser.findElement(By.id("members-filter:apply")).click();
        wait.until(d -> rows().size() == 1);
        WebElement row = rows().get(0);
        assertThat(row.getText()).contains("髙橋 太郎");
        assertThat(row.findElement(By.cssSelector(".rk-member__email")).getText()).isEqualTo("ta***@docomo.ne.jp");
        assertThat(row.findElement(By.cssSelector(".rk-carrier")).getText()).isEqualTo("docomo");
        assertThat(row.findElement(By.cssSelector(".rk-carrier")).getAttribute("class")).contains("rk-carrier--docomo");

        browser.findElement(By.id("members-filter:clear")).click();
        wait.until(d -> rows().size() == 6);
        Browser.screenshot(browser, "member-table");

    }

    @Test
    void csvImportPreviewsEveryLineAndImportsOnlyTheValidOnesWhenAsked() throws Exception {
        long network = TestDatabase.newNetwork("あさがお中学校PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", "hanako-import@renraku.test");
        member(network, "髙橋 太郎", "taro.yamada@docomo.ne.jp", "DOCOMO", "ACTIVE");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, choices, required, admin_only, position,"
                        + " created_at) VALUES (?, '学年', 'SINGLE', '1年\n2年\n3年', TRUE, FALSE, 1, NOW(3))")) {
            s.setLong(1, network);
            s.executeUpdate();
        }
        browser = Browser.start("ja");
        WebDriverWait wait = ConsoleLogin.as(browser, userId);
        // a protected view: reached through the member table's link, which carries the token
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members-addresses:import"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-upload")));

        Path csv = Files.createTempFile("members", ".csv");
        Files.write(csv, ("名前,メールアドレス,学年\r\n山﨑 一郎,ichiro@docomo.ne.jp,1年\r\n,nobody@au.com,2年\r\n"
                + "髙橋 太郎,taro.yamada@docomo.ne.jp,3年\r\n佐藤 花子,hanako@ezweb.ne.jp,4年\r\n"
                + "鈴木 次郎,jiro@i.softbank.jp,\r\n").getBytes(Charset.forName("Windows-31J")));
        browser.findElement(By.cssSelector("input[type='file']")).sendKeys(csv.toString());
        browser.findElement(By.id("import-upload:submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-confirm")));
        String preview = browser.findElement(By.id("import-preview")).getText();
        assertThat(preview).contains("登録できる行 1件、エラーの行 4件").contains("山﨑 一郎").contains("学年: 1年")
                .contains("名前がありません").contains("すでに登録されている会員です")
                .contains("「学年」の「4年」は選択肢にありません(選択肢: 1年、2年、3年)")
                .contains("「学年」がありません(必須の項目です)");
        assertThat(browser.findElements(By.cssSelector("[id='problems'] tbody tr")))
                .extracting(WebElement::getText)
                .satisfiesExactly(
                        r -> assertThat(r).startsWith("3"), r -> assertThat(r).startsWith("4"),
                        r -> assertThat(r).startsWith("5"), r -> assertThat(r).startsWith("6"));
        Browser.screenshot(browser, "member-import");

        // with refused lines and without 「正しい行だけ取り込む」 nothing changes
        browser.findElement(By.id("import-confirm:confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "何も取り込んでいません"));
        assertThat(memberCount(network)).isEqualTo(1);

        browser.findElement(By.cssSelector("[id='import-confirm:onlyValid'] .ui-chkbox-box")).click();
        browser.findElement(By.id("import-confirm:confirm")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        assertThat(browser.findElement(By.id("messages")).getText()).contains("1人を取り込みました");
        assertThat(rows()).hasSize(2);
        assertThat(memberCount(network)).isEqualTo(2);
    }

    private static long memberCount(long network) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM members WHERE network_id = ?")) {
            s.setLong(1, network);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[id='members:list'] tbody tr[data-ri]"));
    }

    private static void member(long network, String name, String email, String carrier, String status) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, NOW(3), NOW(3))")) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, status);
            s.executeUpdate();
        }
    }
}
