package org.renraku.broadcasts.control;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.CharsetEncoder;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.mail.control.MailTexts;

/**
 * Builds the message of one broadcast for one member: everything the receiving side checks before it believes
 * us. From with a display name and Reply-To, To (the address exactly as stored, legacy docomo forms included),
 * Subject and Date, a Message-ID on our domain, the VERP envelope sender carrying the signed delivery token,
 * List-Id, RFC 8058 one-click List-Unsubscribe (https and mailto) with List-Unsubscribe-Post, and
 * {@code X-Renraku-*} headers. Placeholders {@code {name}} and {@code {<attribute label>}} are filled per member
 * (escaped in the HTML part; unknown ones stay as typed, so a typo shows in the preview).
 * <p>
 * Text goes out in UTF-8 (base64 or quoted-printable, as Jakarta Mail finds shorter) or, when the broadcast asks
 * for it and this member's filled-in text fits, in ISO-2022-JP (7 bit); otherwise in UTF-8 with
 * {@link Composed#fellBackToUtf8()} set, for the console's warning. A sanitised HTML part makes the body
 * multipart/alternative; attachments make it multipart/mixed.
 * <p>
 * One composer serves one broadcast and is immutable, so the sending threads share it; the attachment limit is
 * checked once, when it is made.
 */
public final class MessageComposer {

