package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.renraku.bounces.control.BounceClassifierCorpusTest.fixture;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * One real bounce per mail-system family (fixtures from Sisimai's set-of-emails corpus, see
 * {@code src/test/resources/bounces/README.md}): each test names the layout rule or the standard it proves. The
 * expected reason and kind are those of Sisimai 4.25.15 for that file.
 */
class BounceClassifierFamilyTest {

    private final BounceClassifier classifier = new BounceClassifier();

    private void assertBounce(String file, String recipient, BounceKind kind, String reason) throws IOException {
        BounceReport report = classifier.classify(fixture(file));
        assertThat(report.readable()).as(file + ": " + report.problem()).isTrue();
        assertThat(report.results()).as(file).filteredOn(r -> r.recipient().equals(recipient)).singleElement()
                .satisfies(r -> {
                    assertThat(r.reason()).as(file + " reason").isEqualTo(reason);
                    assertThat(r.kind()).as(file + " kind").isEqualTo(kind);
                });
    }

    @Test
    void postfixDsnWithUnknownUserIsHardUserUnknown() throws IOException {
        assertBounce("lhost-postfix-04.eml", "kijitora@example.co.jp", BounceKind.HARD, "userunknown");
    }

    @Test
    void rfc3464StatusFiveOneOneIsHardUserUnknown() throws IOException {
        assertBounce("rfc3464-06.eml", "kijitora@example.net", BounceKind.HARD, "userunknown");
    }

    @Test
    void eximQuotaTextIsSoftMailboxFull() throws IOException {
        assertBounce("lhost-exim-07.eml", "shiba@example.com", BounceKind.SOFT, "mailboxfull");
    }

    @Test
    void qmailFailureNoticeWithItsOwnSystemErrorWordingIsSoftSystemError() throws IOException {
        assertBounce("lhost-qmail-05.eml", "kijitora@example.net", BounceKind.SOFT, "systemerror");
    }

    @Test
    void office365NdrStatusCodeTableDecidesRejected() throws IOException {
        assertBounce("lhost-office365-05.eml", "kijitora@example.jp", BounceKind.SOFT, "rejected");
    }

    @Test
    void exchange2007QueueExpiredNdrCodeIsSoftExpired() throws IOException {
        assertBounce("lhost-exchange2007-05.eml", "gwang1@student.mlcsyd.nsw.edu.au", BounceKind.SOFT, "expired");
    }

    @Test
    void lotusNotesNotInNameAndAddressBookIsHardUserUnknown() throws IOException {
        assertBounce("lhost-notes-03.eml", "kijitora@example.com", BounceKind.HARD, "userunknown");
    }

    @Test
    void oracleMessagingServerUnknownUserIsHardUserUnknown() throws IOException {
        assertBounce("lhost-messagingserver-01.eml", "kijitora@example.jp", BounceKind.HARD, "userunknown");
    }

    @Test
    void imailServerMailboxSizeMessageIsSoftMailboxFull() throws IOException {
        assertBounce("lhost-imailserver-02.eml", "kijitora@example.co.jp", BounceKind.SOFT, "mailboxfull");
    }

    @Test
    void mcafeeGatewayUnknownUserIsHardUserUnknown() throws IOException {
        assertBounce("lhost-mcafee-01.eml", "kijitora@example.co.jp", BounceKind.HARD, "userunknown");
    }

    @Test
    void trendMicroInterScanUnableToDeliverIsHardUserUnknown() throws IOException {
        assertBounce("lhost-trendmicro-03.eml", "kijitora@example.jp", BounceKind.HARD, "userunknown");
    }

    @Test
    void gmailStateNumberDecidesTheReason() throws IOException {
        assertBounce("lhost-gmail-07.eml", "kijitora@example.ed.jp", BounceKind.SOFT, "systemerror");
    }

    @Test
    void googleAuthenticationRefusalIsSoftSecurityError() throws IOException {
        assertBounce("rhost-google-04.eml", "kijitora@google.example.com", BounceKind.SOFT, "securityerror");
    }

    @Test
    void aolUnknownDomainIsHardHostUnknown() throws IOException {
        assertBounce("rhost-aol-01.eml", "kijitora@example.jp", BounceKind.HARD, "hostunknown");
    }

    @Test
    void ezwebUnknownLocalPartIsHardUserUnknown() throws IOException {
        assertBounce("lhost-ezweb-07.eml", "this-local-part-does-not-exist@ezweb.ne.jp", BounceKind.HARD,
                "userunknown");
    }

