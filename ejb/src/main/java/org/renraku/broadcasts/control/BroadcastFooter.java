package org.renraku.broadcasts.control;

import java.util.Locale;
import java.util.Objects;
import org.renraku.mail.control.MailTexts;

/**
 * The foot of every broadcast (a network may turn it off): the member's signed personal-page link — their
 * page with their details, the archive (バックナンバー) and leaving — in the member's language, below the text and the
 * answer block, in the text part and (as a small block) in the HTML part.
 * <p>
 * Cheap per message: the texts of both languages are read from {@code org/renraku/mail/texts_*.properties} once,
 * when the footer is made, with CRLF line breaks as the message has them, and split around the link; a message
 * costs the link's one HMAC and a concatenation ({@link #of}).
 * No database read: the member's id, link version and language come with the recipient. A recipient without a link
 * version (a test mail to an admin, the console's preview) gets the sample link and a line saying it is a sample.
 * Immutable: the sending threads share it.
 */
public final class BroadcastFooter {

    /** Signs a member's personal link (the members feature's short form: {@code <base>/p/<id>.<signature>}). */
    @FunctionalInterface
    public interface Links {
        String link(long memberId, int linkVersion);
    }

    /** One member's footer: the text block and the HTML block, with the same link. */
    public record Block(String text, String html) {
    }

    /** The text and HTML of one language, each cut in two at the link. */
    private record Texts(String textBefore, String textAfter, String htmlBefore, String htmlAfter, String sampleText,
            String sampleHtml) {
    }

    private static final String MARK = "\u0000";

    private final Links links;
    private final String sampleLink;
    private final Texts japanese;
    private final Texts english;

    /** {@code sampleLink}: what test mails and previews show instead of a member's link. */
    public BroadcastFooter(Links links, String sampleLink) {
        this.links = Objects.requireNonNull(links, "links");
        this.sampleLink = Objects.requireNonNull(sampleLink, "sampleLink");
        this.japanese = texts(Locale.JAPANESE);
        this.english = texts(Locale.ENGLISH);
    }

    /** The language tag a member's {@code language} column names, as the footer reads it: en, else ja. */
    public static Locale localeOf(String language) {
        return language != null && language.strip().toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH
                : Locale.JAPANESE;
    }

    /** The member's link, or the sample one for a recipient without a link version. */
    String link(MessageComposer.Recipient recipient) {
        return recipient.linkVersion() == null ? sampleLink : links.link(recipient.memberId(), recipient.linkVersion());
    }

    /** The member's footer for both parts, the link signed once. */
    public Block of(MessageComposer.Recipient recipient) {
        Texts t = inLanguage(recipient.locale());
        String link = link(recipient);
        return new Block(text(t, link, recipient.linkVersion() == null), html(t, link, recipient.linkVersion() == null));
    }

    /** The block below the text (CRLF line breaks), starting with a blank line. */
    public String text(MessageComposer.Recipient recipient) {
        return of(recipient).text();
    }

    /** The same block for the HTML part: a rule, the lead, the link, every text escaped. */
    public String html(MessageComposer.Recipient recipient) {
        return of(recipient).html();
    }

    private static String text(Texts t, String link, boolean sample) {
        String block = t.textBefore() + link + t.textAfter();
        return sample ? block + t.sampleText() : block;
    }

    private static String html(Texts t, String link, boolean sample) {
        String escaped = HtmlBodies.escape(link);
        String block = t.htmlBefore() + escaped + "\">" + escaped + t.htmlAfter();
        return sample ? block.replace("</div>", t.sampleHtml() + "</div>") : block;
    }

    private Texts inLanguage(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? english : japanese;
    }

    private static Texts texts(Locale locale) {
        String rule = MailTexts.text(locale, "footer.rule");
        String lead = MailTexts.text(locale, "footer.lead");
        String note = MailTexts.text(locale, "footer.note");
        String linkLine = MailTexts.text(locale, "footer.link", MARK);
        int at = linkLine.indexOf(MARK);
        String text = MessageComposer.crlf("\n\n" + rule + "\n" + lead + "\n" + linkLine.substring(0, at));
        String textAfter = MessageComposer.crlf(linkLine.substring(at + MARK.length()) + "\n" + note + "\n");
        String html = "<hr><div class=\"renraku-footer\" style=\"font-size:13px;color:#555\"><p>"
                + HtmlBodies.escape(lead) + "<br>" + HtmlBodies.escape(linkLine.substring(0, at)) + "<a href=\"";
        String htmlAfter = "</a>" + HtmlBodies.escape(linkLine.substring(at + MARK.length())) + "</p><p>"
                + HtmlBodies.escape(note) + "</p></div>";
        String sample = MailTexts.text(locale, "footer.sample");
        return new Texts(text, textAfter, MessageComposer.crlf(html), MessageComposer.crlf(htmlAfter),
                MessageComposer.crlf(sample + "\n"),
                "<p>" + HtmlBodies.escape(sample) + "</p>");
    }
}
