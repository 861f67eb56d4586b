package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.renraku.it.Fixtures;
import org.renraku.it.Mailbox;

/**
 * Mail-borne actions need proof of the mailbox, and a leaked personal link is containable, through the
 * real SMTP/IMAP path and the real pages:
 * <ul>
 * <li>a forged 「退会」 (a stranger sends it with a member's From) changes nobody; only the member's own address
 * gets one confirmation mail, whose page leaves on its button (a POST) and not on opening;</li>
 * <li>an address change made with a (leaked) personal link tells the former address, whose undo link restores it
 * and revokes every link sent before — the posting address too;</li>
 * <li>an admin revokes a member's links from the member detail (audited); the old link then says it is no longer
 * valid.</li>
 * </ul>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MailBorneActionsPagesIT {

    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Duration WITHIN = Duration.ofSeconds(90);

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aForgedTaikaiChangesNobodyAndOnlyTheButtonOfTheConfirmationMailedToTheMemberLeaves() throws Exception {
        long network = TestDatabase.newNetwork("さくら小学校PTA");
        String slug = ConsolePages.query("SELECT slug FROM networks WHERE id = ?", network);
        String email = Fixtures.unique("taikai") + "@docomo.ne.jp";
        ConsolePages.member(network, "佐藤 花子", email, "ACTIVE", null, null);
        long member = Long.parseLong(ConsolePages.query("SELECT id FROM members WHERE network_id = ?", network));

        // a stranger writes 「退会」 with the member's address as From
        String forged = Mailbox.send(email, slug + "@" + JOIN_DOMAIN, "退会", "退会します\n", Map.of());
        Mailbox.Mail confirmation = Mailbox.await(email, "退会の確認", 0, WITHIN);
        assertThat(awaitOutcome(forged)).isEqualTo("LEAVE_CONFIRMATION_SENT");
        assertThat(status(member)).as("the From of a mail proves nothing").isEqualTo("ACTIVE");
        assertThat(confirmation.text()).contains("佐藤 花子", "さくら小学校PTA");
        String token = confirmation.token("/member/leave.xhtml");

        // a 「退会」 from an address that is no member's: recorded, nobody is mailed
        String stranger = Fixtures.unique("stranger") + "@gmail.com";
        String strangers = Mailbox.send(stranger, slug + "@" + JOIN_DOMAIN, "退会", "退会\n", Map.of());
        assertThat(awaitOutcome(strangers)).isEqualTo("NOT_A_MEMBER");

        // the per-address limit: a flood of forged 「退会」 yields at most two confirmations an hour
        String second = Mailbox.send(email, slug + "@" + JOIN_DOMAIN, "退会", "退会\n", Map.of());
        assertThat(awaitOutcome(second)).isEqualTo("LEAVE_CONFIRMATION_SENT");
        String third = Mailbox.send(email, slug + "@" + JOIN_DOMAIN, "退会", "退会\n", Map.of());
        assertThat(awaitOutcome(third)).isEqualTo("RATE_LIMITED");
        assertThat(Mailbox.read(email)).filteredOn(m -> m.subject().contains("退会の確認")).hasSize(2);
        assertThat(Mailbox.read(stranger)).isEmpty();

        // opening the link (as a mail scanner would) changes nothing; the button leaves
        browser = Browser.start("ja");
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        browser.get(Browser.BASE_URL + "/member/leave.xhtml?token=" + token);
        assertThat(browser.findElement(By.id("leave-name")).getText()).isEqualTo("佐藤 花子");
        assertThat(status(member)).isEqualTo("ACTIVE");
        Browser.screenshot(browser, "leave-by-mail-confirm");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("leave:submit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("leave-done")));
        assertThat(status(member)).isEqualTo("LEFT");
        assertThat(Mailbox.await(email, "退会しました", 0, WITHIN).text()).contains("佐藤 花子");

        // the link is spent
        browser.get(Browser.BASE_URL + "/member/leave.xhtml?token=" + token);
        assertThat(browser.findElements(By.id("leave-invalid"))).hasSize(1);
    }

    @Test
    void anAddressChangeTellsTheFormerAddressWhoseUndoLinkRestoresItAndRevokesTheLinks() throws Exception {
        long network = TestDatabase.newNetwork("ひばり保育園");
        String former = Fixtures.unique("former") + "@ezweb.ne.jp";
        ConsolePages.member(network, "鈴木 一郎", former, "ACTIVE", null, null);
        long member = Long.parseLong(ConsolePages.query("SELECT id FROM members WHERE network_id = ?", network));
        ConsolePages.update("UPDATE members SET delegated_sender = TRUE WHERE id = ?", member);
        String postingVersion = ConsolePages.query("SELECT posting_version FROM members WHERE id = ?", member);
        String leaked = ConsolePages.personalLink(member);

        // whoever holds the leaked link changes the address to theirs and confirms it there
        String taker = Fixtures.unique("taker") + "@gmail.com";
        browser = Browser.start("ja");
        WebDriverWait wait = Browser.waitFor(browser, Duration.ofSeconds(20));
        browser.get(leaked);
        browser.findElement(By.id("address:newEmail")).sendKeys(taker);
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("address:submit")));
        String confirm = Mailbox.await(taker, "メールアドレス変更の確認", 0, WITHIN).token("/member/confirm-address.xhtml");
        browser.get(Browser.BASE_URL + "/member/confirm-address.xhtml?token=" + confirm);
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("confirm:submit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-done")));
        assertThat(email(member)).isEqualTo(taker);
        String takersLink = browser.findElement(By.id("confirm-page")).getAttribute("href");
        assertThat(ConsolePages.query("SELECT posting_version FROM members WHERE id = ?", member))
                .as("the posting address changes with the address").isNotEqualTo(postingVersion);

        // the former address is told, with the link that undoes the change
        Mailbox.Mail notice = Mailbox.await(former, "登録メールアドレスが変更されました", 0, WITHIN);
        assertThat(notice.text()).contains(taker).doesNotContain("/member/page.xhtml");
        String undo = notice.token("/member/undo-address.xhtml");
        browser.get(Browser.BASE_URL + "/member/undo-address.xhtml?token=" + undo);
        assertThat(browser.findElement(By.id("undo-former")).getText()).isEqualTo(former);
        assertThat(email(member)).as("opening the link changes nothing").isEqualTo(taker);
        Browser.screenshot(browser, "address-undo");
        Browser.clickAndAwaitNewPage(browser, browser.findElement(By.id("undo:submit")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("undo-done")));
        assertThat(email(member)).isEqualTo(former);
        assertThat(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                + " AND kind = 'MEMBER_ADDRESS_RESTORED'", network)).isEqualTo("1");
        String restoredLink = Mailbox.await(former, "メールアドレスを元に戻しました", 0, WITHIN).text();
        assertThat(restoredLink).contains("/member/page.xhtml?m=" + member);

        // every link sent before is revoked: the leaked one and the taker's
        for (String old : new String[] {leaked, takersLink}) {
            browser.get(old);
            assertThat(browser.findElements(By.id("page-invalid"))).as(old).hasSize(1);
        }
        browser.get(Browser.BASE_URL + "/member/undo-address.xhtml?token=" + undo);
        assertThat(browser.findElements(By.id("undo-invalid"))).as("the undo link is spent").hasSize(1);
    }

    @Test
    void anAdminRevokesAMembersLinksFromTheMemberDetailAndTheOldLinkNoLongerWorks() throws Exception {
        long network = TestDatabase.newNetwork("みどり町内会");
        String userId = TestDatabase.newAdmin(network, "田中 次郎", Fixtures.unique("revoker") + "@renraku.test");
        ConsolePages.member(network, "高橋 三郎", Fixtures.unique("revoked") + "@icloud.com", "ACTIVE", null, null);
        long member = Long.parseLong(ConsolePages.query("SELECT id FROM members WHERE network_id = ?", network));
        String old = ConsolePages.personalLink(member);

        browser = Browser.start("ja");
        browser.get(old);
        assertThat(browser.findElements(By.id("page-invalid"))).isEmpty();

        WebDriverWait wait = ConsolePages.login(browser, userId);
        browser.findElement(By.id("nav-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("members:list")));
        browser.findElement(By.id("members:list:0:detail")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("member-detail-form:revokeLinks")));
        Browser.screenshot(browser, "member-detail-revoke");
        browser.findElement(By.id("member-detail-form:revokeLinks")).click();
        wait.until(d -> {
            try {
                return "1".equals(ConsolePages.query("SELECT COUNT(*) FROM audit_events WHERE network_id = ?"
                        + " AND kind = 'MEMBER_LINKS_REVOKED'", network));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "高橋 三郎"));
        assertThat(ConsolePages.query("SELECT link_version FROM members WHERE id = ?", member)).isEqualTo("2");

        browser.get(old);
        assertThat(browser.findElements(By.id("page-invalid"))).hasSize(1);
        assertThat(browser.findElement(By.id("page-invalid")).getText()).contains("このリンクは使えません");
        browser.get(ConsolePages.personalLink(member));
        assertThat(browser.findElements(By.id("page-invalid"))).as("the new link works").isEmpty();
    }

    private static String status(long member) throws Exception {
        return ConsolePages.query("SELECT status FROM members WHERE id = ?", member);
    }

    private static String email(long member) throws Exception {
        return ConsolePages.query("SELECT email FROM members WHERE id = ?", member);
    }

    private static String outcome(String messageId) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT outcome FROM inbound_mails WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** The outcome of an inbound mail, once it was handled. */
    private static String awaitOutcome(String messageId) throws Exception {
        Instant end = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(end)) {
            String outcome = outcome(messageId);
            if (outcome != null) {
                return outcome;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("mail " + messageId + " not handled within " + WITHIN);
    }
}
