package org.renraku.it.browser;

import java.sql.Connection;
import org.renraku.members.control.MemberLinks;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.renraku.members.control.AttributeIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Steps the console's browser tests share: logging in as a test admin, test data of members and attributes. */
final class ConsolePages {

    private ConsolePages() {
    }

    /** Logs in on the start page and waits for the console's navigation. */
    static WebDriverWait login(ChromeDriver browser, String userId) {
        browser.get(Browser.BASE_URL + "/");
        browser.findElement(By.id("login:userId")).sendKeys(userId);
        browser.findElement(By.cssSelector("[id='login:password'], [id='login:password_input']"))
                .sendKeys(TestDatabase.ADMIN_PASSWORD);
        browser.findElement(By.id("login:submit")).click();
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-home")));
        return wait;
    }

    /** A single-choice attribute of the network (choices one per line); returns its id. */
    static long singleChoice(long network, String label, String... choices) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, choices, position, created_at)"
                        + " VALUES (?, ?, 'SINGLE', ?, 1, NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, label);
            s.setString(3, String.join("\n", choices));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A member with one attribute value (or none when {@code attribute} is null). */
    static void member(long network, String name, String email, String status, Long attribute, String value)
            throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'OTHER', ?, ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, status);
            s.setString(5, attribute == null ? null : "{\"" + attribute + "\": \"" + value + "\"}");
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            // what the application does after every write of attributes (AttributeIndex), here behind its back
            try (PreparedStatement index = c.prepareStatement(AttributeIndex.insertMemberSql())) {
                index.setLong(1, id);
                index.executeUpdate();
            }
        }
    }

    /** The first column of the first row of a query with one long parameter. */
    static String query(String sql, long parameter) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** Runs an update with one long parameter. */
    static void update(String sql, long parameter) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            s.executeUpdate();
        }
    }

    /** The member's personal link, signed with the application's key (offered first if there is none yet). */
    static String personalLink(long member) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT IGNORE INTO app_secrets (name, secret, created_at) VALUES (?, ?, NOW(3))")) {
                s.setString(1, MemberLinks.SECRET_NAME);
                s.setString(2, UUID.randomUUID().toString() + UUID.randomUUID());
                s.executeUpdate();
            }
            String secret;
            try (PreparedStatement s = c.prepareStatement("SELECT secret FROM app_secrets WHERE name = ?")) {
                s.setString(1, MemberLinks.SECRET_NAME);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    secret = rs.getString(1);
                }
            }
            int version;
            try (PreparedStatement s = c.prepareStatement("SELECT link_version FROM members WHERE id = ?")) {
                s.setLong(1, member);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            return MemberLinks.link(Browser.BASE_URL, secret.getBytes(StandardCharsets.UTF_8), member, version);
        }
    }
}
