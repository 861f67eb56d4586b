package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;
import org.renraku.it.TestDns;
import org.renraku.it.ZoneServer;

/**
 * The operator's DNS の確認 page against real DNS: the tests' dnsmasq answers the MX of renraku.test and
 * join.renraku.test itself (mx1/mx2.other.test, our inbound hosts in the ITs) and hands the rest of renraku.test and
 * of 2.0.192.in-addr.arpa to a dnsmasq of this test, which serves SPF covering our sending address 192.0.2.10, a
 * DKIM record of ANOTHER key under the active selector, a DMARC record, and a PTR naming the hosting company. The
 * page shows each check passed or failed with the record to publish, at 375 and 1280 px without sideways scrolling
 * and without a serious accessibility finding; when SPF then loses our address, 「今すぐ確認」 shows it failed and
 * the operators get one mail with the record to publish — and no second mail while it stays failed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DnsHealthPageIT {

    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-it-password";
    private static final String DOMAIN = "renraku.test";

    private ChromeDriver browser;
    private final String tag = Fixtures.unique("dns");
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Long insertedKey;
    private String operatorEmailBefore;
    private boolean operatorEmailChanged;

    @AfterEach
    void restore() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        try (Connection c = TestDatabase.connect()) {
            if (insertedKey != null) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM dkim_keys WHERE id = ?")) {
                    s.setLong(1, insertedKey);
                    s.executeUpdate();
                }
            }
            if (operatorEmailChanged) {
                try (PreparedStatement s = c.prepareStatement("UPDATE operators SET email = ? WHERE user_id = ?")) {
                    s.setString(1, operatorEmailBefore);
                    s.setString(2, OPERATOR);
                    s.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM dns_health_results");
            }
        }
    }

    @Test
    void operatorShouldSeeEachCheckPassOrFailWithTheRecordToPublishAndBeMailedWhenOneRegresses() throws Exception {
        String[] key = activeKeyOrANewOne();
        String selector = key[0];
        String activeKey = key[1];
        String operatorEmail = tag + "@example.jp";
        operatorEmailBefore = (String) raw("SELECT email FROM operators WHERE user_id = '" + OPERATOR + "'")[0];
        update("UPDATE operators SET email = '" + operatorEmail + "' WHERE user_id = '" + OPERATOR + "'");
        operatorEmailChanged = true;
        update("DELETE FROM dns_health_results");

        TestDns dns = TestDns.change();
        toClose.add(dns);
        serve(dns, selector, "v=spf1 ip4:192.0.2.0/28 -all");

        browser = Browser.start("ja");
        WebDriverWait wait = logIn();
        browser.findElement(By.id("nav-dns")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dns:checkNow")));
        assertThat(browser.getTitle()).contains("DNS の確認");
        assertThat(browser.findElement(By.id("nav-dns")).getAttribute("aria-current")).isEqualTo("page");
        assertThat(text("dns:neverChecked")).contains("まだ確認していません");

        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("dns:checkNow")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dns:checks:0:card")));
        assertThat(text("dns:checkedAt")).startsWith("最後の確認:");
        assertThat(text("dns:summary")).isEqualTo("不合格 2 件・注意 0 件・合格 4 件");
        List<WebElement> cards = browser.findElements(By.cssSelector(".rk-dnscheck"));
        assertThat(cards).extracting(c -> c.getAttribute("data-check") + " " + c.getAttribute("data-domain"))
                .containsExactly("SPF renraku.test", "DKIM renraku.test", "DMARC renraku.test",
                        "MX join.renraku.test", "MX renraku.test", "PTR out.renraku.test");
        assertThat(cards).extracting(c -> c.getAttribute("data-verdict"))
                .containsExactly("PASS", "FAIL", "PASS", "PASS", "PASS", "FAIL");

        // SPF: passed, what DNS has shown, nothing to publish
        assertThat(text("dns:checks:0:verdict")).isEqualTo("合格");
        assertThat(text("dns:checks:0:reason")).contains("192.0.2.10");
        assertThat(text("dns:checks:0:found")).isEqualTo("v=spf1 ip4:192.0.2.0/28 -all");
        assertThat(browser.findElements(By.id("dns:checks:0:fix"))).isEmpty();
        // DKIM: another key published under the active selector; the fix is the active key's record
        assertThat(text("dns:checks:1:verdict")).isEqualTo("不合格");
        assertThat(text("dns:checks:1:reason")).contains(selector + "._domainkey.renraku.test")
                .contains("署名に使っている鍵と違います");
        assertThat(text("dns:checks:1:fix").replaceAll("\"\\s*\"", "").replaceAll("\\s", ""))
                .isEqualTo((selector + "._domainkey.renraku.test.INTXT(\"v=DKIM1;k=rsa;p=" + activeKey + "\")"));
        // MX: the test DNS's own records name our inbound hosts
        assertThat(text("dns:checks:3:found")).contains("join.renraku.test. MX 10 mx1.other.test.");
        // PTR: the hosting company's name instead of the HELO name
        assertThat(text("dns:checks:5:reason")).contains("192.0.2.10 → mail.hosting.example");
        assertThat(text("dns:checks:5:fix")).isEqualTo("10.2.0.192.in-addr.arpa. IN PTR out.renraku.test.");

        SoftAssertions layout = new SoftAssertions();
        Browser.fullPageScreenshot(browser, "ui-dns-1280");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 1280 px").isEmpty();
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 1280 px").isEmpty();
        browser.manage().window().setSize(new Dimension(375, 812));
        Browser.fullPageScreenshot(browser, "ui-dns-375");
        layout.assertThat(Browser.outsideViewport(browser)).as("sideways scrolling at 375 px").isEmpty();
        layout.assertThat(browser.findElement(By.id("dns:checkNow")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("dns:checks:1:copy")).getSize().getHeight()).isGreaterThanOrEqualTo(44);
        layout.assertThat(browser.findElement(By.id("dns:checks:1:fix")).getSize().getWidth())
                .as("the DKIM record wraps inside the phone's width").isLessThanOrEqualTo(375);
        layout.assertThat(Axe.seriousFindings(browser)).as("axe at 375 px").isEmpty();
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // SPF loses our address: 今すぐ確認 shows the failure with the record to publish, one mail to the operators
        serve(dns, selector, "v=spf1 ip4:198.51.100.1 -all");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("dns:checkNow")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dns:summary"), "不合格 3 件・注意 0 件・合格 3 件"));
        assertThat(browser.findElement(By.id("dns:checks:0:card")).getAttribute("data-verdict")).isEqualTo("FAIL");
        assertThat(text("dns:checks:0:reason")).contains("192.0.2.10 (fail)");
        String spfFix = "renraku.test. IN TXT \"v=spf1 ip4:198.51.100.1 ip4:192.0.2.10 -all\"";
        assertThat(text("dns:checks:0:fix")).isEqualTo(spfFix);
        Browser.fullPageScreenshot(browser, "ui-dns-regressed");
        Mailbox.Mail alert = Mailbox.await(operatorEmail, "DNS の確認で 1 件が不合格になりました", 0, Duration.ofSeconds(30));
        assertThat(alert.text()).contains("SPF (renraku.test)").contains(spfFix).contains("/operator/dns.xhtml")
                .doesNotContain("DKIM ("); // DKIM and PTR failed before: not regressions

        // still failing: no second mail
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("dns:checkNow")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dns:summary"), "不合格 3 件・注意 0 件・合格 3 件"));
        Thread.sleep(3000);
        assertThat(Mailbox.read(operatorEmail)).hasSize(1);
        assertThat(row("SELECT verdict, fix FROM dns_health_results WHERE domain = 'renraku.test'"
                + " AND check_name = 'SPF'")).containsExactly("FAIL", spfFix);
        layout.assertAll();
    }

    /** Serves renraku.test's SPF, DKIM (another key), DMARC and out.renraku.test's PTR from a new zone server. */
    private void serve(TestDns dns, String selector, String spf) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String otherKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        String dkim = "v=DKIM1; k=rsa; p=" + otherKey;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < dkim.length(); i += 255) {
            parts.add("\"" + dkim.substring(i, Math.min(dkim.length(), i + 255)) + "\"");
        }
        ZoneServer zone = ZoneServer.serving(List.of(
                "txt-record=" + DOMAIN + ",\"" + spf + "\"",
                "txt-record=" + selector + "._domainkey." + DOMAIN + "," + String.join(",", parts),
                "txt-record=_dmarc." + DOMAIN + ",\"v=DMARC1; p=none; rua=mailto:dmarc@" + DOMAIN + "\"",
                "txt-record=probe-" + tag + "." + DOMAIN + ",\"" + spf + "\"",
                "ptr-record=10.2.0.192.in-addr.arpa,mail.hosting.example",
                "address=/out." + DOMAIN + "/192.0.2.10"), "probe-" + tag + "." + DOMAIN);
        toClose.add(zone);
        dns.forward(zone.port(), "probe-" + tag + "." + DOMAIN, DOMAIN, "2.0.192.in-addr.arpa");
    }

    /** The selector and public key of renraku.test's active DKIM key; none: one of this test's, removed after it. */
    private String[] activeKeyOrANewOne() throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT selector, public_key FROM dkim_keys WHERE active_domain = '"
                        + DOMAIN + "'")) {
            if (r.next()) {
                return new String[] {r.getString(1), r.getString(2)};
            }
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String publicKey = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
        String selector = tag.toLowerCase().replaceAll("[^a-z0-9]", "");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO dkim_keys"
                + " (network_id, domain, selector, key_bits, public_key, private_key_ref, active, created_at)"
                + " VALUES (NULL, ?, ?, 2048, ?, 'renraku.it.dns-health-unused', TRUE, NOW(3))",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, DOMAIN);
            s.setString(2, selector);
            s.setString(3, publicKey);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                insertedKey = k.getLong(1);
            }
        }
        return new String[] {selector, publicKey};
    }

    private WebDriverWait logIn() {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(OPERATOR);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-dns")));
        return wait;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }



    private static void update(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static List<String> row(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        for (Object o : raw(sql)) {
            values.add(String.valueOf(o));
        }
        return values;
    }

    private static Object[] raw(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).as(sql).isTrue();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                values.add(r.getObject(i));
            }
            return values.toArray();
        }
    }
}
