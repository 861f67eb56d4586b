package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * The message the sending job writes from the broadcast's {@link MessageTemplate} means exactly what
 * {@link MessageComposer#compose} makes for the same member: both are read back from their bytes by Jakarta
 * Mail's parser and compared header by header (decoded) and part by part (type, charset, transfer encoding,
 * decoded content, file name, disposition). Only the Message-ID's random part and the boundaries may differ.
 */
class MessageTemplateTest {

    private static final String HTML = "<p>{name} 様</p><p>明日は<b>休校</b>です。{学年}</p>";

    @Test
    void plainUtf8ShouldMeanTheSame() throws Exception {
        assertSameMeaning(composer(MailCharset.UTF_8, null, List.of()), recipient("hanako@ezweb.ne.jp", "佐藤 花子"));
    }

    @Test
    void htmlShouldMeanTheSameWithPlaceholdersEscaped() throws Exception {
        assertSameMeaning(composer(MailCharset.UTF_8, HtmlBodies.sanitize(HTML), List.of()),
                recipient("hanako@ezweb.ne.jp", "<b>佐藤</b> & \"花子\""));
    }

    @Test
    void attachmentsShouldMeanTheSameWithAndWithoutHtml() throws Exception {
        List<MessageComposer.Attachment> attachments = List.of(
                new MessageComposer.Attachment("お知らせ.pdf", "application/pdf",
                        "%PDF-1.4\n\u00e9\u0000binary".getBytes(StandardCharsets.ISO_8859_1)),
                new MessageComposer.Attachment("list.csv", "text/csv", "a,b\nc,d\n".getBytes(StandardCharsets.US_ASCII)));
        assertSameMeaning(composer(MailCharset.UTF_8, null, attachments), recipient("a@docomo.ne.jp", "山田"));
        assertSameMeaning(composer(MailCharset.UTF_8, HtmlBodies.sanitize(HTML), attachments),
                recipient("a@docomo.ne.jp", "山田"));
        assertSameMeaning(composer(MailCharset.ISO_2022_JP, HtmlBodies.sanitize(HTML), attachments),
                recipient("a@docomo.ne.jp", "山田"));
    }

    @Test
    void iso2022JpShouldMeanTheSameAndTravelAs7Bit() throws Exception {
        MessageComposer composer = composer(MailCharset.ISO_2022_JP, null, List.of());
        MessageTemplate.Rendered rendered = composer.template().render(recipient("taro..yamada.@docomo.ne.jp", "山田 太郎"));

        assertSameMeaning(composer, recipient("taro..yamada.@docomo.ne.jp", "山田 太郎"));
        assertThat(rendered.charset()).isEqualTo(MailCharset.ISO_2022_JP);
        assertThat(new String(rendered.bytes(), StandardCharsets.US_ASCII))
                .contains("Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit",
                        "Subject: =?ISO-2022-JP?B?");
        for (byte b : rendered.bytes()) {
            assertThat(b & 0xff).isLessThan(0x80);
        }
    }

    @Test
    void iso2022JpShouldFallBackToUtf8ForAMemberWhoseNameDoesNotFit() throws Exception {
        MessageComposer composer = composer(MailCharset.ISO_2022_JP, HtmlBodies.sanitize(HTML), List.of());
        MessageTemplate.Rendered rendered = composer.template().render(recipient("a@docomo.ne.jp", "髙橋 ｱｲ 😀"));

        assertSameMeaning(composer, recipient("a@docomo.ne.jp", "髙橋 ｱｲ 😀"));
        assertThat(rendered.charset()).isEqualTo(MailCharset.UTF_8);
        assertThat(rendered.fellBackToUtf8()).isTrue();
    }

