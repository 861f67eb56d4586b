package org.renraku.inbound.control;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.TextNode;
import org.renraku.members.entity.EmailAddress;

/**
 * Decides what a mail to a join address is, without a container: the whole rule book of the join-by-mail flow
 * in one place (driven by the {@code .eml} fixtures under {@code src/test/resources/eml/inbound}).
 * <ol>
 * <li>{@link #screen(MimeMessage)}: mail that must never be answered — auto-replies (RFC 3834), bounces and
 * other reports (RFC 3464/6522), mailing lists, mail from a null or system sender — or that cannot be read
 * (no usable sender, broken MIME).</li>
 * <li>{@link #intent(String, String, boolean)}: what a readable mail from a person asks for — 「退会」, a join
 * (blank mail, or the join password), or anything else (an inquiry for the admins).</li>
 * </ol>
 * Nothing read from the mail (display names, subjects) ever goes into the header of a reply: replies have
 * fixed subjects and are addressed to the bare address only.
 */
public final class InboundClassifier {

    /** Mail larger than this is set aside unread (checked on the IMAP size before the content is fetched). */
    public static final long MAX_SIZE_BYTES = 10L * 1024 * 1024;

    /** Longest body text kept for an inquiry; the rest is cut. */
    public static final int MAX_TEXT = 20_000;

    /** What a readable mail from a person asks for. */
    public enum Intent { JOIN, LEAVE, INQUIRY, PASSWORD_MISSING, PASSWORD_WRONG }

