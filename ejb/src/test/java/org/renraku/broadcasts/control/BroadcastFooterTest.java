package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.members.control.MemberLinks;

/**
 * The footer of every broadcast: the member's own short personal link, in the member's language, in the
 * text and the HTML part, below the answer block; the same bytes by the sending job's template; a sample for tests.
 */
class BroadcastFooterTest {

    /** A typical production base URL. */
    private static final String BASE = "https://renraku.example.jp";
    private static final byte[] LINK_KEY = "member-link test secret".getBytes(StandardCharsets.UTF_8);
    private static final BroadcastFooter FOOTER = new BroadcastFooter(
            (id, version) -> MemberLinks.shortLink(BASE, LINK_KEY, id, version), BASE + MemberLinks.SAMPLE);

    private static MessageComposer composer(MailCharset charset, String html, MessageComposer.Answering answering,
            BroadcastFooter footer) {
        MessageComposer.Content plain = Compositions.content(charset, html, List.of());
        MessageComposer.Content c = new MessageComposer.Content(plain.networkId(), plain.networkSlug(),
                plain.networkName(), plain.broadcastId(), plain.subject(), plain.text(), plain.html(), plain.charset(),
                plain.fromName(), plain.replyTo(), plain.attachments(), answering).withFooter(footer);
        return new MessageComposer(Compositions.SESSION, Compositions.SETTINGS, c, Compositions.TOKEN_KEY,
                Clock.fixed(Compositions.NOW, ZoneOffset.UTC));
    }

    private static MessageComposer.Recipient member(Locale locale, Integer linkVersion) {
        return new MessageComposer.Recipient(1001, "hanako@docomo.ne.jp", Map.of("name", "佐藤 花子", "学年", "3年"),
                locale, linkVersion);
    }

    private static String memberLink() {
        return MemberLinks.shortLink(BASE, LINK_KEY, 1001, 3);
    }

    @Test
    void textAndHtmlPartsShouldEndWithTheMembersOwnSignedPageLinkInJapanese() throws Exception {
        MimeMessage m = reparse(composer(MailCharset.UTF_8, "<p>台風接近のため休校です</p>", null, FOOTER)
                .compose(member(Locale.JAPANESE, 3)).message());
        String text = part(m, "text/plain");
        String html = part(m, "text/html");

        assertThat(text).contains("あなた専用のページ(登録内容の確認・変更、バックナンバー、退会):\r\n" + memberLink() + "\r\n")
                .contains("転送しないでください").doesNotContain("見本");
        assertThat(text.indexOf("台風接近")).isLessThan(text.indexOf(memberLink()));
        assertThat(html).contains("<a href=\"" + memberLink() + "\">" + memberLink() + "</a>")
                .contains("あなた専用のページ");
        assertThat(html.indexOf("休校です")).isLessThan(html.indexOf(memberLink()));
        assertThat(MemberLinks.matchesShort(LINK_KEY, 1001, 3,
                memberLink().substring(memberLink().lastIndexOf('.') + 1))).isTrue();
    }

    @Test
    void theLinkShouldFitAPhoneScreen() {
        String link = MemberLinks.shortLink(BASE, LINK_KEY, 1_234_567, 12);
        assertThat(link).hasSizeLessThan(60).startsWith(BASE + "/p/1234567.");
        assertThat(MemberLinks.link(BASE, LINK_KEY, 1_234_567, 12)).as("the full form, for comparison")
                .hasSizeGreaterThan(link.length() + 25);
    }

    @Test
    void anEnglishMemberShouldGetTheEnglishFooter() throws Exception {
        MimeMessage m = reparse(composer(MailCharset.UTF_8, "<p>x</p>", null, FOOTER)
                .compose(member(Locale.ENGLISH, 3)).message());

        assertThat(part(m, "text/plain")).contains("Your own page (your details, past messages, leaving):\r\n"
                + memberLink()).doesNotContain("あなた専用");
        assertThat(part(m, "text/html")).contains("Your own page").contains(memberLink());
        assertThat(BroadcastFooter.localeOf("en")).isEqualTo(Locale.ENGLISH);
        assertThat(BroadcastFooter.localeOf("ja")).isEqualTo(Locale.JAPANESE);
        assertThat(BroadcastFooter.localeOf(null)).as("Japanese unless chosen").isEqualTo(Locale.JAPANESE);
        assertThat(BroadcastFooter.localeOf("fr")).isEqualTo(Locale.JAPANESE);
    }

    @Test
    void theFooterShouldComeBelowTheAnswerBlock() throws Exception {
        MessageComposer.Answering confirm = new MessageComposer.Answering(
                MessageComposer.Answering.linkBaseOf("https://renraku.test"), List.of(), null, null);
        String text = part(reparse(composer(MailCharset.UTF_8, null, confirm, FOOTER)
                .compose(member(Locale.JAPANESE, 3)).message()), "text/plain");

        assertThat(text.indexOf("確認のお願い")).isPositive().isLessThan(text.indexOf(memberLink()));
    }

    @Test
    void theSendingJobsTemplateShouldWriteTheSameFooter() throws Exception {
        MessageComposer composer = composer(MailCharset.UTF_8, "<p>x</p>", null, FOOTER);
        MimeMessage rendered = new MimeMessage(Compositions.SESSION,
                new ByteArrayInputStream(composer.template().render(member(Locale.JAPANESE, 3)).bytes()));

        assertThat(part(rendered, "text/plain")).contains(memberLink()).contains("あなた専用のページ");
        assertThat(part(rendered, "text/html")).contains("<a href=\"" + memberLink() + "\">");
    }

    @Test
    void iso2022JpBroadcastsShouldStayIso2022JpWithTheFooter() throws Exception {
        MessageComposer.Composed c = composer(MailCharset.ISO_2022_JP, null, null, FOOTER)
                .compose(member(Locale.JAPANESE, 3));

        assertThat(c.fellBackToUtf8()).isFalse();
        assertThat((String) reparse(c.message()).getContent()).contains(memberLink()).contains("あなた専用のページ");
    }

    @Test
    void aTestMailShouldShowASampleFooter() throws Exception {
        String text = part(reparse(composer(MailCharset.UTF_8, null, null, FOOTER)
                .compose(new MessageComposer.Recipient(1001, "admin@sakura.test", Map.of())).message()), "text/plain");

        assertThat(text).contains(BASE + "/p/0.sample").contains("見本").doesNotContain(memberLink());
        assertThat(FOOTER.html(new MessageComposer.Recipient(1, "a@b.test", Map.of()))).contains("見本");
    }

    @Test
    void aNetworkWithoutTheFooterShouldSendNone() throws Exception {
        MimeMessage m = reparse(composer(MailCharset.UTF_8, "<p>x</p>", null, null)
                .compose(member(Locale.JAPANESE, 3)).message());

        assertThat(part(m, "text/plain")).doesNotContain("/p/").doesNotContain("あなた専用のページ");
        assertThat(part(m, "text/html")).doesNotContain("renraku-footer");
    }

    private static MimeMessage reparse(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return new MimeMessage(Compositions.SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    /** The first part of this type (the message itself when it is not multipart). */
    private static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return (String) p.getContent();
        }
        if (p.getContent() instanceof MimeMultipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                String found = part(b, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