    @Test
    void mostlyAsciiAndAsciiTextsShouldKeepJakartaMailsTransferEncodings() throws Exception {
        MessageComposer.Content ascii = new MessageComposer.Content(7, "sakura-pta", "Sakura PTA", 42,
                "Notice for {name}", "Dear {name},\n\nNo school tomorrow.\n", null, MailCharset.UTF_8, "Sakura PTA",
                null, List.of());
        MessageComposer.Content mostlyAscii = new MessageComposer.Content(7, "sakura-pta", "Sakura PTA", 42,
                "Notice for {name} 様", "Dear {name} 様,\n\nNo school tomorrow, see the school's page.\n", null,
                MailCharset.UTF_8, "Sakura PTA", null, List.of());
        assertSameMeaning(composer(ascii), recipient("a@example.org", "Hanako"));
        assertSameMeaning(composer(mostlyAscii), recipient("a@example.org", "Hanako"));
        assertThat(MessageTemplate.transferEncoding("abc\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("7bit");
        assertThat(MessageTemplate.transferEncoding("x".repeat(999).getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("base64");
        assertThat(MessageTemplate.transferEncoding("Dear 様 ok".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("quoted-printable");
        assertThat(MessageTemplate.transferEncoding("休校です".getBytes(StandardCharsets.UTF_8))).isEqualTo("base64");
    }

    @Test
    void aLongSubjectShouldBeSplitIntoEncodedWordsOfAtMost75Characters() throws Exception {
        MessageComposer.Content c = new MessageComposer.Content(7, "sakura-pta", "さくら小学校PTA", 42,
                "【重要】台風接近に伴う明日の登校と学校行事について（{name}様、必ずお読みください）😀絵文字も",
                "本文", null, MailCharset.UTF_8, "さくら小PTA", null, List.of());
        MessageComposer composer = composer(c);
        assertSameMeaning(composer, recipient("a@example.org", "佐藤 花子"));
        String subject = header(composer.template().render(recipient("a@example.org", "佐藤 花子")).bytes(), "Subject");
        for (String word : MimeUtility.unfold(subject).split(" ")) {
            assertThat(word).startsWith("=?UTF-8?B?").hasSizeLessThanOrEqualTo(75);
        }
    }

    @Test
    void answerLinksAndTheMembersReplyAddressShouldMeanTheSame() throws Exception {
        MessageComposer.Content plain = Compositions.content(MailCharset.UTF_8, HtmlBodies.sanitize(HTML), List.of());
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), new MessageComposer.Answering(
                        AnswerAddresses.linkBase("https://renraku.test"), List.of("出席", "欠席"), "join.renraku.test",
                        Instant.parse("2026-04-03T09:00:00Z")));
        assertSameMeaning(composer(c), recipient("hanako@docomo.ne.jp", "佐藤 花子"));
    }

    @Test
    void aBodyHoldingABoundaryLikeLineShouldStillParseAsItsParts() throws Exception {
        MessageComposer.Content c = new MessageComposer.Content(7, "sakura-pta", "Sakura PTA", 42, "Notice",
                "----=_Part_{name}\n--{name}--\n", "<p>x</p>", MailCharset.UTF_8, "Sakura PTA", null, List.of());
        assertSameMeaning(composer(c), recipient("a@example.org", "abc"));
    }

    @Test
    void foldingShouldBreakLinesAsJakartaMailDoes() {
        String unsubscribe = "<https://renraku.test/unsubscribe/2a-rt-abcdefghijklmnop>, "
                + "<mailto:unsubscribe+2a-rt-abcdefghijklmnop@bounce.renraku.test?subject=unsubscribe>";
        String words = "=?UTF-8?B?44CQ6YeN6KaB44CR5Y+w6aKo5o6l6L+R44Gr5Ly044GG5piO5pel44Gu?= "
                + "=?UTF-8?B?55m75qCh44Go5a2m5qCh6KGM5LqL44Gr44Gk44GE44Gm?= =?UTF-8?B?5L2Q6Jek?=";
        for (String s : new String[] {unsubscribe, words, "short", "a  b   c " + "x".repeat(90) + " d", "x".repeat(100),
            "tab\tseparated " + "y".repeat(70) + "\tz", "trailing   "}) {
            for (int used : new int[] {0, 9, 18}) {
                assertThat(MessageTemplate.fold(used, s)).as("%d %s", used, s).isEqualTo(MimeUtility.fold(used, s));
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static MessageComposer composer(MailCharset charset, String html,
            List<MessageComposer.Attachment> attachments) {
        return Compositions.composer(charset, html, attachments);
    }

    private static MessageComposer composer(MessageComposer.Content content) {
        return new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, content, Compositions.TOKEN_KEY,
                Clock.fixed(Compositions.NOW, ZoneOffset.UTC));
    }

    private static MessageComposer.Recipient recipient(String email, String name) {
        return Compositions.recipient(email, name);
    }

    private static void assertSameMeaning(MessageComposer composer, MessageComposer.Recipient recipient)
            throws Exception {
        MessageComposer.Composed composed = composer.compose(recipient);
        MessageTemplate.Rendered rendered = composer.template().render(recipient);
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        composed.message().writeTo(old);

        assertThat(rendered.envelopeFrom()).isEqualTo(composed.envelopeFrom());
        assertThat(rendered.token()).isEqualTo(composed.token());
        assertThat(rendered.charset()).isEqualTo(composed.charset());
        assertThat(rendered.fellBackToUtf8()).isEqualTo(composed.fellBackToUtf8());
        assertThat(rendered.to().getAddress()).isEqualTo(recipient.email());
        String text = new String(rendered.bytes(), StandardCharsets.ISO_8859_1);
        assertThat(text.replace("\r\n", "")).doesNotContain("\r", "\n");
        assertThat(text.split("\r\n")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(998));

        // as the receiver gets it: the SMTP connection sends a 7-bit part's bare LF as CRLF
        MimeMessage before = parse(MessageTemplate.canonicalLineEnds(old.toByteArray()));
        MimeMessage after = parse(rendered.bytes());
        assertThat(headers(after)).isEqualTo(headers(before));
        assertThat(after.getSentDate()).isEqualTo(before.getSentDate());
        assertThat(after.getMessageID().replaceAll("\\.[0-9a-z]+@", ".*@"))
                .isEqualTo(before.getMessageID().replaceAll("\\.[0-9a-z]+@", ".*@"));
        assertSamePart(after, before, "message");
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Compositions.SESSION, new ByteArrayInputStream(bytes));
    }

    /** Every header but Message-ID and Date, decoded; Content-Type without its boundary. */
    private static Map<String, List<String>> headers(Part part) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Header h : Collections.list(part.getAllHeaders())) {
            String name = h.getName().toLowerCase();
            if (name.equals("message-id") || name.equals("date")) {
                continue;
            }
            String value = MimeUtility.decodeText(MimeUtility.unfold(h.getValue()));
            if (name.equals("content-type")) {
                ContentType type = new ContentType(value);
                type.getParameterList().remove("boundary");
                value = type.toString().replaceAll("\\s+", " ");
            }
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static void assertSamePart(Part after, Part before, String where) throws Exception {
        assertThat(headers(after)).as(where).isEqualTo(headers(before));
        assertThat(after.getFileName()).as(where).isEqualTo(before.getFileName());
        assertThat(after.getDisposition()).as(where).isEqualTo(before.getDisposition());
        if (before.isMimeType("multipart/*")) {
            MimeMultipart a = (MimeMultipart) after.getContent();
            MimeMultipart b = (MimeMultipart) before.getContent();
            assertThat(a.getCount()).as(where).isEqualTo(b.getCount());
            for (int i = 0; i < b.getCount(); i++) {
                BodyPart pa = a.getBodyPart(i);
                BodyPart pb = b.getBodyPart(i);
                assertSamePart(pa, pb, where + "/" + i);
            }
        } else {
            assertThat(bytes(after)).as(where).isEqualTo(bytes(before));
            if (before.getContent() instanceof String) {
                assertThat(after.getContent()).as(where).isEqualTo(before.getContent());
            }
        }
    }

    private static byte[] bytes(Part p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String header(byte[] message, String name) throws Exception {
        return parse(message).getHeader(name, null);
    }
}