    /**
     * The result of screening: either a mail to act on (with its sender, one-line subject and text), or one to
     * set aside with the outcome and reason to record.
     */
    public record Screening(boolean actionable, String outcome, String reason, EmailAddress from, String subject,
                            String text, List<Attachment> attachments) {

        public Screening {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        public Screening(boolean actionable, String outcome, String reason, EmailAddress from, String subject,
                         String text) {
            this(actionable, outcome, reason, from, subject, text, List.of());
        }

        static Screening ignore(String outcome, String reason, EmailAddress from) {
            return new Screening(false, outcome, reason, from, null, null);
        }
    }

    /** A file attached to a mail (a posting to the posting address sends it with the broadcast). */
    public record Attachment(String fileName, String contentType, byte[] content) {
    }

    /** Outcomes of mail that is never answered. */
    public static final String AUTO_REPLY = "AUTO_REPLY";
    public static final String BOUNCE = "BOUNCE";
    public static final String LIST = "LIST";
    public static final String MALFORMED = "MALFORMED";
    public static final String OVERSIZED = "OVERSIZED";
    /** Several From fields, or several addresses in From: whom a reply would go to is not known. */
    public static final String AMBIGUOUS_SENDER = "AMBIGUOUS_SENDER";

    private static final Pattern SYSTEM_SENDER =
            Pattern.compile("^(mailer-daemon|postmaster|mail-daemon|maildaemon|no-?reply|bounces?)([+@].*)?$",
                    Pattern.CASE_INSENSITIVE);
    /** {@code <local@domain>}; the local part may be quoted ({@code <"taro yamada"@example.jp>}). */
    private static final Pattern ANGLE_ADDRESS =
            Pattern.compile("<\\s*((?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|[^<>\\s\"]+)@[^<>\\s]+)\\s*>");
    private static final Pattern BARE_ADDRESS =
            Pattern.compile("((?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"|[^<>\\s\"(),;:]+)@[^<>\\s\"(),;:]+)");
    private static final Pattern SIGNATURE = Pattern.compile("^-- ?\\s*$");
    /** One line of a mail app's or carrier's footer (after NFKC and trimming), short lines only. */
    private static final Pattern FOOTER = Pattern.compile("(?i)(sent (from|with|via) .{1,60}|get outlook for .{1,30}"
            + "|.{1,40}から送信(しました)?[。.]?|outlook for .{1,20}を入手)");
    /** 「退会」 and its polite forms, alone on the (normalised) text: 退会, 退会します, 退会希望, 退会お願いします … */
    private static final Pattern LEAVE = Pattern.compile("^退会(する|します|したい|したいです|希望|希望です|を希望します|お願いします|をお願いします|願います)?[。.!！]*$");

    private InboundClassifier() {
    }

    /** True when a mail of this size (the IMAP RFC822.SIZE) must be set aside without fetching it. */
    public static boolean oversized(long sizeBytes) {
        return sizeBytes > MAX_SIZE_BYTES;
    }

    /** Screens a mail: never throws, whatever the mail holds. */
    public static Screening screen(MimeMessage message) {
        EmailAddress from;
        try {
            Optional<String> reason = automatic(message);
            from = sender(message).orElse(null);
            if (reason.isPresent()) {
                String r = reason.get();
                String outcome = r.startsWith("report") || r.startsWith("sender") ? BOUNCE
                        : r.startsWith("List") || r.startsWith("Precedence: list") ? LIST : AUTO_REPLY;
                return Screening.ignore(outcome, r, from);
            }
            Optional<String> ambiguous = ambiguousSender(message);
            if (ambiguous.isPresent()) {
                return Screening.ignore(AMBIGUOUS_SENDER, ambiguous.get(), null);
            }
            if (from == null) {
                return Screening.ignore(MALFORMED, "no usable sender address", null);
            }
        } catch (Exception e) {
            return Screening.ignore(MALFORMED, "unreadable header: " + oneLine(e.getMessage(), 200), null);
        }
        try {
            String text = text(message);
            return new Screening(true, null, null, from, oneLine(subjectOf(message), 255), cut(text),
                    attachments(message));
        } catch (Exception | StackOverflowError e) {
            return Screening.ignore(MALFORMED, "unreadable MIME: " + oneLine(String.valueOf(e.getMessage()), 200), from);
        }
    }

    /**
     * Why a mail was sent by a machine and must not be answered, or empty for a person's mail. RFC 3834
     * (Auto-Submitted), Microsoft's X-Auto-Response-Suppress, Precedence, RFC 2369/2919 list headers,
     * RFC 6522 reports (DSNs, MDNs), null and system senders.
     */
    public static Optional<String> automatic(MimeMessage message) throws jakarta.mail.MessagingException {
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("Auto-Submitted: " + oneLine(autoSubmitted, 40));
        }
        // the auto-reply markers the bounce classifier reads too (one rule for both)
        Optional<String> autoReply = org.renraku.mail.control.AutoReply.marker(message);
        if (autoReply.isPresent()) {
            return autoReply;
        }
        String contentType = header(message, "Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).replaceAll("\\s", "").startsWith("multipart/report")) {
            return Optional.of("report (multipart/report)");
        }
        // the topmost Return-Path is the one the delivering server (our MDA) wrote from the envelope; any below
        // it came with the mail and proves nothing
        String[] returnPaths = message.getHeader("Return-Path");
        if (returnPaths != null && returnPaths.length > 0 && returnPaths[0] != null
                && returnPaths[0].replaceAll("\\s", "").equals("<>")) {
            return Optional.of("sender: null Return-Path (envelope sender <>)");
        }
        String fromHeader = header(message, "From");
        String rawFrom = fromHeader == null ? null : rawAddress(fromHeader);
        if (rawFrom != null && SYSTEM_SENDER.matcher(rawFrom).matches()) {
            return Optional.of("sender: system address");
        }
        if (header(message, "X-Auto-Response-Suppress") != null) {
            return Optional.of("X-Auto-Response-Suppress");
        }
        String precedence = header(message, "Precedence");
        if (precedence != null) {
            String p = precedence.strip().toLowerCase(Locale.ROOT);
            if (p.equals("bulk") || p.equals("junk") || p.equals("list")) {
                return Optional.of("Precedence: " + p);
            }
        }
        if (header(message, "List-Id") != null) {
            return Optional.of("List-Id");
        }
        if (header(message, "List-Unsubscribe") != null) {
            return Optional.of("List-Unsubscribe");
        }
        return Optional.empty();
    }

    /**
     * The sender's bare address, or empty when there is none that {@link EmailAddress} accepts. Read from the
     * raw header, not through {@code InternetAddress} alone: the legacy carrier addresses (taro..yamada.@docomo.ne.jp)
     * that strict parsing refuses are real members. Reply-To is not used: a reply goes where the mail came from.
     */
    public static Optional<EmailAddress> sender(MimeMessage message) throws jakarta.mail.MessagingException {
        String from = header(message, "From");
        if (from == null) {
            return Optional.empty();
        }
        from = utf8(from);
        String address = rawAddress(from);
        if (address == null) {
            try {
                InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
                address = parsed.length == 0 ? null : parsed[0].getAddress();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        return address != null && EmailAddress.isValid(address) ? Optional.of(EmailAddress.of(address))
                : Optional.empty();
    }

    /**
     * Why the sender of a mail is not one address, or empty: several From fields (RFC 5322 allows one), or a From
     * naming several mailboxes (allowed only with a Sender field, and a reply would go to all of them). A mail like
     * that is never answered: nobody can tell whom it is from.
     */
    public static Optional<String> ambiguousSender(MimeMessage message) throws jakarta.mail.MessagingException {
        String[] fields = message.getHeader("From");
        if (fields == null || fields.length == 0) {
            return Optional.empty();
        }
        if (fields.length > 1) {
            return Optional.of("sender: " + fields.length + " From fields");
        }
        int addresses = addressCount(utf8(fields[0]));
        return addresses > 1 ? Optional.of("sender: " + addresses + " addresses in From") : Optional.empty();
    }

    /** How many mailboxes a From field names (groups count their members); quoted text and comments are no address. */
    static int addressCount(String field) {
        String unfolded = field.replaceAll("\\r?\\n[ \\t]", " ");
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(unfolded, false);
            int count = 0;
            for (InternetAddress address : parsed) {
                InternetAddress[] members = address.isGroup() ? address.getGroup(false) : null;
                count += members == null ? 1 : members.length;
            }
            if (count > 1) {
                return count;
            }
        } catch (jakarta.mail.internet.AddressException e) {
            // counted by hand below
        }
        // by hand: the @ outside quoted strings, comments and angle brackets' duplicates
        String bare = unfolded.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\([^)]*\\)", " ");
        int count = 0;
        for (String piece : bare.split("[,;]")) {
            if (piece.indexOf('@') >= 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * A header as its UTF-8 text: RFC 6532 allows raw UTF-8 in header fields ({@code user@例え.jp}), which the
     * parser reads byte for byte as ISO-8859-1 characters; those are read again as UTF-8 when they are that.
     */
    static String utf8(String header) {
        if (header == null || header.chars().allMatch(c -> c < 0x80) || header.chars().anyMatch(c -> c > 0xff)) {
            return header;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return header;
        }
    }

    /** What a readable mail from a person asks for. */
    public static Intent intent(String text, String joinPassword, boolean member) {
        String normalised = normalise(text);
        if (LEAVE.matcher(normalised).matches()) {
            return Intent.LEAVE;
        }
        boolean password = joinPassword != null && !joinPassword.isBlank();
        if (password && passwordGiven(text, joinPassword)) {
            return Intent.JOIN; // the text below the password, if any, is kept as an inquiry too (extraText)
        }
        String extra = extraText(text, null);
        if (member) {
            // a member's words stay an inquiry; a member's blank mail gets their personal link (or the password reply)
            return !extra.isEmpty() ? Intent.INQUIRY : password ? Intent.PASSWORD_MISSING : Intent.JOIN;
        }
        if (password) {
            return extra.isEmpty() ? Intent.PASSWORD_MISSING : Intent.PASSWORD_WRONG;
        }
        return Intent.JOIN; // whatever the body says; its text is kept as an inquiry too (extraText)
    }

    /**
     * True when the join password is the whole first non-empty line of the text, both after NFKC (full-width
     * letters and digits from phones) and trimming, letters compared without case (phones capitalise the first
     * letter of a mail). Never "somewhere in the text": a body listing every 4-digit string holds every 4-digit
     * password.
     */
    public static boolean passwordGiven(String text, String joinPassword) {
        if (joinPassword == null) {
            return false;
        }
        String needle = line(joinPassword);
        if (needle.isEmpty()) {
            return false;
        }
        for (String raw : lines(text)) {
            if (isSignature(raw)) {
                return false;
            }
            String line = line(raw);
            if (!line.isEmpty()) {
                return line.equalsIgnoreCase(needle);
            }
        }
        return false;
    }

    /**
     * The text a person wrote in a mail, without what does not count: blank lines, the join password's line
     * (when it is the first non-empty one), a signature from a "-- " line on, and the carriers' and mail apps'
     * footers ("Sent from my iPhone", 「iPhoneから送信」, 「Outlook for iOS を入手」); "" when nothing is left.
     * What is left of a join mail is kept as an inquiry for the admins.
     */
    public static String extraText(String text, String joinPassword) {
        boolean skipPassword = joinPassword != null && !joinPassword.isBlank() && passwordGiven(text, joinPassword);
        StringBuilder kept = new StringBuilder();
        for (String raw : lines(text)) {
            if (isSignature(raw)) {
                break;
            }
            String line = line(raw);
            if (line.isEmpty() || FOOTER.matcher(line).matches()) {
                continue;
            }
            if (skipPassword) {
                skipPassword = false; // the first non-empty line: the password
                continue;
            }
            kept.append(raw.strip()).append('\n');
        }
        return kept.toString().strip();
    }

    private static String[] lines(String text) {
        return text == null ? new String[0] : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    }

    /** A line as compared: NFKC, without zero-width characters, trimmed of every kind of space. */
    private static String line(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).replaceAll("[\\u200b\\u200c\\u200d\\u2060\\ufeff]", "")
                .replaceAll("^[\\s\\u00a0\\u3000]+|[\\s\\u00a0\\u3000]+$", "");
    }

    /** The signature separator "-- " (RFC 3676), also as typed: "--", full-width. */
    private static boolean isSignature(String raw) {
        return SIGNATURE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).matches();
    }

    /**
     * The text without what does not count: NFKC (full-width letters, ideographic spaces), every kind of white
     * space, and a signature after a "-- " line (the carriers' and mail apps' automatic footers).
     */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).replace("\r\n", "\n");
        Matcher signature = Pattern.compile("(?m)^-- ?$").matcher(t);
        if (signature.find()) {
            t = t.substring(0, signature.start());
        }
        // Gmail / iPhone footers ("Sent from my iPhone", 「iPhoneから送信」) do not make a mail an inquiry
        StringBuilder kept = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (!FOOTER.matcher(line(line)).matches()) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString().replaceAll("[\\s\\u00a0\\u3000\\ufeff\\u200b\\u200c\\u200d\\u2060]+", "");
    }

