package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
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

/**
 * A parent on a phone (390×844) opens the archive (バックナンバー) from their personal page, searches it and reads a
 * broadcast: placeholders show a neutral word instead of their name, a private broadcast with the same word is never
 * listed, the file is offered for download. The personal link is made here as the application makes it (the key
 * in {@code app_secrets}, first writer wins), as a mail would carry it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ArchivePagesIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aParentOpensTheArchiveFromTheirPageSearchesAndReadsABroadcastOnAPhone() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校 PTA");
        long member = member(network, "山田 花子");
        Instant t = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long sports = broadcast(network, "【重要】運動会の開催について",
                "{name}様\n\nいつもお世話になっております。\n10月12日（土）の運動会は予定どおり開催します。"
                        + "\n雨天の場合は翌日に延期します。\n\n持ち物：お弁当、水筒、敷物\n\nさくら小学校 PTA", true, t);
        attach(sports, "運動会のプログラム.pdf", "%PDF-1.4 program".getBytes(StandardCharsets.US_ASCII));
        broadcast(network, "運動会の役員打ち合わせ（役員のみ）", "非公開の連絡です", false, t.plus(1, ChronoUnit.DAYS));
        broadcast(network, "引き渡し訓練のお知らせ", "{name}様\n11月5日に引き渡し訓練を行います。", true,
                t.plus(2, ChronoUnit.DAYS));
        broadcast(network, "学級閉鎖のお知らせ", "インフルエンザのため3年2組は学級閉鎖です。", true, t.plus(3, ChronoUnit.DAYS));

        browser = Browser.start("ja");
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(ConsolePages.personalLink(member));
        assertThat(text("member-network")).isEqualTo("さくら小学校 PTA");
        Browser.screenshot(browser, "archive-member-page");

        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("page-archive")));
        assertThat(text("member-heading")).isEqualTo("バックナンバー");
        assertThat(text("archive-count")).contains("3件");
        List<String> subjects = browser.findElements(By.cssSelector("#archive-list .rk-archive__subject")).stream()
                .map(WebElement::getText).toList();
        assertThat(subjects).containsExactly("学級閉鎖のお知らせ", "引き渡し訓練のお知らせ", "【重要】運動会の開催について");
        assertThat(browser.getPageSource()).doesNotContain("役員打ち合わせ");
        assertThat(horizontalOverflow()).as("nothing wider than the phone").isFalse();
        Browser.screenshot(browser, "archive-list");

        WebElement q = browser.findElement(By.id("archive-q"));
        q.sendKeys("運動会");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("archive-search-submit")));
        assertThat(text("archive-count")).contains("「運動会」を含む配信 1件");
        assertThat(browser.findElement(By.id("archive-q")).getAttribute("value")).isEqualTo("運動会");
        List<WebElement> found = browser.findElements(By.cssSelector("#archive-list a.rk-archive__link"));
        assertThat(found).singleElement().satisfies(a -> assertThat(a.getText()).contains("【重要】運動会の開催について")
                .contains("添付ファイルあり"));
        Browser.screenshot(browser, "archive-search");

        Browser.clickAndAwaitNewPage(browser, found.get(0));
        assertThat(text("archive-entry-subject")).isEqualTo("【重要】運動会の開催について");
        assertThat(text("archive-entry-text")).startsWith("会員様").contains("雨天の場合は翌日に延期します。")
                .doesNotContain("山田").doesNotContain("{name}");
        WebElement file = browser.findElement(By.cssSelector("#archive-files a"));
        assertThat(file.getText()).isEqualTo("運動会のプログラム.pdf");
        assertThat(file.getAttribute("href")).contains("/member/archive-file?m=" + member);
        assertThat(horizontalOverflow()).isFalse();
        Browser.screenshot(browser, "archive-entry");

        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("archive-back")));
        assertThat(browser.findElement(By.id("archive-q")).getAttribute("value")).as("back to the search")
                .isEqualTo("運動会");

        browser.get(Browser.BASE_URL + "/member/archive.xhtml?m=" + member + "&s=forged");
        assertThat(text("archive-invalid")).contains("このリンクは使えません");
    }

    @Test
    void theAdminSetsTheDefaultCopiesAndRenewsTheFeedAddressAndMarksABroadcastPublic() throws Exception {
        long network = TestDatabase.newNetwork("みなみ中学校 保護者会");
        String userId = TestDatabase.newAdmin(network, "高橋 恵", Fixtures.unique("archive") + "@renraku.test");
        long sent = broadcast(network, "保護者会のお知らせ", "{name}様\n保護者会を開きます。", false,
                Instant.now().minus(2, ChronoUnit.DAYS));

        browser = Browser.start("ja");
        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-join")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("archive-settings")));
        assertThat(browser.findElement(By.id("archive-settings-form:publicByDefault")).isSelected())
                .as("off until the admin says otherwise").isFalse();
        String feed = text("archive-feed-url");
        assertThat(feed).matches(Pattern.quote(Browser.BASE_URL) + "/feed/" + network + "-[a-z2-7]{16}\\.atom");
        browser.findElement(By.cssSelector("label[for='archive-settings-form:publicByDefault']")).click();
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("archive-settings-form:save")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("archive-settings")));
        assertThat(text("messages")).contains("バックナンバーの設定を保存しました");
        assertThat(browser.findElement(By.id("archive-settings-form:publicByDefault")).isSelected()).isTrue();
        assertThat(ConsolePages.query("SELECT archive_default FROM networks WHERE id = ?", network)).isEqualTo("1");

        browser.findElement(By.id("copy-archive-feed")).click();
        wait.until(d -> "コピーしました".equals(d.findElement(By.id("copy-archive-feed")).getText())
                || feed.equals(((ChromeDriver) d).executeScript("return window.getSelection().toString().trim()")));
        browser.executeScript("document.getElementById('archive-settings').scrollIntoView()");
        Browser.screenshot(browser, "archive-console-settings");
        browser.findElement(By.id("archive-feed-form:rotate")).click();
        Browser.clickAndAwaitNewPage(browser,
                wait.until(ExpectedConditions.elementToBeClickable(By.id("posting-form:confirmYes"))));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("archive-feed-url")));
        assertThat(text("messages")).contains("フィードのアドレスを作り直しました");
        assertThat(text("archive-feed-url")).isNotEqualTo(feed);

        browser.findElement(By.id("nav-compose")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("compose-form:archivePublic")));
        assertThat(browser.findElement(By.id("compose-form:archivePublic")).isSelected())
                .as("a new broadcast starts with the network's default").isTrue();

        browser.findElement(By.id("nav-broadcasts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        assertThat(browser.findElements(By.cssSelector("#broadcast-history [id$=':archived']"))).isEmpty();
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.linkText("保護者会のお知らせ")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("archive-form:archive-public")));
        assertThat(text("archive-form:archive-public")).isEqualTo("非公開");
        browser.findElement(By.id("archive-form:archive-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("archive-form:archive-public"), "公開中"));
        assertThat(text("archive-form:archive-toggle")).isEqualTo("非公開にする");
        assertThat(ConsolePages.query("SELECT archived FROM broadcasts WHERE id = ?", sent)).isEqualTo("1");
        browser.executeScript("document.getElementById('archive-form').scrollIntoView()");
        Browser.screenshot(browser, "archive-console-progress");
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ? AND kind IN"
                + " ('ARCHIVE_DEFAULT_CHANGED', 'ARCHIVE_FEED_ROTATED', 'BROADCAST_ARCHIVE_CHANGED')", network))
                .isEqualTo("3");

        browser.findElement(By.id("nav-broadcasts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("broadcast-history")));
        assertThat(browser.findElements(By.cssSelector("#broadcast-history [id$=':archived']"))).hasSize(1);
        Browser.screenshot(browser, "archive-console-history");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private boolean horizontalOverflow() {
        return (Boolean) browser.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    private static long member(long network, String name) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'DOCOMO', 'ACTIVE', NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, "archive-" + UUID.randomUUID().toString().substring(0, 8) + "@docomo.ne.jp");
            s.setString(3, name);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A sent broadcast, public or not, as the sending job leaves it. */
    private static long broadcast(long network, String subject, String text, boolean isPublic, Instant sentAt)
            throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcasts (network_id, subject, body_text, status, started_at, finished_at, archived,"
                        + " created_at, updated_at) VALUES (?, ?, ?, 'SENT', ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, subject);
            s.setString(3, text);
            s.setTimestamp(4, Timestamp.from(sentAt));
            s.setTimestamp(5, Timestamp.from(sentAt.plusSeconds(120)));
            s.setBoolean(6, isPublic);
            s.setTimestamp(7, Timestamp.from(sentAt.minusSeconds(600)));
            s.setTimestamp(8, Timestamp.from(sentAt));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void attach(long broadcast, String name, byte[] content) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO broadcast_attachments (broadcast_id, file_name, content_type, size_bytes, content, position,"
                        + " created_at) VALUES (?, ?, 'application/pdf', ?, ?, 0, NOW(3))")) {
            s.setLong(1, broadcast);
            s.setString(2, name);
            s.setInt(3, content.length);
            s.setBytes(4, content);
            s.executeUpdate();
        }
    }
}
