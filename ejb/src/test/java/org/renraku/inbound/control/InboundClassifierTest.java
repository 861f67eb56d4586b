package org.renraku.inbound.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.renraku.inbound.control.InboundClassifier.Intent;
import org.renraku.inbound.control.InboundClassifier.Screening;

class InboundClassifierTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static MimeMessage eml(String scenario) throws Exception {
        try (InputStream in = InboundClassifierTest.class.getResourceAsStream("/eml/inbound/" + scenario + ".eml")) {
            assertThat(in).as("fixture %s", scenario).isNotNull();
            return new MimeMessage(SESSION, in);
        }
    }

    private static Screening screen(String scenario) throws Exception {
        return InboundClassifier.screen(eml(scenario));
    }

    @Test
    void aPostingWithAFileShouldGiveItsTextAndTheFileWithItsDecodedName() throws Exception {
        Screening s = screen("posting-with-attachment");
        assertThat(s.actionable()).isTrue();
        assertThat(s.subject()).isEqualTo("遠足のお知らせ");
        assertThat(s.text().strip()).isEqualTo("来週の予定です。");
        assertThat(s.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("予定表.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(new String(a.content(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4 posting");
        });
        assertThat(screen("blank-from-phone").attachments()).isEmpty();
    }

    @Test
    void blankMailFromAPhoneShouldBeAJoin() throws Exception {
        Screening s = screen("blank-from-phone");
        assertThat(s.actionable()).isTrue();
        assertThat(s.from().value()).isEqualTo("hanako.sato@docomo.ne.jp");
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.JOIN);
    }

    @Test
    void rightJoinPasswordShouldBeAJoinEvenInFullWidth() throws Exception {
        Screening s = screen("join-password-right");
        assertThat(s.actionable()).isTrue();
        assertThat(InboundClassifier.intent(s.text(), "sakura2026", false)).isEqualTo(Intent.JOIN);
    }

    @Test
    void wrongOrMissingJoinPasswordShouldBeRefused() throws Exception {
        assertThat(InboundClassifier.intent(screen("join-password-wrong").text(), "sakura2026", false))
                .isEqualTo(Intent.PASSWORD_WRONG);
        assertThat(InboundClassifier.intent(screen("blank-from-phone").text(), "sakura2026", false))
                .isEqualTo(Intent.PASSWORD_MISSING);
    }

    @Test
    void taikaiShouldBeALeaveInItsVariations() throws Exception {
        Screening s = screen("leave");
        assertThat(s.actionable()).isTrue();
        assertThat(s.subject()).isEqualTo("退会");
        assertThat(InboundClassifier.intent(s.text(), null, true)).isEqualTo(Intent.LEAVE);
        for (String text : new String[] {"退会", " 退会 ", "\u3000退会します\n", "退会します。", "退会希望", "退会 します",
                "退会お願いします!", "退会\n-- \ndocomo"}) {
            assertThat(InboundClassifier.intent(text, null, true)).as(text).isEqualTo(Intent.LEAVE);
        }
        assertThat(InboundClassifier.intent("退会の方法を教えてください", null, true)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent("退会", "secret", false)).isEqualTo(Intent.LEAVE);
    }

    @Test
    void textFromAMemberOrStrangerShouldBeAnInquiry() throws Exception {
        Screening s = screen("inquiry");
        assertThat(s.subject()).isEqualTo("質問");
        assertThat(InboundClassifier.intent(s.text(), null, true)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent(s.text(), "sakura2026", true)).isEqualTo(Intent.INQUIRY);
    }

    @Test
    void signaturesAndPhoneFootersShouldNotMakeABlankMailAnInquiry() {
        assertThat(InboundClassifier.intent("\n\n-- \nHanako\n", null, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("\nSent from my iPhone\n", null, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("\u3000\u3000\r\n", null, false)).isEqualTo(Intent.JOIN);
    }

    @Test
    void autoReplyShouldNeverBeAnswered() throws Exception {
        Screening s = screen("auto-reply");
        assertThat(s.actionable()).isFalse();
        assertThat(s.outcome()).isEqualTo(InboundClassifier.AUTO_REPLY);
        assertThat(s.reason()).contains("Auto-Submitted");
    }

    @Test
    void bounceShouldNeverBeAnswered() throws Exception {
        Screening s = screen("bounce-postfix");
        assertThat(s.actionable()).isFalse();
        assertThat(s.outcome()).isIn(InboundClassifier.AUTO_REPLY, InboundClassifier.BOUNCE);
    }

    @Test
    void dsnWithoutAutoSubmittedShouldBeABounce() throws Exception {
        MimeMessage m = eml("bounce-postfix");
        m.removeHeader("Auto-Submitted");
        Screening s = InboundClassifier.screen(m);
        assertThat(s.outcome()).isEqualTo(InboundClassifier.BOUNCE);
    }

    @Test
    void mailingListShouldNeverBeAnswered() throws Exception {
        Screening s = screen("mailing-list");
        assertThat(s.actionable()).isFalse();
        assertThat(s.outcome()).isEqualTo(InboundClassifier.LIST);
    }

    @Test
    void otherMachineHeadersShouldNeverBeAnswered() throws Exception {
        String[][] cases = {{"Precedence", "bulk"}, {"Precedence", "junk"}, {"X-Auto-Response-Suppress", "OOF"},
                {"Return-Path", "<>"}, {"Auto-Submitted", "auto-generated"}};
        for (String[] c : cases) {
            MimeMessage m = eml("blank-from-phone");
            m.setHeader(c[0], c[1]);
            assertThat(InboundClassifier.screen(m).actionable()).as(c[0] + ": " + c[1]).isFalse();
        }
        MimeMessage no = eml("blank-from-phone");
        no.setHeader("Auto-Submitted", "no");
        assertThat(InboundClassifier.screen(no).actionable()).isTrue();
        MimeMessage daemon = eml("blank-from-phone");
        daemon.setHeader("From", "MAILER-DAEMON@mx.example.jp");
        assertThat(InboundClassifier.screen(daemon).actionable()).isFalse();
        MimeMessage postmaster = eml("blank-from-phone");
        postmaster.setHeader("From", "Postmaster <postmaster@example.jp>");
        assertThat(InboundClassifier.screen(postmaster).actionable()).isFalse();
        MimeMessage noFrom = eml("blank-from-phone");
        noFrom.removeHeader("From");
        assertThat(InboundClassifier.screen(noFrom).outcome()).isEqualTo(InboundClassifier.MALFORMED);
    }

    @Test
    void malformedMimeShouldBeSetAsideWithAReason() throws Exception {
        Screening s = screen("malformed-mime");
        assertThat(s.actionable()).isFalse();
        assertThat(s.outcome()).isEqualTo(InboundClassifier.MALFORMED);
        assertThat(s.reason()).isNotBlank();
        assertThat(s.from().value()).isEqualTo("broken@example.net");
    }

    @Test
    void hostileNameAndSubjectShouldBeKeptAsOneLineOfText() throws Exception {
        Screening s = screen("hostile-name");
        assertThat(s.actionable()).isTrue();
        assertThat(s.from().value()).isEqualTo("evil@example.org");
        assertThat(s.subject()).doesNotContain("\r", "\n").contains("<script>");
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.INQUIRY);
    }

    @Test
    void legacyDocomoAddressShouldBeKeptExactlyAsWritten() throws Exception {
        Screening s = screen("legacy-docomo-address");
        assertThat(s.actionable()).isTrue();
        assertThat(s.from().value()).isEqualTo("taro..yamada.@docomo.ne.jp");
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.JOIN);
    }

    @Test
    void twentyMegabyteMailShouldBeOversizedAndStillScreenWithoutFailing() throws Exception {
        MimeMessage big = new MimeMessage(SESSION);
        big.setFrom("big@example.jp");
        big.setSubject("big");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(new byte[20 * 1024 * 1024], "application/octet-stream");
        attachment.setFileName("video.mp4");
        mp.addBodyPart(text);
        mp.addBodyPart(attachment);
        big.setContent(mp);
        big.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        big.writeTo(out);
        assertThat(InboundClassifier.oversized(out.size())).isTrue();
        assertThat(InboundClassifier.oversized(InboundClassifier.MAX_SIZE_BYTES)).isFalse();
        // Even when read in full, the classifier takes only the text part
        Screening s = InboundClassifier.screen(new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray())));
        assertThat(s.actionable()).isTrue();
        assertThat(s.text()).isEmpty();
    }

    @Test
    void oneLineShouldDropControlCharacters() {
        assertThat(InboundClassifier.oneLine("a\r\nBcc: x\u2028y", 100)).isEqualTo("a  Bcc: x y");
        assertThat(InboundClassifier.oneLine("abcdef", 3)).isEqualTo("abc");
    }
}
