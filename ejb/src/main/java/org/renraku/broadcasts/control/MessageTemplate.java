package org.renraku.broadcasts.control;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * One broadcast's messages, written as bytes: what every member gets alike — From (for each charset), Reply-To,
 * List-Id, the fixed {@code List-*}/{@code X-Renraku-*} headers, the attachments' encoded parts, the multipart
 * boundaries — is made once when the template is made; {@link #render} then writes one member's message, with
 * only the personal pieces worked out for it ({@link MessageComposer#personalise}: To, Subject and bodies with
 * the placeholders filled, Message-ID, the tokens, VERP sender, List-Unsubscribe, the answer links).
 * <p>
 * Why: building a {@link MimeMessage} per member spent most of the sending time in Jakarta Mail looking up its
 * {@link StreamProvider} through the {@code ServiceLoader} on every header word, body part and {@code writeTo}
 * (ear/bench/README.md, "Broadcast throughput"). Here the provider is looked up once, and the encoders are Jakarta Mail's own
 * (base64, quoted-printable) chosen by the same rule as {@code MimeUtility.getEncoding}; the message means
 * exactly what {@link MessageComposer#compose} makes (the unit tests read both back and compare them), only the
 * boundary strings, the Message-ID's random part and B- instead of Q-encoding of a mostly-ASCII subject differ.
 * <p>
 * Immutable after construction apart from a one-second cache of the Date header: the sending threads share it.
 */
public final class MessageTemplate {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Jakarta Mail's limit for the text of one encoded word: 75 less "=?", "?B?", "?=" and the charset. */
    private static final int ENCODED_WORD_ROOM = 68;

    /**
     * One member's message: its bytes (CRLF line ends, 7-bit unless an address is not ASCII), its recipient as
     * stored, the VERP envelope sender, the bounce token, the charset used and whether ISO-2022-JP was asked for
     * but did not fit.
     */
    public record Rendered(byte[] bytes, InternetAddress to, String envelopeFrom, String token, MailCharset charset,
            boolean fellBackToUtf8) {
    }

    private final MessageComposer composer;
    private final MessageComposer.Content content;
    private final Clock clock;
    private final StreamProvider streams;
    private final Map<MailCharset, byte[]> fromLines = new EnumMap<>(MailCharset.class);
    private final byte[] replyToLine;
    /** List-Id (before the member's List-Unsubscribe). */
    private final byte[] listIdLine;
    /** List-Unsubscribe-Post, X-Renraku-Network, X-Renraku-Broadcast (after List-Unsubscribe). */
    private final byte[] fixedLines;
    private final String mixedBoundary;
    private final String alternativeBoundary;
    /** Each attachment's body part as Jakarta Mail writes it (headers, blank line, base64), CRLF line ends. */
    private final List<byte[]> attachmentParts;
    private final int attachmentBytes;
    private final MailDateFormat dateFormat = new MailDateFormat();
    private long dateSecond = Long.MIN_VALUE;
    private String dateText;

    MessageTemplate(MessageComposer composer, Session session, MessageComposer.Settings settings,
            MessageComposer.Content content, Clock clock) throws MessagingException {
        this.composer = composer;
        this.content = content;
        this.clock = clock;
        this.streams = StreamProvider.provider();
        try {
            for (MailCharset charset : MailCharset.values()) {
                InternetAddress from = new InternetAddress(settings.fromAddress(), content.fromName(),
                        charset.mimeName());
                fromLines.put(charset, line("From", InternetAddress.toString(new Address[] {from}, 6)));
            }
            replyToLine = content.replyTo() == null ? null
                    : line("Reply-To", InternetAddress.toString(
                            new Address[] {new InternetAddress(content.replyTo(), true)}, 10));
        } catch (UnsupportedEncodingException | AddressException e) {
            throw new MessagingException("Bad From or Reply-To of broadcast " + content.broadcastId(), e);
        }
        listIdLine = line(MailHeaders.LIST_ID, composer.listId());
        ByteArrayOutputStream fixed = new ByteArrayOutputStream();
        fixed.writeBytes(line(MailHeaders.LIST_UNSUBSCRIBE_POST, MailHeaders.ONE_CLICK));
        fixed.writeBytes(line(MailHeaders.NETWORK, content.networkSlug()));
        fixed.writeBytes(line(MailHeaders.BROADCAST, Long.toString(content.broadcastId())));
        fixedLines = fixed.toByteArray();
        attachmentParts = attachmentParts(session, content.attachments());
        attachmentBytes = attachmentParts.stream().mapToInt(p -> p.length).sum();
        String mixed;
        do {
            mixed = boundary();
        } while (containsBoundary(mixed));
        mixedBoundary = mixed;
        alternativeBoundary = boundary();
    }

    /** One member's message as bytes. */
    public Rendered render(MessageComposer.Recipient recipient) throws MessagingException {
        MessageComposer.Personal p = composer.personalise(recipient);
        MailCharset charset = p.charset();
        // Not the parsing constructor: legacy carrier addresses (taro..yamada.@docomo.ne.jp) go out as written.
        InternetAddress to = new InternetAddress();
        to.setAddress(recipient.email());

        Bytes out = new Bytes(2048 + attachmentBytes + 4 * (p.text().length() + (p.html() == null ? 0
                : p.html().length())));
        out.header("Date", date());
        out.writeBytes(fromLines.get(charset));
        if (p.replyAddress() != null) {
            // keyword replies go to this member's own reply address: it says who answers
            out.header("Reply-To", InternetAddress.toString(
                    new Address[] {new InternetAddress(p.replyAddress(), true)}, 10));
        } else if (replyToLine != null) {
            out.writeBytes(replyToLine);
        }
        out.header("To", InternetAddress.toString(new Address[] {to}, 4));
        out.header(MailHeaders.MESSAGE_ID, p.messageId());
        out.header("Subject", subject(p.subject(), charset));
        out.header("MIME-Version", "1.0");

        Part text = part(p.text(), "plain", charset);
        Part html = p.html() != null && !p.html().isBlank() ? part(p.html(), "html", charset) : null;
        boolean mixed = !attachmentParts.isEmpty();
        if (!mixed && html == null) {
            out.header("Content-Type", text.contentType);
            out.header("Content-Transfer-Encoding", text.encoding);
        } else {
            out.header("Content-Type", multipartType(mixed ? "mixed" : "alternative",
                    mixed ? mixedBoundary : alternativeBoundary));
        }
        out.writeBytes(listIdLine);
        out.header(MailHeaders.LIST_UNSUBSCRIBE, composer.listUnsubscribe(p.unsubscribeToken()));
        out.writeBytes(fixedLines);
        out.header(MailHeaders.DELIVERY, p.token());
        out.writeBytes(CRLF);

        if (!mixed && html == null) {
            text.writeBody(out);
        } else if (!mixed) {
            alternative(out, text, html);
        } else {
            out.delimiter(mixedBoundary);
            if (html == null) {
                text.writeTo(out);
            } else {
                out.header("Content-Type", multipartType("alternative", alternativeBoundary));
                out.writeBytes(CRLF);
                alternative(out, text, html);
            }
            out.writeBytes(CRLF);
            for (byte[] attachment : attachmentParts) {
                out.delimiter(mixedBoundary);
                out.writeBytes(attachment);
                out.writeBytes(CRLF);
            }
            out.close(mixedBoundary);
        }
        return new Rendered(out.toByteArray(), to, p.envelopeFrom(), p.token(), charset, p.fellBack());
    }

    private void alternative(Bytes out, Part text, Part html) throws MessagingException {
        out.delimiter(alternativeBoundary);
        text.writeTo(out);
        out.writeBytes(CRLF);
        out.delimiter(alternativeBoundary);
        html.writeTo(out);
        out.writeBytes(CRLF);
        out.close(alternativeBoundary);
    }

    /** The Content-Type of a multipart as Jakarta Mail folds it. */
    private static String multipartType(String subtype, String boundary) {
        return "multipart/" + subtype + "; \r\n\tboundary=\"" + boundary + "\"";
    }

    /** A text body part: its Content-Type, transfer encoding and body in its charset (encoded when written). */
    private final class Part {
        final String contentType;
        final String encoding;
        final byte[] raw;

        Part(String contentType, String encoding, byte[] raw) {
            this.contentType = contentType;
            this.encoding = encoding;
            this.raw = raw;
        }

        void writeTo(Bytes out) throws MessagingException {
            out.header("Content-Type", contentType);
            out.header("Content-Transfer-Encoding", encoding);
            out.writeBytes(CRLF);
            writeBody(out);
        }

        /** The body in its transfer encoding, written by Jakarta Mail's encoders straight into the message. */
        void writeBody(Bytes out) throws MessagingException {
            if (encoding.equals("7bit")) {
                out.writeBytes(raw);
                return;
            }
            try {
                OutputStream encoder = encoding.equals("base64") ? streams.outputBase64(out) : streams.outputQP(out);
                encoder.write(raw);
                encoder.flush();
            } catch (IOException e) {
                throw new MessagingException("Encoding a " + contentType + " part failed", e);
            }
        }
    }

    /**
     * The text in its charset and transfer encoding, as {@code MimeBodyPart.setText} and {@code writeTo} would
     * write it: ISO-2022-JP as it is, 7 bit (RFC 1468); UTF-8 as 7bit when all ASCII with lines of at most 998,
     * quoted-printable when mostly ASCII, else base64 ({@code MimeUtility.getEncoding}'s rule). A 7-bit body
     * that holds a boundary line goes quoted-printable instead.
     */
    private Part part(String text, String subtype, MailCharset charset) {
        String type = "text/" + subtype + "; charset=" + charset.mimeName();
        byte[] raw = text.getBytes(charset.charset());
        if (charset == MailCharset.ISO_2022_JP) {
            return new Part(type, "7bit", raw);
        }
        String encoding = transferEncoding(raw);
        if (encoding.equals("7bit") && (contains(raw, mixedBoundary) || contains(raw, alternativeBoundary))) {
            encoding = "quoted-printable";
        }
        return new Part(type, encoding, raw);
    }

    /** {@code MimeUtility.getEncoding} for a text part ({@code checkAscii} without stopping at the first 8-bit byte). */
    static String transferEncoding(byte[] raw) {
        int ascii = 0;
        int nonAscii = 0;
        int lineLength = 0;
        boolean longLine = false;
        for (byte value : raw) {
            int b = value & 0xff;
            if (b == '\r' || b == '\n') {
                lineLength = 0;
            } else if (++lineLength > 998) {
                longLine = true;
            }
            if (b >= 0177 || (b < 040 && b != '\r' && b != '\n' && b != '\t')) {
                nonAscii++;
            } else {
                ascii++;
            }
        }
        if (nonAscii == 0) {
            return longLine ? "base64" : "7bit";
        }
        return nonAscii > ascii ? "base64" : "quoted-printable";
    }

    /**
     * The Subject header's value: as it is when ASCII, else RFC 2047 B-encoded words of at most 75 characters
     * (split between characters; in ISO-2022-JP each word encoded on its own, so each ends back in ASCII),
     * folded as {@code MimeMessage.setSubject} folds.
     */
    static String subject(String subject, MailCharset charset) {
        if (subject.chars().allMatch(c -> c < 0177 && (c >= 040 || c == '\t'))) {
            return fold(9, subject);
        }
        StringBuilder words = new StringBuilder();
        encodeWords(subject, charset, ENCODED_WORD_ROOM - charset.mimeName().length(), words);
        return fold(9, words.toString());
    }

    /**
     * {@code MimeUtility.fold}'s folding (lines of at most 76 characters where white space allows, the line
     * break before the white space) for a value without line breaks: Jakarta Mail's own re-reads every folded
     * value through a {@code BufferedReader} with an 8 KB buffer, a fifth of the sending job's allocations.
     * A value with line breaks goes to Jakarta Mail.
     */
    static String fold(int used, String s) {
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return MimeUtility.fold(used, s);
        }
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        s = s.substring(0, end);
        if (used + s.length() <= 76) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        char last = 0;
        while (used + s.length() > 76) {
            int space = -1;
            for (int i = 0; i < s.length(); i++) {
                if (space != -1 && used + i > 76) {
                    break;
                }
                char c = s.charAt(i);
                if ((c == ' ' || c == '\t') && last != ' ' && last != '\t') {
                    space = i;
                }
                last = c;
            }
            if (space == -1) {
                break; // no white space: the rest stays on one line
            }
            out.append(s, 0, space).append("\r\n").append(s.charAt(space));
            last = s.charAt(space);
            s = s.substring(space + 1);
            used = 1;
        }
        return out.append(s).toString();
    }

    private static void encodeWords(String s, MailCharset charset, int room, StringBuilder out) {
        byte[] bytes = s.getBytes(charset.charset());
        if ((bytes.length + 2) / 3 * 4 > room && s.codePointCount(0, s.length()) > 1) {
            int half = s.offsetByCodePoints(0, s.codePointCount(0, s.length()) / 2);
            encodeWords(s.substring(0, half), charset, room, out);
            encodeWords(s.substring(half), charset, room, out);
            return;
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append("=?").append(charset.mimeName()).append("?B?")
                .append(Base64.getEncoder().encodeToString(bytes)).append("?=");
    }

    /** The Date header, as {@code MimeMessage.setSentDate} writes it; made once a second. */
    private synchronized String date() {
        Instant now = clock.instant();
        if (now.getEpochSecond() != dateSecond) {
            dateSecond = now.getEpochSecond();
            dateText = dateFormat.format(Date.from(now));
        }
        return dateText;
    }

    /** The attachments' body parts, made and written once the way {@link MessageComposer#compose} makes them. */
    private static List<byte[]> attachmentParts(Session session, List<MessageComposer.Attachment> attachments)
            throws MessagingException {
        if (attachments.isEmpty()) {
            return List.of();
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        for (MessageComposer.Attachment a : attachments) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
            part.setFileName(a.fileName());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        MimeMessage holder = new MimeMessage(session);
        holder.setContent(mixed);
        holder.saveChanges(); // sets each part's Content-Type and transfer encoding
        List<byte[]> parts = new ArrayList<>();
        try {
            for (int i = 0; i < mixed.getCount(); i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                mixed.getBodyPart(i).writeTo(out);
                parts.add(canonicalLineEnds(out.toByteArray()));
            }
        } catch (IOException e) {
            throw new MessagingException("Writing an attachment failed", e);
        }
        return List.copyOf(parts);
    }

    /** CR, LF and CRLF as CRLF, as the SMTP connection sends them anyway (a 7-bit text attachment may have LF). */
    public static byte[] canonicalLineEnds(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write(CRLF, 0, 2);
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write(CRLF, 0, 2);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private boolean containsBoundary(String boundary) {
        return attachmentParts.stream().anyMatch(p -> contains(p, boundary));
    }

    private static boolean contains(byte[] haystack, String needle) {
        if (needle == null) {
            return false;
        }
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A boundary in Jakarta Mail's style, with 120 random bits: no body part of base64 or QP can hold it. */
    private static String boundary() {
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        return "----=_Part_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', '.');
    }

    private static byte[] line(String name, String value) {
        return (name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The message being written. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(size);
        }

        void header(String name, String value) {
            writeBytes(line(name, value));
        }

        void delimiter(String boundary) {
            writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void close(String boundary) {
            writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