    /** Default total size of the attachments as they travel (base64): au refuses larger mail. */
    public static final long DEFAULT_ATTACHMENT_LIMIT = 3L * 1024 * 1024;
    public static final String CONFIG_ATTACHMENT_LIMIT = "renraku.broadcast.attachment-limit-bytes";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}\\r\\n]{1,50})}");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r?\\n|\\r");
    private static final Pattern LINE_SPACE = Pattern.compile("[\\r\\n\\t]+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^ ]]");

    /**
     * Where the service is: the From address (its domain should be the DKIM d=), the domain of Message-IDs,
     * the bounce domain and local-part prefix of VERP addresses, the one-click URL prefix (the token is
     * appended), the local part of the mailto unsubscribe address, the List-Id domain, the attachment limit.
     */
    public record Settings(String fromAddress, String messageIdDomain, String bounceDomain, String bouncePrefix,
            String unsubscribeUrlPrefix, String unsubscribeMailbox, String listIdDomain, long attachmentLimitBytes) {
        public Settings {
            Objects.requireNonNull(fromAddress, "fromAddress");
            Objects.requireNonNull(messageIdDomain, "messageIdDomain");
            Objects.requireNonNull(bounceDomain, "bounceDomain");
            Objects.requireNonNull(bouncePrefix, "bouncePrefix");
            Objects.requireNonNull(unsubscribeUrlPrefix, "unsubscribeUrlPrefix");
            Objects.requireNonNull(unsubscribeMailbox, "unsubscribeMailbox");
            Objects.requireNonNull(listIdDomain, "listIdDomain");
            if (!unsubscribeUrlPrefix.startsWith("https://")) {
                throw new IllegalArgumentException("RFC 8058 needs an https unsubscribe URL: " + unsubscribeUrlPrefix);
            }
        }
    }

    public record Attachment(String fileName, String contentType, byte[] content) {
        public Attachment {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * What an admin composed; {@code html} already sanitised ({@link HtmlBodies#sanitize}) or null;
     * {@code answering} what the broadcast asks of its members, or null; {@code footer} the member's personal-page
     * link below everything, or null when the network turned it off.
     */
    public record Content(long networkId, String networkSlug, String networkName, long broadcastId, String subject,
            String text, String html, MailCharset charset, String fromName, String replyTo,
            List<Attachment> attachments, Answering answering, BroadcastFooter footer) {
        public Content {
            Objects.requireNonNull(networkSlug, "networkSlug");
            Objects.requireNonNull(networkName, "networkName");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(charset, "charset");
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
        }

        /** Without a footer. */
        public Content(long networkId, String networkSlug, String networkName, long broadcastId, String subject,
                String text, String html, MailCharset charset, String fromName, String replyTo,
                List<Attachment> attachments, Answering answering) {
            this(networkId, networkSlug, networkName, broadcastId, subject, text, html, charset, fromName, replyTo,
                    attachments, answering, null);
        }

        /** The same content with {@code footer} (null: none). */
        public Content withFooter(BroadcastFooter footer) {
            return new Content(networkId, networkSlug, networkName, broadcastId, subject, text, html, charset,
                    fromName, replyTo, attachments, answering, footer);
        }

        /** A broadcast that asks nothing of its members. */
        public Content(long networkId, String networkSlug, String networkName, long broadcastId, String subject,
                String text, String html, MailCharset charset, String fromName, String replyTo,
                List<Attachment> attachments) {
            this(networkId, networkSlug, networkName, broadcastId, subject, text, html, charset, fromName, replyTo,
                    attachments, null);
        }
    }

    /**
     * What a broadcast asks of its members (answers): each member's message gets personal links — one
     * 「確認しました」 link, or one per choice — {@code linkBase} followed by the member's answer token and the
     * choice (0 = confirm), and, when {@code replyDomain} is set (the join domain), the member's own reply address
     * {@code <slug>+r-<answer token>@<replyDomain>} as Reply-To for keyword replies (an answer counts
     * for the recipient whose token it carries). The wording is in {@code org/renraku/mail/texts_ja.properties}
     * ({@code answer.mail.*}). {@code broadcastId}: the broadcast the answers go to when it is not the one being
     * sent (a re-send, 再送, asks for its original's: the links and the reply address carry the member's token of
     * the original), else null.
     */
    public record Answering(String linkBase, List<String> choices, String replyDomain, Instant deadline,
            Long broadcastId, boolean survey) {
        /** The "+detail" of a member's reply address starts with this; the answer token follows. */
        public static final String REPLY_DETAIL_PREFIX = "r-";
        /** The member page that records an answer (the answers feature serves it). */
        public static final String ANSWER_PAGE = "/member/answer.xhtml";

        /** {@code <base>/member/answer.xhtml?t=}: the answer token and {@code &c=<n>} follow. */
        public static String linkBaseOf(String base) {
            return base.strip().replaceAll("/+$", "") + ANSWER_PAGE + "?t=";
        }

        public Answering {
            Objects.requireNonNull(linkBase, "linkBase");
            choices = List.copyOf(choices == null ? List.of() : choices);
        }

        /** A confirmation or choices (not a survey). */
        public Answering(String linkBase, List<String> choices, String replyDomain, Instant deadline,
                         Long broadcastId) {
            this(linkBase, choices, replyDomain, deadline, broadcastId, false);
        }

        /** The links of the broadcast being sent itself. */
        public Answering(String linkBase, List<String> choices, String replyDomain, Instant deadline) {
            this(linkBase, choices, replyDomain, deadline, null);
        }

        /** True when keyword replies are taken: a reply domain is set and the broadcast is no survey. */
        public boolean takesReplies() {
            return replyDomain != null && !survey;
        }

        /**
         * The member's own reply address for the answer {@code token}, or null when no replies are taken; the
         * answers feature reads it back ({@code AnswerAddresses}).
         */
        public String replyAddress(String networkSlug, String token) {
            return takesReplies() ? replyAddressOf(networkSlug, token, replyDomain) : null;
        }

        /** {@code <slug>+r-<answer token>@<domain>}. */
        public static String replyAddressOf(String networkSlug, String token, String domain) {
            return networkSlug + "+" + REPLY_DETAIL_PREFIX + token + "@" + domain;
        }

        /** The personal link of choice {@code n} (0 confirms) for the delivery {@code token}. */
        public String link(String token, int n) {
            return linkBase + token + "&c=" + n;
        }

        /** True for a re-send (再送): its subject gets the re-send prefix in each member's language. */
        public boolean resend() {
            return broadcastId != null;
        }

        /** {@link #text(String, Locale)} in Japanese. */
        public String text(String token) {
            return text(token, Locale.JAPANESE);
        }

        /** {@link #html(String, Locale)} in Japanese. */
        public String html(String token) {
            return html(token, Locale.JAPANESE);
        }

        /** The block added below the text in the member's language: what to do, the links, the keyword reply, the deadline. */
        public String text(String token, Locale locale) {
            StringBuilder b = new StringBuilder("\n\n").append(MailTexts.text(locale, "answer.mail.rule")).append('\n');
            if (survey) {
                b.append(MailTexts.text(locale, "answer.mail.survey.lead")).append('\n');
                b.append(MailTexts.text(locale, "answer.mail.survey.link", link(token, 0))).append('\n');
            } else if (choices.isEmpty()) {
                b.append(MailTexts.text(locale, "answer.mail.confirm.lead")).append('\n');
                b.append(MailTexts.text(locale, "answer.mail.confirm.link", link(token, 0))).append('\n');
                if (replyDomain != null) {
                    b.append(MailTexts.text(locale, "answer.mail.confirm.reply")).append('\n');
                }
            } else {
                b.append(MailTexts.text(locale, "answer.mail.choice.lead")).append('\n');
                for (int i = 0; i < choices.size(); i++) {
                    b.append(MailTexts.text(locale, "answer.mail.choice.link", choices.get(i), link(token, i + 1))).append('\n');
                }
                if (replyDomain != null) {
                    b.append(MailTexts.text(locale, "answer.mail.choice.reply", choices.get(0))).append('\n');
                }
            }
            if (deadline != null) {
                b.append(MailTexts.text(locale, "answer.mail.deadline", MailTexts.time(locale, deadline))).append('\n');
            }
            b.append(MailTexts.text(locale, "answer.mail.change")).append('\n');
            return b.toString();
        }

        /** The same block for the HTML part: links as buttons, every text escaped. */
        public String html(String token, Locale locale) {
            StringBuilder b = new StringBuilder("<hr><div class=\"renraku-answer\"><p>");
            b.append(HtmlBodies.escape(MailTexts.text(survey ? "answer.mail.survey.lead"
                    : choices.isEmpty() ? "answer.mail.confirm.lead" : "answer.mail.choice.lead"))).append("</p><p>");
            if (survey) {
                b.append(button(link(token, 0), MailTexts.text(locale, "answer.mail.survey.button")));
            } else if (choices.isEmpty()) {
                b.append(button(link(token, 0), MailTexts.text(locale, "answer.mail.confirm.button")));
            } else {
                for (int i = 0; i < choices.size(); i++) {
                    b.append(button(link(token, i + 1), choices.get(i))).append(' ');
                }
            }
            b.append("</p>");
            if (takesReplies()) {
                b.append("<p>").append(HtmlBodies.escape(choices.isEmpty() ? MailTexts.text(locale, "answer.mail.confirm.reply")
                        : MailTexts.text(locale, "answer.mail.choice.reply", choices.get(0)))).append("</p>");
            }
            if (deadline != null) {
                b.append("<p>").append(HtmlBodies.escape(MailTexts.text(locale, "answer.mail.deadline",
                        MailTexts.time(locale, deadline)))).append("</p>");
            }
            b.append("<p>").append(HtmlBodies.escape(MailTexts.text(locale, "answer.mail.change"))).append("</p></div>");
            return b.toString();
        }

        private static String button(String href, String label) {
            return "<a href=\"" + HtmlBodies.escape(href) + "\" style=\"display:inline-block;padding:10px 18px;"
                    + "margin:4px;border:1px solid #1a73e8;border-radius:6px;color:#1a73e8;text-decoration:none;"
                    + "font-size:16px\">" + HtmlBodies.escape(label) + "</a>";
        }
    }

    /**
     * One member: the address as stored, and the placeholder values ({@code name} → the member's name,
     * attribute label → value); the member's language ({@code members.language}: the footer's) and link
     * version (what their personal link is signed with; null for a test mail or preview: the footer's link is a
     * sample).
     */
    public record Recipient(long memberId, String email, Map<String, String> values, Locale locale,
            Integer linkVersion) {
        public Recipient {
            Objects.requireNonNull(email, "email");
            values = Map.copyOf(values == null ? Map.of() : values);
            locale = locale == null ? Locale.JAPANESE : locale;
        }

        /** A recipient in Japanese without a link version (test mails, tests). */
        public Recipient(long memberId, String email, Map<String, String> values) {
            this(memberId, email, values, Locale.JAPANESE, null);
        }
    }

    /**
     * The message and its envelope sender (also set on the message, an {@link SMTPMessage}); the charset used,
     * and whether ISO-2022-JP was asked for but this text did not fit.
     */
    public record Composed(MimeMessage message, String envelopeFrom, String token, MailCharset charset,
            boolean fellBackToUtf8) {
    }

    /** The total attachment size is over the limit (the console shows both figures). */
    public static final class AttachmentsTooLarge extends IllegalArgumentException {
        private final long encodedBytes;
        private final long limitBytes;

        public AttachmentsTooLarge(long encodedBytes, long limitBytes) {
            super("Attachments take " + encodedBytes + " bytes in the mail; the limit is " + limitBytes);
            this.encodedBytes = encodedBytes;
            this.limitBytes = limitBytes;
        }

        public long encodedBytes() { return encodedBytes; }
        public long limitBytes() { return limitBytes; }
    }

    private final Session session;
    private final Settings settings;
    private final Content content;
    private final byte[] tokenKey;
    private final Clock clock;
    /** The bodies with CRLF line breaks, worked out once: only what is filled in differs from member to member. */
    private final String crlfText;
    private final String crlfHtml;

    public MessageComposer(Session session, Settings settings, Content content, byte[] tokenKey, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.content = Objects.requireNonNull(content, "content");
        this.tokenKey = Objects.requireNonNull(tokenKey, "tokenKey").clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.crlfText = crlf(content.text());
        this.crlfHtml = crlf(content.html());
        checkAttachments(content.attachments(), settings.attachmentLimitBytes());
    }

    /** Throws {@link AttachmentsTooLarge} when the attachments take more than {@code limit} bytes in base64. */
    public static void checkAttachments(List<Attachment> attachments, long limit) {
        long total = 0;
        for (Attachment a : attachments) {
            total += encodedSize(a.content().length);
        }
        if (total > limit) {
            throw new AttachmentsTooLarge(total, limit);
        }
    }

    /** Bytes of base64 for {@code raw} bytes, lines of 76 characters plus CRLF included. */
    public static long encodedSize(long raw) {
        long chars = (raw + 2) / 3 * 4;
        return chars + (chars + 75) / 76 * 2;
    }

    /**
     * True when every text fits ISO-2022-JP as RFC 1468 has it: ASCII and JIS X 0208. Not half-width kana
     * (Java would write them as JIS X 0201 with ESC ( I, which phones show as garbage), not emoji, not ①, 髙, ～.
     */
    public static boolean fitsIso2022Jp(String... texts) {
        CharsetEncoder encoder = MailCharset.ISO_2022_JP.charset().newEncoder();
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c >= '\uFF61' && c <= '\uFF9F') {
                    return false;
                }
            }
            if (!encoder.canEncode(t)) {
                return false;
            }
        }
        return true;
    }

    /** {@code template} with each known {@code {key}} replaced by {@code escape(value)}; unknown keys stay. */
    public static String fill(String template, Map<String, String> values, UnaryOperator<String> escape) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1).strip());
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : escape.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What differs from member to member, worked out once for both forms of the message ({@link #compose} and
     * {@link MessageTemplate#render}): the tokens, the filled-in subject and bodies (answer block included, line
     * breaks CRLF), the reply address, the charset (with the ISO-2022-JP fallback) and the Message-ID.
     */
    record Personal(String token, String unsubscribeToken, String subject, String text, String html,
            String replyAddress, MailCharset charset, boolean fellBack, String messageId, String envelopeFrom) {
    }

    Personal personalise(Recipient recipient) {
        DeliveryToken delivery = new DeliveryToken(content.broadcastId(), recipient.memberId());
        String token = delivery.sign(tokenKey, DeliveryToken.Purpose.BOUNCE);
        String unsubscribeToken = delivery.sign(tokenKey, DeliveryToken.Purpose.UNSUBSCRIBE);
        Map<String, String> values = recipient.values();
        String subject = oneLine(fill(content.subject(), values, MessageComposer::oneLine));
        if (content.answering() != null && content.answering().resend()) { // 【再送】 in the member's language
            subject = oneLine(MailTexts.text(recipient.locale(), "resend.subject", subject));
        }
        // line breaks: the bodies were made CRLF once; what is filled in (and the answer block) is made so here
        String text = fill(crlfText, values, MessageComposer::crlf);
        String html = fill(crlfHtml, values, v -> crlf(HtmlBodies.escape(v)));
        Answering answering = content.answering();
        String replyAddress = null;
        if (answering != null) {
            String answerToken = new DeliveryToken(answering.broadcastId() == null ? content.broadcastId()
                    : answering.broadcastId(), recipient.memberId()).sign(tokenKey, DeliveryToken.Purpose.ANSWER);
            replyAddress = answering.replyAddress(content.networkSlug(), answerToken);
            text = text + crlf(answering.text(answerToken, recipient.locale()));
            html = html == null ? null : withAnswerBlock(html, crlf(answering.html(answerToken, recipient.locale())));
        }
        BroadcastFooter footer = content.footer();
        if (footer != null) {
            BroadcastFooter.Block block = footer.of(recipient); // CRLF already, one HMAC
            text = text + block.text();
            html = html == null ? null : withAnswerBlock(html, block.html());
        }

        boolean fellBack = false;
        MailCharset charset = content.charset();
        if (charset == MailCharset.ISO_2022_JP && !fitsIso2022Jp(subject, text, html, content.fromName())) {
            charset = MailCharset.UTF_8;
            fellBack = true;
        }
        String messageId = "<" + content.broadcastId() + "." + recipient.memberId() + "."
                // unique, not secret (the ids before it are in the headers anyway): no lock shared by the lanes
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "@"
                + settings.messageIdDomain() + ">";
        String envelopeFrom = VerpAddress.of(settings.bouncePrefix(), token, settings.bounceDomain());
        return new Personal(token, unsubscribeToken, subject, text, html, replyAddress, charset, fellBack, messageId,
                envelopeFrom);
    }

    /** The List-Unsubscribe value (RFC 2369, RFC 8058: https and mailto), folded. */
    String listUnsubscribe(String unsubscribeToken) {
        return MessageTemplate.fold(MailHeaders.LIST_UNSUBSCRIBE.length() + 2,
                "<" + settings.unsubscribeUrlPrefix() + unsubscribeToken + ">, <mailto:" + settings.unsubscribeMailbox()
                        + "+" + unsubscribeToken + "@" + settings.bounceDomain() + "?subject=unsubscribe>");
    }

    /**
     * The broadcast's messages as a template: the parts every member gets alike are encoded once, and
     * {@link MessageTemplate#render} writes one member's message as bytes. The sending job uses it;
     * {@link #compose} stays the reference the template is tested against.
     */
    public MessageTemplate template() throws MessagingException {
        return new MessageTemplate(this, session, settings, content, clock);
    }

    /** The message for one member. */
    public Composed compose(Recipient recipient) throws MessagingException {
        Personal p = personalise(recipient);
        String subject = p.subject();
        String text = p.text();
        String html = p.html();
        String replyAddress = p.replyAddress();
        MailCharset charset = p.charset();
        String cs = charset.mimeName();
        String token = p.token();

        BroadcastMessage message = new BroadcastMessage(session, p.messageId());
        String envelopeFrom = p.envelopeFrom();
        message.setEnvelopeFrom(envelopeFrom);
        try {
            message.setFrom(new InternetAddress(settings.fromAddress(), content.fromName(), cs));
            if (replyAddress != null) {
                // keyword replies (了解, ○, …) go to this member's own reply address: it says who answers
                message.setReplyTo(new InternetAddress[] {new InternetAddress(replyAddress, true)});
            } else if (content.replyTo() != null) {
                message.setReplyTo(new InternetAddress[] {new InternetAddress(content.replyTo(), true)});
            }
        } catch (UnsupportedEncodingException | AddressException e) {
            throw new MessagingException("Bad From or Reply-To of broadcast " + content.broadcastId(), e);
        }
        // Not the parsing constructor: legacy carrier addresses (taro..yamada.@docomo.ne.jp) must go out as written.
        InternetAddress to = new InternetAddress();
        to.setAddress(recipient.email());
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(subject, cs);
        message.setSentDate(Date.from(clock.instant()));

        message.setHeader(MailHeaders.LIST_ID, listId());
        message.setHeader(MailHeaders.LIST_UNSUBSCRIBE, listUnsubscribe(p.unsubscribeToken()));
        message.setHeader(MailHeaders.LIST_UNSUBSCRIBE_POST, MailHeaders.ONE_CLICK);
        message.setHeader(MailHeaders.NETWORK, content.networkSlug());
        message.setHeader(MailHeaders.BROADCAST, Long.toString(content.broadcastId()));
        message.setHeader(MailHeaders.DELIVERY, token);

        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, cs);
        sevenBitForJis(textPart, charset);
        MimeMultipart alternative = null;
        if (html != null && !html.isBlank()) {
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(html, cs, "html");
            sevenBitForJis(htmlPart, charset);
            alternative = new MimeMultipart("alternative", textPart, htmlPart);
        }
        if (content.attachments().isEmpty()) {
            if (alternative == null) {
                message.setText(text, cs);
                sevenBitForJis(message, charset);
            } else {
                message.setContent(alternative);
            }
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            if (alternative == null) {
                mixed.addBodyPart(textPart);
            } else {
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                mixed.addBodyPart(body);
            }
            for (Attachment a : content.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(a.fileName());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return new Composed(message, envelopeFrom, token, charset, p.fellBack());
    }

    /** The answer block inside the HTML body (before {@code </body>} when there is one), else appended. */
    static String withAnswerBlock(String html, String block) {
        int end = html.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? html + block : html.substring(0, end) + block + html.substring(end);
    }

    /**
     * ISO-2022-JP text travels as it is, 7 bit (RFC 1468), as Japanese mail programs expect; Jakarta Mail would
     * choose quoted-printable because of the escape characters. Set after the content, which resets it.
     */
    private static void sevenBitForJis(MimePart part, MailCharset charset)
            throws MessagingException {
        if (charset == MailCharset.ISO_2022_JP) {
            part.setHeader("Content-Transfer-Encoding", "7bit");
        }
    }

    /** RFC 2919: a phrase (the network's name, RFC 2047 encoded when not ASCII) and {@code <slug.list-domain>}. */
    String listId() throws MessagingException {
        String name = oneLine(content.networkName());
        String phrase;
        try {
            phrase = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                    ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                    : MimeUtility.encodeWord(name, "UTF-8", "B");
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not available", e);
        }
        return MimeUtility.fold(MailHeaders.LIST_ID.length() + 2,
                phrase + " <" + content.networkSlug() + "." + settings.listIdDomain() + ">");
    }

    /** Text in canonical form (RFC 2045 6.8): base64 does not turn LF into CRLF by itself. */
    static String crlf(String s) {
        return s == null ? null : LINE_BREAK.matcher(s).replaceAll("\r\n");
    }

    static String oneLine(String s) {
        return s == null ? null : CONTROL.matcher(LINE_SPACE.matcher(s).replaceAll(" ")).replaceAll("").strip();
    }

    /** A message that keeps the Message-ID it was given when saved again (Jakarta Mail would make a new one). */
    static final class BroadcastMessage extends SMTPMessage {
        private final String messageId;

        BroadcastMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader(MailHeaders.MESSAGE_ID, messageId);
        }
    }
}
