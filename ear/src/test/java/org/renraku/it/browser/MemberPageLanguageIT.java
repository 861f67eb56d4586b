package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
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
import org.renraku.it.Mailbox;
import org.renraku.members.control.MemberMails;

/**
 * Member pages follow the member's language: a parent picks English on their own page, the page turns
 * English at once, mail from then on is English, and the personal link opened in another browser (one asking for
 * Japanese) shows English too — until the visitor presses the language switch, which wins for their session.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MemberPageLanguageIT {

    private static final Path WEB_BUNDLES = Path.of("../web/src/main/resources/org/renraku/web/i18n");

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMemberWhoChoseEnglishGetsTheirPagesAndMailInEnglishUntilTheVisitorPressesTheSwitch() throws Exception {
        Properties ja = bundle("messages_ja");
        Properties en = bundle("messages_en");
        String networkName = "Maple School PTA " + UUID.randomUUID().toString().substring(0, 6);
        long network = TestDatabase.newNetwork(networkName);
        String address = "lang-" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.com";

        browser = Browser.start("ja");
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(Browser.BASE_URL + "/member/register.xhtml?token=" + registrationToken(network, address));
        browser.findElement(By.id("register:name")).sendKeys("Emma Jones");
        browser.findElement(By.cssSelector("label[for='register:consent']")).click();
        submit("register:submit");
        String pageLink = browser.findElement(By.id("register-page")).getAttribute("href");

        browser.get(pageLink);
        assertThat(text("member-heading")).isEqualTo(ja.getProperty("member.page.heading"));
        assertThat(new Select(browser.findElement(By.id("profile:language"))).getFirstSelectedOption().getText())
                .isEqualTo(ja.getProperty("common.lang.ja"));
        assertThat(browser.findElement(By.cssSelector("label[for='profile:language']")).getText())
                .isEqualTo(ja.getProperty("member.form.language"));

        new Select(browser.findElement(By.id("profile:language"))).selectByValue("en");
        submit("profile:save");

        assertThat(text("member-heading")).isEqualTo(en.getProperty("member.page.heading"));
        assertThat(text("messages")).contains(en.getProperty("member.page.saved"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(Browser.outsideViewport(browser)).as("no sideways scrolling at 390 px").isEmpty();
        Browser.fullPageScreenshot(browser, "member-page-language-en-390");
        assertThat(language(address)).isEqualTo("en");

        // mail from now on is English: the address change confirmation, from the member_mails_en bundle
        String next = "lang-next-" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.com";
        browser.findElement(By.id("address:newEmail")).sendKeys(next);
        submit("address:submit");
        assertThat(Mailbox.await(next, MemberMails.text(Locale.ENGLISH, "address.confirm.subject", networkName))
                .text()).contains("Dear Emma Jones");

        // another browser, asking for Japanese: the personal link shows the member's language
        browser.quit();
        browser = Browser.start("ja");
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(pageLink);
        assertThat(text("member-heading")).isEqualTo(en.getProperty("member.page.heading"));
        assertThat(text("page-email")).isEqualTo(address);
        Browser.fullPageScreenshot(browser, "member-page-language-en-1280");

        // the visitor's switch wins for their session, and the member's language stays as they chose
        submit("lang:ja");
        assertThat(text("member-heading")).isEqualTo(ja.getProperty("member.page.heading"));
        browser.get(pageLink);
        assertThat(text("member-heading")).isEqualTo(ja.getProperty("member.page.heading"));
        assertThat(language(address)).isEqualTo("en");
    }

    @Test
    void theConsolesLanguageSwitchIsKeptInTheAdminsAccountAndRestoredAtTheNextSignIn() throws Exception {
        long network = TestDatabase.newNetwork("Language Console " + UUID.randomUUID().toString().substring(0, 6));
        String admin = TestDatabase.newAdmin(network, "Console Admin",
                "lang-admin-" + UUID.randomUUID().toString().substring(0, 8) + "@renraku.test");
        browser = Browser.start("ja");
        ConsoleLogin.as(browser, admin);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");

        submit("lang:en");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(adminLanguage(admin)).as("kept in the account: their mail follows it").isEqualTo("en");
        submit("logout:submit");
        browser.quit();

        browser = Browser.start("ja");
        browser.get(Browser.BASE_URL + "/");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as("before signing in").isEqualTo("ja");
        ConsoleLogin.as(browser, admin);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as("restored at sign-in")
                .isEqualTo("en");
        submit("lang:ja");
        assertThat(adminLanguage(admin)).isEqualTo("ja");
    }

    private static String adminLanguage(String userId) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT language FROM admins WHERE user_id = ?")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(WEB_BUNDLES.resolve(name + ".properties"), StandardCharsets.UTF_8)));
        return p;
    }

    private static String language(String address) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT language FROM members WHERE email = ?")) {
            s.setString(1, address);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String registrationToken(long network, String address) throws Exception {
        String token = "browser" + UUID.randomUUID().toString().replace("-", "");
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO one_time_tokens (token_hash, purpose, network_id, subject, expires_at, created_at)"
                        + " VALUES (?, 'MEMBER_REGISTRATION', ?, ?, NOW(3) + INTERVAL 1 DAY, NOW(3))")) {
            s.setString(1, digest);
            s.setLong(2, network);
            s.setString(3, address);
            s.executeUpdate();
        }
        return token;
    }

    private void submit(String buttonId) {
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id(buttonId)));
    }

    private String text(String id) {
        return Browser.waitFor(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }
}
