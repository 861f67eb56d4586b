package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.renraku.accounts.control.ThrottlePolicy;

/**
 * No lockout by strangers: however many wrong passwords were tried for an admin's user ID, from this client or
 * from anywhere, the right password still logs in — only slower. And the client address that throttling and the
 * audit log use is the connection's: an {@code X-Forwarded-For} header is ignored unless the request comes from a
 * configured proxy (none is configured in the tests).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LoginThrottlingIT {

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void afterWrongPasswordsFromThisClientTheRightOneShouldStillLogInOnlySlower() throws Exception {
        long network = TestDatabase.newNetwork("スロットル確認");
        String userId = TestDatabase.newAdmin(network, "高橋 次郎", "jiro@renraku.test");
        browser = Browser.start("ja");
        for (int i = 0; i < 5; i++) {
            tryLogin(userId, "wrong-password-" + i);
            Browser.waitFor(browser, Duration.ofSeconds(30)).until(d ->
                    d.findElement(By.tagName("body")).getText().contains("ユーザーIDまたはパスワードが違います"));
        }
        assertThat(failuresOf(userId)).hasSize(5);

        long started = System.nanoTime();
        ConsoleLogin.as(browser, userId);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(browser.getCurrentUrl()).contains("/console/");
        assertThat(took).as("5 failures: the login waits 4 s").isGreaterThanOrEqualTo(Duration.ofMillis(3_500));
    }

    @Test
    void aStrangersManyFailuresShouldNeverLockTheRealAdminOut() throws Exception {
        long network = TestDatabase.newNetwork("ロックアウト確認");
        String userId = TestDatabase.newAdmin(network, "伊藤 三郎", "saburo@renraku.test");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO login_failures (user_id, client_address, failed_at) VALUES (?, ?, NOW(3))")) {
            for (int i = 0; i < 40; i++) {
                s.setString(1, userId);
                s.setString(2, "198.51.100." + i);
                s.addBatch();
            }
            s.executeBatch();
        }

        browser = Browser.start("ja");
        long started = System.nanoTime();
        ConsoleLogin.as(browser, userId);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(browser.getCurrentUrl()).contains("/console/");
        assertThat(took).isGreaterThanOrEqualTo(ThrottlePolicy.MAX_DELAY.minusMillis(500));
    }

    @Test
    void xForwardedForFromAnUntrustedClientShouldBeIgnored() throws Exception {
        long network = TestDatabase.newNetwork("XFF確認");
        String userId = TestDatabase.newAdmin(network, "渡辺 四郎", "shiro@renraku.test");
        browser = Browser.start("ja");
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("X-Forwarded-For", "203.0.113.77")));

        tryLogin(userId, "wrong-password");
        Browser.waitFor(browser, Duration.ofSeconds(30)).until(d ->
                d.findElement(By.tagName("body")).getText().contains("ユーザーIDまたはパスワードが違います"));

        List<String> clients = failuresOf(userId);
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0)).isNotEqualTo("203.0.113.77").isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
    }

    private void tryLogin(String userId, String password) {
        browser.get(Browser.BASE_URL + "/");
        Browser.waitFor(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("login:userId")));
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']")).sendKeys(password);
        browser.findElement(By.id("login:submit")).click();
    }

    /** The client addresses of the account's recorded failures, oldest first. */
    private static List<String> failuresOf(String userId) throws Exception {
        List<String> clients = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT client_address FROM login_failures WHERE user_id = ? ORDER BY id")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    clients.add(rs.getString(1));
                }
            }
        }
        return clients;
    }
}