    /**
     * The files of a mail: parts with a file name or disposition attachment that are not the text (name decoded
     * from RFC 2047/2231, path and control characters removed; content type without parameters).
     */
    public static List<Attachment> attachments(Part part) throws Exception {
        List<Attachment> found = new ArrayList<>();
        attachments(part, 0, found);
        return found;
    }

    private static void attachments(Part part, int depth, List<Attachment> found) throws Exception {
        if (depth > 10) {
            throw new IllegalArgumentException("MIME nested too deeply");
        }
        if (part.isMimeType("multipart/*")) {
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    attachments(multipart.getBodyPart(i), depth + 1, found);
                }
            }
            return;
        }
        String name = part.getFileName();
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        if (depth == 0 || (name == null && !attached)) {
            return; // the text of a single-part mail, or a text part
        }
        if (name != null) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (java.io.UnsupportedEncodingException e) {
                // keep it as written
            }
        }
        name = name == null ? "" : name.replaceAll("[\\p{Cntrl}]", "").replaceAll(".*[/\\\\]", "").strip();
        if (name.isEmpty()) {
            name = "attachment";
        }
        String type;
        try {
            type = new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            type = "application/octet-stream";
        }
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        found.add(new Attachment(oneLine(name, 255), type, bytes));
    }

    /** The first text/plain part (or text/html stripped of tags), decoded; empty for a mail without text. */
    public static String text(Part part) throws Exception {
        return text(part, 0);
    }

    private static String text(Part part, int depth) throws Exception {
        if (depth > 10) {
            throw new IllegalArgumentException("MIME nested too deeply");
        }
        String type = part.getContentType() == null ? "text/plain" : part.getContentType();
        ContentType ct;
        try {
            ct = new ContentType(type);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad Content-Type: " + oneLine(type, 100));
        }
        if (ct.match("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart multipart)) {
                throw new IllegalArgumentException("multipart without parts");
            }
            int count = multipart.getCount(); // throws on a missing boundary or an unterminated part
            String html = null;
            for (int i = 0; i < count; i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (child.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    return text(child, depth + 1);
                }
                if (child.isMimeType("multipart/*")) {
                    String inner = text(child, depth + 1);
                    if (!inner.isEmpty()) {
                        return inner;
                    }
                }
                if (html == null && child.isMimeType("text/html")) {
                    html = text(child, depth + 1);
                }
            }
            return html == null ? "" : html;
        }
        if (ct.match("text/*")) {
            String charset = ct.getParameter("charset");
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readNBytes(MAX_TEXT * 4);
            }
            String s = decode(bytes, charset);
            return ct.match("text/html") ? htmlText(s) : s;
        }
        return "";
    }

    /**
     * The text of a part's bytes. A declared charset is used (Shift_JIS read as Windows-31J, the carriers'
     * superset with ① and the NEC/IBM kanji); without one (or an unknown one) the bytes say which: ISO-2022-JP when
     * they hold its escape sequences (ESC $ B, ESC $ @, ESC ( B, ESC ( J: 7-bit, so it would pass as UTF-8 too),
     * strict UTF-8 when they are that, else Windows-31J — the phones' and old mailers' Japanese.
     */
    static String decode(byte[] bytes, String charset) {
        if (charset != null && !charset.isBlank()) {
            try {
                String name = MimeUtility.javaCharset(charset.strip().replace("\"", ""));
                Charset declared = Charset.forName(name);
                if (declared.name().equalsIgnoreCase("Shift_JIS") || declared.aliases().contains("sjis")) {
                    declared = Charset.forName("windows-31j");
                } else if (declared.name().equalsIgnoreCase("ISO-2022-JP")) {
                    declared = ISO_2022_JP; // with the Windows extensions (①, ㈱) the phones send
                }
                return new String(bytes, declared);
            } catch (IllegalArgumentException e) {
                // unknown or illegal charset name: read the bytes as undeclared
            }
        }
        // ISO-2022-JP is 7-bit and so valid UTF-8 too: its escape sequences (never in UTF-8 text) decide first
        if (hasIso2022JpEscape(bytes)) {
            return new String(bytes, ISO_2022_JP);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            // not UTF-8: Japanese in the phones' Shift_JIS
        }
        return new String(bytes, Charset.forName("windows-31j"));
    }

    private static final Charset ISO_2022_JP = Charset.isSupported("x-windows-iso2022jp")
            ? Charset.forName("x-windows-iso2022jp") : Charset.forName("ISO-2022-JP");

    private static boolean hasIso2022JpEscape(byte[] b) {
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0x1b && ((b[i + 1] == '$' && (b[i + 2] == 'B' || b[i + 2] == '@'))
                    || (b[i + 1] == '(' && (b[i + 2] == 'B' || b[i + 2] == 'J')))) {
                return true;
            }
        }
        return false;
    }

    /** Elements after which a person's text goes on on a new line. */
    private static final String BLOCKS = "br, p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, table, ul, ol";

    /**
     * The text of an HTML body, parsed as a browser would (jsoup): script, style and head dropped, a line break
     * where a block or {@code <br>} ends, character references decoded. Only for reading what a person wrote —
     * never shown as markup.
     */
    static String htmlText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, template, noscript").remove();
        doc.select(BLOCKS).forEach(e -> e.after(new TextNode("\n")));
        return doc.body().wholeText().replace('\u00a0', ' ');
    }

    /** The subject decoded, or "" — stored as text only, never echoed into a header. */
    static String subjectOf(MimeMessage message) throws jakarta.mail.MessagingException {
        String raw = header(message, "Subject");
        if (raw == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw));
        } catch (IOException e) {
            return raw;
        }
    }

    /** One line of at most {@code max} characters: CR, LF and other control characters become spaces. */
    public static String oneLine(String s, int max) {
        if (s == null) {
            return null;
        }
        String line = s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", " ").strip();
        return line.length() > max ? line.substring(0, max) : line;
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private static String header(MimeMessage message, String name) throws jakarta.mail.MessagingException {
        return message.getHeader(name, ",");
    }

    private static String rawAddress(String header) {
        String unfolded = header.replaceAll("\\r?\\n[ \\t]", " ");
        Matcher angle = ANGLE_ADDRESS.matcher(unfolded);
        String candidate = null;
        while (angle.find()) {
            candidate = angle.group(1); // the last <…>: a display name may itself contain <x@y>
        }
        if (candidate == null) {
            Matcher bare = BARE_ADDRESS.matcher(unfolded.replaceAll("\\([^)]*\\)", " "));
            candidate = bare.find() ? bare.group(1) : null;
        }
        return candidate;
    }
}