    @Test
    void kddiMailboxFullIsSoft() throws IOException {
        assertBounce("lhost-kddi-02.eml", "kijitora@00000000000000.dion.ne.jp", BounceKind.SOFT, "mailboxfull");
    }

    @Test
    void docomoRefusalAfterDataIsSoftRejectedNotAHardBounce() throws IOException {
        assertBounce("rhost-nttdocomo-02.eml", "azumakuniyuki@ntt.docomo.example.ne.jp", BounceKind.SOFT, "rejected");
    }

    @Test
    void openSmtpdNoMxIsSoftNetworkError() throws IOException {
        assertBounce("lhost-opensmtpd-04.eml", "kijitora@neko.example.jp", BounceKind.SOFT, "networkerror");
    }

    @Test
    void verizonNoValidRecipientsIsHardUserUnknown() throws IOException {
        assertBounce("lhost-verizon-01.eml", "0000000000@vzwpix.com", BounceKind.HARD, "userunknown");
    }

    @Test
    void laPosteErrorCodeIsSoftBlocked() throws IOException {
        assertBounce("rhost-franceptt-06.eml", "xxxx@orange.fr", BounceKind.SOFT, "blocked");
    }

    @Test
    void goDaddyIbCodeIsSoftBlocked() throws IOException {
        assertBounce("rhost-godaddy-02.eml", "kijitora@example.com", BounceKind.SOFT, "blocked");
    }

    @Test
    void qqFrequencyLimitIsSoftTooManyConn() throws IOException {
        assertBounce("rhost-tencent-01.eml", "nekochan@qq.example.cn", BounceKind.SOFT, "toomanyconn");
    }

    @Test
    void amazonSesJsonWithMailboxFullIsSoftMailboxFull() throws IOException {
        assertBounce("lhost-amazonses-03.eml", "kijitora@example.jp", BounceKind.SOFT, "mailboxfull");
    }

    @Test
    void amazonSesReceiptRuleRefusalIsSoftFiltered() throws IOException {
        assertBounce("lhost-receivingses-01.eml", "userunknown@neko.example.jp", BounceKind.SOFT, "filtered");
    }

    @Test
    void mailRuUnknownUserIsHardUserUnknown() throws IOException {
        assertBounce("lhost-mailru-01.eml", "kijitora@example.jp", BounceKind.HARD, "userunknown");
    }

    @Test
    void courierNoSuchDomainIsHardHostUnknown() throws IOException {
        assertBounce("lhost-courier-04.eml", "kijitora@example.cat", BounceKind.HARD, "hostunknown");
    }

    @Test
    void crlfAndBareCrLineEndsGiveTheSameAnswerAsLf() throws IOException {
        String lf = new String(fixture("lhost-postfix-04.eml"), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n");
        for (String copy : new String[] {lf.replace("\n", "\r\n"), lf.replace("\n", "\r")}) {
            BounceReport report = classifier.classify(copy.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(report.results()).filteredOn(r -> r.recipient().equals("kijitora@example.co.jp"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.reason()).isEqualTo("userunknown");
                        assertThat(r.kind()).isEqualTo(BounceKind.HARD);
                    });
        }
    }

    @Test
    void rfc3464FieldsWrittenIntoAPlainTextBounceGiveTheServersOwnReason() {
        String mail = "From: MAILER-DAEMON@gw.example.net\nTo: bounce@example.org\nSubject: Returned mail: see transcript\n"
                + "Date: Mon, 7 Dec 2026 10:00:00 +0900\n\n"
                + "The original message was received at Mon, 7 Dec 2026 09:59:00 +0900\n\n"
                + "   ----- The following addresses had permanent fatal errors -----\n"
                + "<mikeneko@example.co.jp>\n    (reason: delivery problems)\n\n"
                + "Final-Recipient: RFC822; mikeneko@example.co.jp\nAction: failed\nStatus: 5.1.1\n"
                + "Diagnostic-Code: SMTP; 550 5.1.1 <mikeneko@example.co.jp>... User unknown\n";

        BounceReport report = classifier.classify(mail.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(report.results()).filteredOn(r -> r.recipient().equals("mikeneko@example.co.jp")).singleElement()
                .satisfies(r -> {
                    assertThat(r.reason()).isEqualTo("userunknown");
                    assertThat(r.kind()).isEqualTo(BounceKind.HARD);
                });
    }

    @Test
    void aDeliveryStatusPartWithoutItsPerMessageBlockStillNamesTheRecipient() throws IOException {
        // McAfee writes the recipient's fields as the only block of message/delivery-status
        assertBounce("lhost-mcafee-01.eml", "kijitora@example.co.jp", BounceKind.HARD, "userunknown");
    }
}
