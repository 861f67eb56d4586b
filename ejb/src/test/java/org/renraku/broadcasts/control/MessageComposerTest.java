package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * The message of one broadcast to one member, read back the way a receiving server would read it: from its
 * bytes, with Jakarta Mail's parser.
 */
class MessageComposerTest {

    private static final String LEGACY_DOCOMO = "taro..yamada.@docomo.ne.jp";

    @Test
    void headersShouldIdentifyAuthenticateAndOfferOneClickUnsubscribe() throws Exception {
        MessageComposer.Composed composed = compose(MailCharset.UTF_8, null, List.of(), "山田 太郎");
        MimeMessage m = reparse(composed.message());
        String token = composed.token();
        String unsubscribe = new DeliveryToken(42, 1001).sign(Compositions.TOKEN_KEY, DeliveryToken.Purpose.UNSUBSCRIBE);

        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("sakura-pta@mail.renraku.test");
        assertThat(from.getPersonal()).isEqualTo("さくら小PTA 連絡係");
        assertThat(m.getHeader("From", null)).startsWith("=?UTF-8?");
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("office@sakura.test");
        assertThat(m.getHeader("To", null)).isEqualTo(LEGACY_DOCOMO);
        assertThat(m.getSubject()).isEqualTo("【休校】山田 太郎様 明日は休校です");
        assertThat(m.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(m.getSentDate()).isEqualTo(Date.from(Compositions.NOW));
        assertThat(m.getMessageID()).matches("<42\\.1001\\.[0-9a-z]+@mail\\.renraku\\.test>");

        assertThat(composed.envelopeFrom()).isEqualTo("bounce+" + token + "@bounce.renraku.test");
        assertThat(((SMTPMessage) composed.message()).getEnvelopeFrom()).isEqualTo(composed.envelopeFrom());
        assertThat(DeliveryToken.parse(token, Compositions.TOKEN_KEY, DeliveryToken.Purpose.BOUNCE)).contains(new DeliveryToken(42, 1001));

        assertThat(MimeUtility.unfold(m.getHeader("List-Id", null)))
                .isEqualTo("=?UTF-8?B?44GV44GP44KJ5bCP5a2m5qChUFRB?= <sakura-pta.lists.renraku.test>");
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(m.getHeader("List-Id", null))))
                .isEqualTo("さくら小学校PTA <sakura-pta.lists.renraku.test>");
        assertThat(MimeUtility.unfold(m.getHeader("List-Unsubscribe", null))).isEqualTo(
                "<https://renraku.test/unsubscribe/" + unsubscribe + ">, <mailto:unsubscribe+" + unsubscribe
                        + "@bounce.renraku.test?subject=unsubscribe>");
        assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getHeader("X-Renraku-Network", null)).isEqualTo("sakura-pta");
        assertThat(m.getHeader("X-Renraku-Broadcast", null)).isEqualTo("42");
        assertThat(m.getHeader("X-Renraku-Delivery", null)).isEqualTo(token);
    }

    @Test
    void everyHeaderShouldBeAsciiAndNoLineLongerThan998() throws Exception {
        String raw = raw(compose(MailCharset.UTF_8, "<p>x</p>", List.of(pdf(10)), "山田 太郎").message());
        String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));

        assertThat(headers.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(raw.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void plainUtf8TextShouldBeFilledInAndTravelAsBase64OrQuotedPrintable() throws Exception {
        MimeMessage m = reparse(compose(MailCharset.UTF_8, null, List.of(), "佐藤 花子").message());

        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getEncoding()).isIn("base64", "quoted-printable");
        assertThat((String) m.getContent()).startsWith("佐藤 花子 様\r\n").contains("学年: 3年");
    }

    @Test
    void iso2022JpShouldBeUsedWhenTheTextFitsAndTravelAs7Bit() throws Exception {
        MessageComposer.Composed composed = compose(MailCharset.ISO_2022_JP, null, List.of(), "山田 太郎");
        MimeMessage m = reparse(composed.message());

        assertThat(composed.charset()).isEqualTo(MailCharset.ISO_2022_JP);
        assertThat(composed.fellBackToUtf8()).isFalse();
        assertThat(m.getContentType()).containsIgnoringCase("charset=ISO-2022-JP");
        assertThat(m.getEncoding()).isEqualTo("7bit");
        assertThat(m.getHeader("Subject", null)).startsWith("=?ISO-2022-JP?B?");
        assertThat(m.getSubject()).isEqualTo("【休校】山田 太郎様 明日は休校です");
        assertThat((String) m.getContent()).startsWith("山田 太郎 様");
    }

    @Test
    void iso2022JpShouldFallBackToUtf8WhenANameDoesNotFit() throws Exception {
        for (String name : new String[] {"髙橋 一郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田①", "はなこ📣"}) {
            MessageComposer.Composed composed = compose(MailCharset.ISO_2022_JP, null, List.of(), name);
            MimeMessage m = reparse(composed.message());

            assertThat(composed.fellBackToUtf8()).as(name).isTrue();
            assertThat(composed.charset()).isEqualTo(MailCharset.UTF_8);
            assertThat(m.getContentType()).containsIgnoringCase("charset=UTF-8");
            assertThat((String) m.getContent()).startsWith(name + " 様");
        }
    }

    @Test
    void fitsIso2022JpShouldFollowRfc1468() {
        assertThat(MessageComposer.fitsIso2022Jp("明日は休校です。〜 ABC abc 123", null)).isTrue();
        assertThat(MessageComposer.fitsIso2022Jp("半角ｶﾅ")).isFalse();
        assertThat(MessageComposer.fitsIso2022Jp("髙")).isFalse();
        assertThat(MessageComposer.fitsIso2022Jp("～")).isFalse(); // FULLWIDTH TILDE as typed on Windows
        assertThat(MessageComposer.fitsIso2022Jp("🌀")).isFalse();
    }

    @Test
    void htmlShouldMakeAnAlternativeWithPlaceholdersEscaped() throws Exception {
        String html = HtmlBodies.sanitize("<p onclick=\"steal()\">{name} 様</p><script>alert(1)</script>"
                + "<a href=\"javascript:alert(2)\">x</a><a href=\"https://sakura.test/\">学校</a>");
        MimeMessage m = reparse(compose(MailCharset.UTF_8, html, List.of(), "<b>太郎</b>").message());

        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) alternative.getBodyPart(0).getContent()).startsWith("<b>太郎</b> 様");
        BodyPart htmlPart = alternative.getBodyPart(1);
        assertThat(htmlPart.getContentType()).startsWith("text/html");
        String shown = (String) htmlPart.getContent();
        assertThat(shown).contains("&lt;b&gt;太郎&lt;/b&gt; 様", "href=\"https://sakura.test/\"")
                .doesNotContain("onclick", "<script", "javascript:", "<b>");
    }

    @Test
    void attachmentsShouldMakeAMixedMessageWithTheirNamesAndBytes() throws Exception {
        byte[] bytes = new byte[1000];
        bytes[7] = 42;
        MimeMessage m = reparse(compose(MailCharset.UTF_8, "<p>{name}</p>",
                List.of(new MessageComposer.Attachment("運動会のお知らせ.pdf", "application/pdf", bytes)), "太郎")
                .message());

        assertThat(m.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        BodyPart file = mixed.getBodyPart(1);
        assertThat(file.getContentType()).startsWith("application/pdf");
        assertThat(file.getDisposition()).isEqualTo("attachment");
        assertThat(file.getFileName()).isEqualTo("運動会のお知らせ.pdf");
        assertThat(file.getInputStream().readAllBytes()).isEqualTo(bytes);
    }

    @Test
    void attachmentsOverTheLimitShouldBeRefusedWithTheirSize() {
        MessageComposer.Attachment big = pdf(3 * 1024 * 1024);

        assertThatThrownBy(() -> Compositions.composer(MailCharset.UTF_8, null, List.of(big)))
                .isInstanceOfSatisfying(MessageComposer.AttachmentsTooLarge.class, e -> {
                    assertThat(e.limitBytes()).isEqualTo(3L * 1024 * 1024);
                    assertThat(e.encodedBytes()).isGreaterThan(4L * 1024 * 1024);
                });
        // 2 MB of files take about 2.7 MB in base64: under the default limit
        MessageComposer.checkAttachments(List.of(pdf(1024 * 1024), pdf(1024 * 1024)),
                MessageComposer.DEFAULT_ATTACHMENT_LIMIT);
    }

    @Test
    void encodedSizeShouldMatchWhatJakartaMailWrites() throws Exception {
        for (int n : new int[] {0, 1, 56, 57, 58, 1000, 100_000}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var b64 = MimeUtility.encode(out, "base64")) {
                b64.write(new byte[n]);
            }
            // Jakarta Mail ends the last line without CRLF; the estimate counts one: never below the real size
            assertThat(MessageComposer.encodedSize(n)).as("%d bytes", n).isBetween((long) out.size(), out.size() + 2L);
        }
    }

    @Test
    void unknownPlaceholdersShouldStayAsTypedAndValuesShouldNotBreakTheSubjectLine() throws Exception {
        assertThat(MessageComposer.fill("{name} {学年} {クラス} {", Map.of("name", "A", "学年", "1年"), v -> v))
                .isEqualTo("A 1年 {クラス} {");
        MimeMessage m = reparse(compose(MailCharset.UTF_8, null, List.of(), "悪意\r\nBcc: x@evil.test").message());
        assertThat(m.getSubject()).isEqualTo("【休校】悪意 Bcc: x@evil.test様 明日は休校です");
        assertThat(m.getHeader("Bcc")).isNull();
    }

    @Test
    void theMessageIdShouldSurviveAnotherSave() throws Exception {
        MimeMessage m = compose(MailCharset.UTF_8, null, List.of(), "太郎").message();
        String id = m.getMessageID();
        m.saveChanges();

        assertThat(m.getMessageID()).isEqualTo(id);
        assertThat(m.getHeader("To", null)).isEqualTo(LEGACY_DOCOMO);
    }

    @Test
    void anHttpUnsubscribeUrlShouldBeRefused() {
        assertThatThrownBy(() -> new MessageComposer.Settings("a@b.test", "b.test", "b.test", "bounce",
                "http://renraku.test/u/", "unsubscribe", "l.test", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DateTimeFormatter.ISO_INSTANT.format(Compositions.NOW)).isNotEmpty();
    }

    private static MessageComposer.Attachment pdf(int size) {
        return new MessageComposer.Attachment("f.pdf", "application/pdf", new byte[size]);
    }

    private static MessageComposer.Composed compose(MailCharset charset, String html,
            List<MessageComposer.Attachment> attachments, String name) throws Exception {
        return Compositions.composer(charset, html, attachments)
                .compose(Compositions.recipient(LEGACY_DOCOMO, name));
    }

    private static String raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static MimeMessage reparse(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return new MimeMessage(Compositions.SESSION, new ByteArrayInputStream(out.toByteArray()));
    }
}
