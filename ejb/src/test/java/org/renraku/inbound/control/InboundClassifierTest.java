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
    void textFromAMemberShouldBeAnInquiryAndFromAStrangerAJoinWhoseTextIsKept() throws Exception {
        Screening s = screen("inquiry");
        assertThat(s.subject()).isEqualTo("質問");
        assertThat(InboundClassifier.intent(s.text(), null, true)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent(s.text(), "sakura2026", true)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.extraText(s.text(), null)).isEqualTo("明日の集合時間は何時ですか?");
    }

    @Test
    void everyJoinMailFromANonMemberShouldBeAJoinWhateverTheBodySays() {
        for (String text : new String[] {"入会希望です 山田", "入会希望です\n山田 花子\n", "よろしくお願いします",
                "\n\n--\n山田花子\n090-1234-5678\n", "<b>入会</b>", "=E5=85=A5=E4=BC=9A", "退会の方法は?"}) {
            assertThat(InboundClassifier.intent(text, null, false)).as(text).isEqualTo(Intent.JOIN);
        }
    }

    @Test
    void textBeyondBlankLinesPasswordSignaturesAndFootersShouldBeKeptForTheAdmins() {
        assertThat(InboundClassifier.extraText("\n\n入会希望です 山田\n\n-- \n山田花子\n090-1234-5678", null))
                .isEqualTo("入会希望です 山田");
        assertThat(InboundClassifier.extraText("\u3000\r\n\r\niPhoneから送信\r\n", null)).isEmpty();
        assertThat(InboundClassifier.extraText("\nSent from my iPhone\n", null)).isEmpty();
        assertThat(InboundClassifier.extraText("\nOutlook for iOS を入手\n", null)).isEmpty();
        assertThat(InboundClassifier.extraText("\nドコモメールから送信しました。\n", null)).isEmpty();
        assertThat(InboundClassifier.extraText("ｓａｋｕｒａ２０２６\n\n2年1組 山田です\n--\nau", "sakura2026"))
                .isEqualTo("2年1組 山田です");
        assertThat(InboundClassifier.extraText("sakura2026", "sakura2026")).isEmpty();
        // a wrong password is no password: the line stays
        assertThat(InboundClassifier.extraText("sakura2025\nよろしく", "sakura2026")).isEqualTo("sakura2025\nよろしく");
        assertThat(InboundClassifier.extraText(null, null)).isEmpty();
    }

    @Test
    void joinPasswordShouldBeTheWholeFirstNonEmptyLine() {
        String password = "sakura2026";
        assertThat(InboundClassifier.intent("\n\n  sakura2026 \n山田です", password, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("\u3000ｓａｋｕｒａ２０２６\u3000", password, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("Sakura2026", password, false)).as("a phone's capital first letter")
                .isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("パスワードは sakura2026 です", password, false)).isEqualTo(Intent.PASSWORD_WRONG);
        assertThat(InboundClassifier.intent("山田です\nsakura2026", password, false)).isEqualTo(Intent.PASSWORD_WRONG);
        assertThat(InboundClassifier.intent("sakura2026x", password, false)).isEqualTo(Intent.PASSWORD_WRONG);
        assertThat(InboundClassifier.intent("-- \nsakura2026", password, false)).as("in the signature")
                .isEqualTo(Intent.PASSWORD_MISSING);
        assertThat(InboundClassifier.passwordGiven("sakura2026", "  ")).isFalse();
    }

    @Test
    void aDeBruijnBodyShouldNotPassAFourDigitPassword() {
        String body = deBruijn(10, 4);
        for (String password : new String[] {"0000", "1234", "2026", "9999", "4827"}) {
            assertThat(body).contains(password);
            assertThat(InboundClassifier.passwordGiven(body, password)).as(password).isFalse();
            assertThat(InboundClassifier.intent(body, password, false)).as(password).isEqualTo(Intent.PASSWORD_WRONG);
            // nor with the digits wrapped onto lines
            assertThat(InboundClassifier.intent(body.replaceAll("(.{40})", "$1\n"), password, false))
                    .isEqualTo(Intent.PASSWORD_WRONG);
        }
    }

    /** The de Bruijn sequence B(k, n) on the digits, written out linearly: every n-digit string occurs in it. */
    private static String deBruijn(int k, int n) {
        int[] a = new int[k * n];
        StringBuilder sequence = new StringBuilder();
        deBruijn(1, 1, k, n, a, sequence);
        return sequence + sequence.substring(0, n - 1);
    }

    private static void deBruijn(int t, int p, int k, int n, int[] a, StringBuilder out) {
        if (t > n) {
            if (n % p == 0) {
                for (int i = 1; i <= p; i++) {
                    out.append(a[i]);
                }
            }
            return;
        }
        a[t] = a[t - p];
        deBruijn(t + 1, p, k, n, a, out);
        for (int j = a[t - p] + 1; j < k; j++) {
            a[t] = j;
            deBruijn(t + 1, t, k, n, a, out);
        }
    }

    @Test
    void aMembersBlankMailShouldBeAJoinAndTheirWordsAnInquiry() {
        assertThat(InboundClassifier.intent("\n-- \nHanako", null, true)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.intent("明日は休みます", null, true)).isEqualTo(Intent.INQUIRY);
        assertThat(InboundClassifier.intent("", "sakura2026", true)).isEqualTo(Intent.PASSWORD_MISSING);
        assertThat(InboundClassifier.intent("sakura2026", "sakura2026", true)).isEqualTo(Intent.JOIN);
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
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.extraText(s.text(), null)).isEqualTo("<script>alert(\"inquiry\")</script>");
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

    // --- senders and loops

    private static MimeMessage raw(String headers, String body) throws Exception {
        return raw(headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MimeMessage raw(String headers, byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(headers.replace("\n", "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.write(body);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    private static final String TO = "To: sakura-pta@join.renraku.test\nSubject: join\nMessage-ID: <x@example.jp>\n";

    @Test
    void twoFromFieldsOrTwoAddressesInFromShouldNeverBeAnswered() throws Exception {
        for (String from : new String[] {"From: a@example.jp\nFrom: b@example.jp\n",
                "From: a@example.jp, b@example.jp\n", "From: Taro <a@example.jp>, Hanako <b@example.jp>\n",
                "From: friends: a@example.jp, b@example.jp;\n", "From: a..b.@docomo.ne.jp, c@example.jp\n"}) {
            Screening s = InboundClassifier.screen(raw(from + TO, "\n"));
            assertThat(s.actionable()).as(from).isFalse();
            assertThat(s.outcome()).as(from).isEqualTo(InboundClassifier.AMBIGUOUS_SENDER);
            assertThat(s.reason()).as(from).contains("From");
        }
        // one address, even with a comma or an @ in its display name or a comment
        for (String from : new String[] {"From: \"Yamada, Taro\" <taro@example.jp>\n",
                "From: \"taro@example.jp\" <hanako@example.jp>\n", "From: hanako@example.jp (Hanako, 2-1)\n"}) {
            Screening s = InboundClassifier.screen(raw(from + TO, "\n"));
            assertThat(s.actionable()).as(from).isTrue();
        }
    }

    @Test
    void onlyTheTopmostReturnPathShouldCountAsTheEnvelopeSender() throws Exception {
        Screening nullSender = InboundClassifier.screen(raw("Return-Path: <>\nReturn-Path: <a@example.jp>\n"
                + "From: a@example.jp\n" + TO, "\n"));
        assertThat(nullSender.actionable()).isFalse();
        assertThat(nullSender.outcome()).isEqualTo(InboundClassifier.BOUNCE);
        assertThat(nullSender.reason()).contains("null Return-Path");
        Screening forgedBelow = InboundClassifier.screen(raw("Return-Path: <a@example.jp>\nReturn-Path: <>\n"
                + "From: a@example.jp\n" + TO, "\n"));
        assertThat(forgedBelow.actionable()).isTrue();
        assertThat(InboundClassifier.screen(raw("Return-Path: < >\nFrom: a@example.jp\n" + TO, "\n")).actionable())
                .isFalse();
    }

    @Test
    void quotedLocalPartsAndInternationalisedDomainsShouldBeSenders() throws Exception {
        assertThat(InboundClassifier.screen(raw("From: \"taro yamada\"@example.jp\n" + TO, "\n")).from().value())
                .isEqualTo("\"taro yamada\"@example.jp");
        assertThat(InboundClassifier.screen(raw("From: Taro <\"taro yamada\"@example.jp>\n" + TO, "\n")).from().value())
                .isEqualTo("\"taro yamada\"@example.jp");
        assertThat(InboundClassifier.screen(raw("From: 山田 <user@例え.jp>\n" + TO, "\n")).from().value())
                .isEqualTo("user@xn--r8jz45g.jp");
        assertThat(InboundClassifier.screen(raw("From: user@例え.jp\n" + TO, "\n")).from().value())
                .isEqualTo("user@xn--r8jz45g.jp");
    }

    // --- bodies

    @Test
    void shiftJisWithoutCharsetShouldDecode() throws Exception {
        byte[] sjis = "入会希望です ①\r\n".getBytes(java.nio.charset.Charset.forName("windows-31j"));
        Screening s = InboundClassifier.screen(raw("From: a@docomo.ne.jp\n" + TO
                + "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n", sjis));
        assertThat(s.text().strip()).isEqualTo("入会希望です ①");
        assertThat(InboundClassifier.decode(sjis, "Shift_JIS").strip()).isEqualTo("入会希望です ①");
        assertThat(InboundClassifier.decode(sjis, "x-unknown-charset").strip()).isEqualTo("入会希望です ①");
    }

    @Test
    void undeclaredCharsetsShouldBeTriedAsUtf8ThenIso2022JpThenWindows31j() throws Exception {
        String text = "入会希望です 山田";
        assertThat(InboundClassifier.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null)).isEqualTo(text);
        assertThat(InboundClassifier.decode(text.getBytes(java.nio.charset.Charset.forName("ISO-2022-JP")), null))
                .isEqualTo(text);
        assertThat(InboundClassifier.decode(text.getBytes(java.nio.charset.Charset.forName("ISO-2022-JP")), "iso-2022-jp"))
                .isEqualTo(text);
        assertThat(InboundClassifier.decode(text.getBytes(java.nio.charset.Charset.forName("windows-31j")), ""))
                .isEqualTo(text);
        assertThat(InboundClassifier.decode("plain".getBytes(java.nio.charset.StandardCharsets.US_ASCII), null))
                .isEqualTo("plain");
    }

    @Test
    void anHtmlOnlyMailShouldGiveItsTextLineByLine() throws Exception {
        String html = "<html><head><title>t</title><style>p{color:red}</style></head><body>"
                + "<div>sakura2026</div><p>入会希望です&nbsp;山田&amp;佐藤 &#x2460;</p><script>x()</script></body></html>";
        Screening s = InboundClassifier.screen(raw("From: a@example.jp\n" + TO
                + "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n", html));
        assertThat(InboundClassifier.intent(s.text(), "sakura2026", false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.extraText(s.text(), "sakura2026")).isEqualTo("入会希望です 山田&佐藤 ①");
    }

    @Test
    void quotedPrintableJunkShouldStillBeAJoinWithItsTextKept() throws Exception {
        Screening s = InboundClassifier.screen(raw("From: a@example.jp\n" + TO
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n",
                "=E5=85=A5=E4=BC=9A=ZZ=\r\n=\r\n=3D=3D=3D junk =C3\r\n"));
        assertThat(s.actionable()).isTrue();
        assertThat(InboundClassifier.intent(s.text(), null, false)).isEqualTo(Intent.JOIN);
        assertThat(InboundClassifier.extraText(s.text(), null)).startsWith("入会");
    }
}
