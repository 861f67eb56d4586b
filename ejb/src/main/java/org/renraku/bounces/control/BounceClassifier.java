package org.renraku.bounces.control;

import org.renraku.mail.control.AutoReply;
import org.renraku.mail.control.BounceKind;
import org.renraku.mail.control.BounceReason;
import org.renraku.mail.control.BounceReasons;
import org.renraku.mail.control.ClassificationBudget;
import org.renraku.mail.control.ReasonPatterns;
import org.renraku.mail.control.RemoteHosts;
import org.renraku.mail.control.SmtpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * Reads a returned mail — an RFC 3464 delivery status notification, a bounce in one of the non-standard formats
 * (Exim, qmail, Postfix, Sendmail, Exchange, Gmail, Yahoo, the Japanese carriers, …), an ARF (RFC 5965) complaint
 * report or an auto-reply — and tells for each recipient whether it bounced, how hard, and why. Pure Java: no
 * container is needed (the bounce job and {@code bin/classify-bounces} both call it). It never throws: a mail
 * it cannot read gives one result of kind none, reason undefined, and says why ({@link BounceReport#problem()}).
 */
public final class BounceClassifier {

    private static final Session SESSION;

    static {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.parameters.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        p.setProperty("mail.mime.multipart.ignoreexistingboundaryparameter", "false");
        p.setProperty("mail.mime.multipart.allowempty", "true");
        SESSION = Session.getInstance(p);
        // the pattern and code tables load here, once, not inside the first mail's time budget
        BounceReasons.says("userunknown", "");
        ReporterLayouts.reason(List.of(), "");
        RemoteHosts.known("");
    }

    static final String ADDRESS = "(?<![\\w.!#$%&'*+/=?^`{|}~\\-])[\\w.!#$%&'*+/=?^`{|}~\\-]*[\\w!#$%&'*+/=?^`{|}~\\-]@[a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9\\-]*[a-zA-Z0-9])?)+";
    private static final Pattern ANY_ADDRESS = Pattern.compile("(" + ADDRESS + ")");

    /** Where, in a bounce text, an address is the one that failed. */
    private static final List<Pattern> RECIPIENT_LINES = List.of(
            // the address alone on its line (Exim, qmail, Sendmail, Exchange lists), optionally quoted or with a colon
            Pattern.compile("^\\s*[<\"']?(" + ADDRESS + ")[>\"']?\\s*:?\\s*$"),
            // display name <address>: reason
            Pattern.compile("^\\s*[^<\\n]{1,80}<(" + ADDRESS + ")>:\\s"),
            // an address opening a line and followed by words about it (Zoho, Exchange: "addr on <date>")
            Pattern.compile("^\\s*(?:\\*\\s*)?[<\"]?(" + ADDRESS + ")[>\"]?\\s+\\S"),
            // <address>: reason (qmail, Postfix), <address>... reason (Sendmail)
            Pattern.compile("^\\s*[<\"]?(" + ADDRESS + ")[>\"]?(?:\\s*\\([^)]*\\))?\\s*(?::|\\.\\.\\.|,|\\s-\\s|\\s+\\()"),
            // labelled
            Pattern.compile("(?i)(?:original|final)-recipient:\\s*(?:rfc822;)?\\s*<?(" + ADDRESS + ")"),
            Pattern.compile("(?i)^\\s*(?:failed |invalid |unknown |bad )?(?:recipient|rcpt|address|addressee|"
                    + "e-?mail address|user|mailbox|destination|original recipient|delivery to)"
                    + "(?:\\(s\\)|s)?(?: address)?\\s*[:=]\\s*\"?[^<\\n\"]*\"?\\s*<?(" + ADDRESS + ")"),
            Pattern.compile("(?i)rcpt to:?\\s*<(" + ADDRESS + ")>"),
            // a reply quoting the address (Sendmail transcripts: 550 <address>... User unknown)
            Pattern.compile("^\\s*[245]\\d\\d[ -]<(" + ADDRESS + ")>"),
            Pattern.compile("(?i)(?:message|mail|delivery) to:?\\s*<?(" + ADDRESS + ")>?"),
            Pattern.compile("(?i)(?:could not be delivered|was not delivered|undeliverable|delivery has failed|failed) to:?\\s*<?(" + ADDRESS + ")"),
            Pattern.compile("(?i)(?:^|\\s)<(" + ADDRESS + ")>\\s"),
            Pattern.compile("(?i)(?:宛先|受信者|あて先)\\s*[:：]?\\s*<?(" + ADDRESS + ")"));

    /** A line of a bounce text naming the sender of the original message. */
    private static final Pattern SENDER_LINE = Pattern.compile(
            "(?im)^\\s*(?:from|mail from|sender|reply-to|return-path|envelope-from)\\s*:(.*)$");

    /** Where a returned original message starts inside a bounce text. */
    private static final Pattern ORIGINAL_START = Pattern.compile(
            "(?im)^(?:[ \\t]*[-=_*]+[ \\t]*(?:this is a copy of|below this line is a copy|original message|unsent message"
                    + "|message header|returned message|the header of the original|copy of the message|headers of your message"
                    + "|undelivered message|original mail|original headers|message text follows|the original message headers)"
                    + "|[ \\t]*(?:original message follows|unsent message follows|the original message (?:headers? )?(?:is|was|are)"
                    + " (?:attached|included|following|as follows)|----- ?original message ?-----)"
                    + "|content-type:\\s*(?:message/rfc822|text/rfc822-headers))");

    private static final Pattern COMMAND = Pattern.compile(
            "(?i)(?:in reply to|after|while sending|response to|>>>|smtp:)\\s*(?:the\\s+)?(rcpt to|rcpt|mail from|mail|end of data|data|helo|ehlo|"
                    + "initial connection|connection|end of message)\\b");

    private static final Set<String> NOT_RECIPIENT_LOCALS = Set.of("mailer-daemon", "postmaster", "mail-daemon",
            "abuse", "hostmaster", "mailerdaemon", "double-bounce");

    private static final Pattern VACATION_SUBJECT = Pattern.compile(
            "(?i)^\\s*(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|vacation|away from|自動(?:応答|返信)|不在|"
                    + "abwesenheit|absence|r[ée]ponse automatique|risposta automatica|auto:)");

    private static final int MAX_TEXT = 256 * 1024;
    /** The longest DSN field value read (Diagnostic-Code and the like). */
    private static final int MAX_FIELD = 16 * 1024;

    private final java.time.Duration budget;

    /** A classifier with the default time budget per mail ({@link ClassificationBudget#DEFAULT_TIME}). */
    public BounceClassifier() {
        this(ClassificationBudget.DEFAULT_TIME);
    }

    /** A classifier that gives each mail at most {@code budget} of time (then: unreadable, with the reason). */
    public BounceClassifier(java.time.Duration budget) {
        this.budget = budget;
    }

    /**
     * Classifies one mail from its raw bytes. Never throws: a mail over the time, depth or size budget, or one
     * that cannot be read at all, gives an unreadable report that says why (the bounce job quarantines it).
     */
    public BounceReport classify(byte[] raw) {
        ClassificationBudget.start(budget);
        try {
            return read(raw, 0);
        } catch (ClassificationBudget.Exceeded e) {
            return unreadable(e.getMessage());
        } catch (StackOverflowError e) {
            return unreadable("MIME parts nested too deeply to read");
        } catch (RuntimeException | MessagingException | IOException e) {
            return unreadable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            ClassificationBudget.end();
        }
    }

    /** The report for a mail that could not be read at all: one result none/undefined, and why. */
    public static BounceReport unreadable(String problem) {
        return new BounceReport(List.of(new BounceResult("", BounceKind.NONE, "undefined", "", "", "", "")), false,
                List.of(), "", Map.of(), problem.isBlank() ? "unreadable" : problem);
    }

    /** Headers every mail system writes: a "mail" with none of them is not a mail. */
    private static final List<String> MAIL_HEADERS = List.of("From", "To", "Date", "Subject", "Message-ID",
            "Received", "Return-Path", "Content-Type", "MIME-Version", "Delivered-To");

    private BounceReport read(byte[] raw, int depth) throws MessagingException, IOException {
        byte[] bytes = withoutMboxLine(withLineFeeds(raw));
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        if (MAIL_HEADERS.stream().noneMatch(h -> header(message, h))) {
            return unreadable("no mail headers");
        }
        Parts parts = new Parts();
        try {
            walk(message, parts, 0);
        } catch (ClassificationBudget.Exceeded e) {
            throw e;
        } catch (MessagingException | IOException | RuntimeException e) {
            parts = new Parts();
            parts.texts.add(rawBody(bytes));
        }
        if (parts.texts.isEmpty() && parts.statuses.isEmpty() && parts.feedback.isEmpty()) {
            parts.texts.add(rawBody(bytes));
        }

        // split the bounce text from a returned original that follows it inline
        StringBuilder bounceText = new StringBuilder();
        for (String t : parts.texts) {
            Matcher m = ORIGINAL_START.matcher(ClassificationBudget.watched(t));
            if (m.find() && m.start() > 0) {
                bounceText.append(t, 0, m.start()).append('\n');
                parts.originals.add(t.substring(m.start()));
            } else {
                bounceText.append(t).append('\n');
            }
        }
        // what a reporter writes is short: a huge text part is something else, and only its start is read
        String text = ClassificationBudget.boundedLines(
                bounceText.length() > MAX_TEXT ? bounceText.substring(0, MAX_TEXT) : bounceText.toString());
        ClassificationBudget.check();
        Original original = Original.of(parts.originals);

        // who certainly is not a failed recipient (the reporter, the original's sender), and who probably is not
        // (where the bounce went): an address in a recipient's place in the text still counts for the latter
        Set<String> senders = new LinkedHashSet<>();
        Set<String> notRecipients = new LinkedHashSet<>();
        List<String> bounceAddresses = new ArrayList<>();
        for (String h : List.of("Delivered-To", "X-Original-To", "To", "Envelope-To", "Return-Path")) {
            String[] values = message.getHeader(h);
            if (values != null) {
                for (String v : values) {
                    addresses(v).forEach(a -> {
                        bounceAddresses.add(a);
                        notRecipients.add(a);
                    });
                }
            }
        }
        for (String h : List.of("From", "Reply-To", "Sender")) {
            String[] values = message.getHeader(h);
            if (values != null) {
                for (String v : values) {
                    senders.addAll(addresses(v));
                }
            }
        }
        Matcher senderLine = SENDER_LINE.matcher(text);
        while (senderLine.find()) {
            addresses(senderLine.group(1)).stream().limit(1).forEach(senders::add);
        }
        notRecipients.addAll(senders);
        notRecipients.addAll(original.senders);

        List<BounceResult> results;
        boolean complaint = false;
        Matcher ses = SES_TYPE.matcher(text);
        if (ses.find()) {
            complaint = ses.group(1).equals("Complaint");
            // the JSON is read whole (up to its own cap), not cut to the text readers' line length
            results = amazonSes(bounceText.length() > MAX_SES_JSON ? bounceText.substring(0, MAX_SES_JSON)
                    : bounceText.toString());
            if (!results.isEmpty()) {
                return new BounceReport(results, complaint, bounceAddresses, original.messageId, original.renraku, "");
            }
        }
        if (!parts.feedback.isEmpty() || isFeedback(message, text)) {
            complaint = true;
            results = feedback(parts, original, text);
        } else {
            results = fromStatuses(message, parts.statuses, text);
            if (results.isEmpty() && !parts.nested.isEmpty() && depth < 2) {
                // a bounce forwarded as an attachment (a gateway passing on the bounce it received)
                BounceReport inner = read(parts.nested.get(0), depth + 1);
                if (!inner.notABounce()) {
                    List<String> addresses = new ArrayList<>(bounceAddresses);
                    addresses.addAll(inner.bounceAddresses());
                    return new BounceReport(inner.results(), inner.complaint(), addresses, inner.originalMessageId(),
                            inner.renrakuHeaders(), "");
                }
            }
            if (results.isEmpty()) {
                results = fromText(message, text, senders, notRecipients, original);
            }
            if (results.isEmpty()) {
                results = notABounce(message, text);
            }
        }
        return new BounceReport(results, complaint, bounceAddresses, original.messageId, original.renraku, "");
    }

    private static boolean header(MimeMessage message, String name) {
        try {
            return message.getHeader(name) != null;
        } catch (MessagingException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- MIME

    private static final class Parts {
        final List<String> texts = new ArrayList<>();
        final List<InternetHeaders[]> statuses = new ArrayList<>();
        final List<String> feedback = new ArrayList<>();
        final List<String> originals = new ArrayList<>();
        final List<byte[]> nested = new ArrayList<>();
    }

    /** Collects the parts of a mail, without descending into a returned original (message/rfc822). */
    private void walk(Part part, Parts parts, int depth) throws MessagingException, IOException {
        ClassificationBudget.part(depth);
        String type = baseType(part);
        if (type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (content instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    try {
                        walk(child, parts, depth + 1);
                    } catch (ClassificationBudget.Exceeded e) {
                        throw e;
                    } catch (MessagingException | IOException | RuntimeException e) {
                        parts.texts.add(decode(bytesOf(child), "ISO-8859-1"));
                    }
                }
                return;
            }
            parts.texts.add(decode(bytesOf(part), "ISO-8859-1"));
            return;
        }
        switch (type) {
            case "message/delivery-status", "message/global-delivery-status", "text/delivery-status" -> {
                byte[] b = bytesOf(part);
                try {
                    DeliveryStatus ds = new DeliveryStatus(new ByteArrayInputStream(b));
                    InternetHeaders[] rcpts = new InternetHeaders[ds.getRecipientDSNCount()];
                    for (int i = 0; i < rcpts.length; i++) {
                        rcpts[i] = ds.getRecipientDSN(i);
                    }
                    InternetHeaders only = ds.getMessageDSN();
                    if (rcpts.length == 0 && only != null && (!addresses(only.getHeader("Final-Recipient", " ")).isEmpty()
                            || !addresses(only.getHeader("Original-Recipient", " ")).isEmpty())) {
                        // no per-message block: the one block there is holds the recipient's fields
                        rcpts = new InternetHeaders[] { only };
                    }
                    parts.statuses.add(rcpts);
                } catch (MessagingException | RuntimeException e) {
                    parts.texts.add(decode(b, "UTF-8"));
                }
            }
            case "message/feedback-report" -> parts.feedback.add(decode(bytesOf(part), "UTF-8"));
            case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers",
                    "message/partial" -> {
                byte[] b = bytesOf(part);
                parts.originals.add(decode(b, "UTF-8"));
                if (new String(b, StandardCharsets.ISO_8859_1).matches(
                        "(?is)(?:[^\\n]*\\n)*?content-type:\\s*multipart/report.*")) {
                    parts.nested.add(b);
                }
            }
            default -> {
                if (type.startsWith("text/") || type.isEmpty() || type.equals("message/disposition-notification")) {
                    String t = textOf(part);
                    parts.texts.add(type.equals("text/html") ? htmlToText(t) : t);
                }
            }
        }
    }

    private static String baseType(Part part) throws MessagingException {
        String ct = part.getContentType();
        if (ct == null) {
            return "text/plain";
        }
        try {
            return new ContentType(ct).getBaseType().toLowerCase(Locale.ROOT);
        } catch (RuntimeException | MessagingException e) {
            String t = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            return t.isEmpty() ? "text/plain" : t;
        }
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        String charset = "UTF-8";
        try {
            String cs = new ContentType(part.getContentType()).getParameter("charset");
            if (cs != null) {
                charset = MimeUtility.javaCharset(cs.strip());
            }
        } catch (RuntimeException | MessagingException e) {
            // keep UTF-8
        }
        return decode(bytesOf(part), charset);
    }

    private static byte[] bytesOf(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException | MessagingException | RuntimeException e) {
            if (part instanceof jakarta.mail.internet.MimeBodyPart mbp) {
                try (InputStream in = mbp.getRawInputStream()) {
                    return in.readAllBytes();
                }
            }
            throw e;
        }
    }

    private static String decode(byte[] b, String charset) {
        Charset cs;
        try {
            cs = Charset.forName(charset);
        } catch (RuntimeException e) {
            cs = StandardCharsets.UTF_8;
        }
        if (cs.equals(StandardCharsets.UTF_8) && !validUtf8(b)) {
            cs = StandardCharsets.ISO_8859_1;
        }
        String s = new String(b, cs);
        if (s.indexOf('\u001b') >= 0) {
            s = new String(b, Charset.forName("ISO-2022-JP"));
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String htmlToText(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</li>|</h\\d>", "\n")
                .replaceAll("<[^>]+>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ")
                .replace("&#64;", "@").replace("&amp;", "&");
    }

    /**
     * A mail with bare CR line ends (old Mac mail stores) read as one with LF line ends: Jakarta Mail splits
     * header and body on LF. Only when the head has no LF at all.
     */
    private static byte[] withLineFeeds(byte[] raw) {
        int head = Math.min(raw.length, 4096);
        boolean cr = false;
        for (int i = 0; i < head; i++) {
            if (raw[i] == '\n') {
                return raw;
            }
            cr |= raw[i] == '\r';
        }
        if (!cr) {
            return raw;
        }
        byte[] out = raw.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\r') {
                out[i] = '\n';
            }
        }
        return out;
    }

    private static byte[] withoutMboxLine(byte[] raw) {
        if (raw.length > 5 && raw[0] == 'F' && raw[1] == 'r' && raw[2] == 'o' && raw[3] == 'm' && raw[4] == ' ') {
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == '\n') {
                    byte[] rest = new byte[raw.length - i - 1];
                    System.arraycopy(raw, i + 1, rest, 0, rest.length);
                    return rest;
                }
            }
        }
        return raw;
    }

    private static String rawBody(byte[] bytes) {
        String s = decode(bytes, "UTF-8");
        int blank = s.indexOf("\n\n");
        return blank < 0 ? s : s.substring(blank + 2);
    }

    static List<String> addresses(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = ANY_ADDRESS.matcher(text);
        while (m.find()) {
            out.add(clean(m.group(1)));
        }
        return out;
    }

    private static String clean(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        while (a.endsWith(".")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    // ---------------------------------------------------------------- the returned original

    private static final class Original {
        String messageId = "";
        final Map<String, String> renraku = new LinkedHashMap<>();
        final Set<String> senders = new LinkedHashSet<>();
        final List<String> recipients = new ArrayList<>();

        static Original of(List<String> texts) {
            Original o = new Original();
            for (String t : texts) {
                String headers = t;
                Matcher start = Pattern.compile("(?im)^(?:return-path|received|message-id|from|to|date|subject|x-[\\w-]+):").matcher(t);
                if (start.find()) {
                    headers = t.substring(start.start());
                }
                int end = headers.indexOf("\n\n");
                if (end > 0) {
                    headers = headers.substring(0, end);
                }
                try {
                    InternetHeaders h = new InternetHeaders(new ByteArrayInputStream(
                            headers.concat("\n\n").getBytes(StandardCharsets.UTF_8)));
                    Enumeration<Header> all = h.getAllHeaders();
                    while (all.hasMoreElements()) {
                        Header header = all.nextElement();
                        String name = header.getName();
                        String lower = name.toLowerCase(Locale.ROOT);
                        String value = header.getValue() == null ? "" : header.getValue().strip();
                        if (lower.equals("message-id") && o.messageId.isEmpty()) {
                            o.messageId = value;
                        } else if (lower.startsWith("x-renraku-")) {
                            o.renraku.putIfAbsent(name, value);
                        } else if (lower.equals("from") || lower.equals("return-path") || lower.equals("sender")) {
                            o.senders.addAll(addresses(value));
                        } else if (lower.equals("to") || lower.equals("cc")) {
                            o.recipients.addAll(addresses(value));
                        }
                    }
                } catch (MessagingException | RuntimeException e) {
                    // a mangled copy: nothing to learn from it
                }
            }
            return o;
        }
    }

    // ---------------------------------------------------------------- RFC 3464

    private List<BounceResult> fromStatuses(MimeMessage message, List<InternetHeaders[]> statuses, String text) {
        List<BounceResult> out = new ArrayList<>();
        List<String> families = ReporterLayouts.families(message);
        int total = statuses.stream().mapToInt(r -> r.length).sum();
        for (InternetHeaders[] rcpts : statuses) {
            for (InternetHeaders h : rcpts) {
                String recipient = fieldAddress(h, "Final-Recipient");
                if (recipient.isEmpty() || recipient.contains("@") && recipient.endsWith(".invalid")) {
                    String orig = fieldAddress(h, "Original-Recipient");
                    if (!orig.isEmpty()) {
                        recipient = orig;
                    }
                }
                if (recipient.isEmpty()) {
                    recipient = fieldAddress(h, "X-Actual-Recipient");
                }
                if (recipient.isEmpty()) {
                    continue;
                }
                String action = field(h, "Action").toLowerCase(Locale.ROOT);
                String diagnostic = field(h, "Diagnostic-Code");
                int semi = diagnostic.indexOf(';');
                String diagType = semi > 0 ? diagnostic.substring(0, semi).strip() : "";
                if (semi > 0 && diagType.matches("(?i)[\\w-]+")) {
                    diagnostic = diagnostic.substring(semi + 1).strip();
                }
                String block = blockAbout(text, recipient);
                // a multi-line reply the DSN cut after its first line (Sendmail): the text part has the rest
                boolean cut = diagnostic.matches("^[245]\\d\\d-.*");
                // e.g. "X-Unix; 255": a local program failed, which the type says
                String typed = !diagType.isEmpty() && !diagType.equalsIgnoreCase("smtp") ? diagType + "; " : "";
                String evidence = diagnostic.isBlank() ? (block.isBlank() ? text : block)
                        : typed + (cut ? diagnostic + "\n" + (total == 1 ? said(text) : block) : diagnostic);
                String status = field(h, "Status");
                Matcher sm = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})").matcher(status);
                status = sm.find() ? sm.group(1) + "." + Integer.parseInt(sm.group(2)) + "." + Integer.parseInt(sm.group(3)) : "";
                // the server's own code, when it names a subject and detail, is more precise than the reporter's
                // summary in Status: (RFC 3464 says the Status field may be a generalisation of it)
                String inText = SmtpStatus.find(diagnostic.isBlank() ? evidence : diagnostic);
                if (status.isEmpty() ? !inText.isEmpty() : SmtpStatus.specific(inText)) {
                    status = inText;
                }
                String reply = BounceReasons.replyIn(evidence);
                String command = commandIn(evidence + "\n" + block);
                if (command.isEmpty() && Reporters.rcptByQuotedRecipient(message, evidence)) {
                    command = "RCPT";
                }
                String statusNow = status;
                String commandNow = command;
                BounceReason preset = Reporters.powerMtaCategory(field(h, "X-PowerMTA-BounceCategory"))
                        .flatMap(BounceReason::of)
                        .or(() -> ReporterLayouts.reason(families, evidence, statusNow, commandNow)).orElse(null);
                List<String> hosts = new ArrayList<>();
                String remoteMta = field(h, "Remote-MTA").replaceFirst("^(?i)dns;\\s*", "").replaceAll("[\\[\\]\\s]", "");
                if (!remoteMta.isEmpty()) {
                    hosts.add(remoteMta);
                }
                hosts.addAll(RemoteHosts.hostsIn(evidence));
                String reason = BounceReasons.decide(new BounceReasons.Facts(preset, status,
                        BounceReasons.joinContinuations(evidence.replaceAll("\\s+", " ")),
                        diagnostic.isBlank() ? "smtp" : diagType, command, action, reply), hosts, recipient).code();
                if ((reason.equals("onhold") || reason.equals("undefined")) && preset == null
                        && !RemoteHosts.known(remoteMta) && !RemoteHosts.known(recipient.replaceFirst("^.*@", ""))) {
                    // the DSN's diagnostic said nothing readable: the text part about this recipient may
                    String more = BounceReasons.reason(status, block.isBlank() ? text : block, action, command);
                    if (!more.equals("onhold") && !more.equals("undefined")) {
                        reason = more;
                    }
                }
                out.add(new BounceResult(recipient, BounceReasons.kindOf(reason, status, reply), reason, status, reply,
                        command, diagnostic));
            }
        }
        return dedupe(out);
    }

    private static String field(InternetHeaders h, String name) {
        String v = h.getHeader(name, " ");
        if (v == null) {
            return "";
        }
        if (v.length() > MAX_FIELD) {
            v = v.substring(0, MAX_FIELD); // a status field is short: a huge one is read only as far as it can matter
        }
        if (v.indexOf('\u001b') >= 0) {
            // raw ISO-2022-JP in a status field (Lotus Domino in Japanese)
            v = new String(v.getBytes(StandardCharsets.ISO_8859_1), Charset.forName("ISO-2022-JP"));
        }
        return v.replaceAll("\\s+", " ").strip();
    }

    private static String fieldAddress(InternetHeaders h, String name) {
        String v = field(h, name);
        int semi = v.indexOf(';');
        if (semi >= 0) {
            v = v.substring(semi + 1);
        }
        v = v.strip().replaceAll("^<|>$", "").replace("\"", "");
        List<String> a = addresses(v);
        if (!a.isEmpty()) {
            return a.get(0);
        }
        return v.contains("@") ? v.toLowerCase(Locale.ROOT) : "";
    }

    /** Texts that say the server refused the recipient itself, i.e. answered RCPT TO. */
    private static final Pattern RCPT_STAGE = Pattern.compile("(?i)recipient (?:address rejected|unknown|name is not recognized)"
            + "|(?:unknown|invalid|no such) recipient|no valid recipients|not (?:found|listed) in .{0,40}directory"
            + "|ディレクトリには見つかりません|recipientnotfound|\\[rcpt_to\\]|invalid final delivery userid"
            + "|name (?:&|and) address book|mail\\.local: unknown user");

    /** qmail-remote's fixed messages, each naming the SMTP stage that failed (qmail-remote.c; Sisimai::Lhost::qmail). */
    private static final List<Map.Entry<Pattern, String>> QMAIL_STAGES = List.of(
            Map.entry(Pattern.compile("Connected to \\S{1,255} but greeting failed\\."), "CONN"),
            Map.entry(Pattern.compile("(?i)my name was rejected"), "HELO"),
            Map.entry(Pattern.compile("Connected to \\S{1,255} but sender was rejected\\."), "MAIL"),
            Map.entry(Pattern.compile("(?<!\\S)\\S{1,255} does not like recipient\\."), "RCPT"),
            Map.entry(Pattern.compile("(?<!\\S)\\S{1,255} failed (?:on DATA command|after I sent the message)\\."),
                    "DATA"));
    private static final Pattern QMAIL_PROGRESS = Pattern.compile(
            "Sorry, no SMTP connection got far enough; most progress was ([A-Z]{4}) ");

    static String commandIn(String whole) {
        // the command is named near the server's words; a huge text is read only as far as that can matter
        String text = whole.length() > ReasonPatterns.MAX_TEXT * 4 ? whole.substring(0, ReasonPatterns.MAX_TEXT * 4)
                : whole;
        CharSequence watched = ClassificationBudget.watched(text);
        for (Map.Entry<Pattern, String> stage : QMAIL_STAGES) {
            if (stage.getKey().matcher(watched).find()) {
                return stage.getValue();
            }
        }
        Matcher progress = QMAIL_PROGRESS.matcher(watched);
        if (progress.find()) {
            String c = progress.group(1);
            return c.equals("RCPT") || c.equals("MAIL") || c.equals("DATA") || c.equals("HELO") || c.equals("EHLO")
                    ? c : "";
        }
        Matcher m = COMMAND.matcher(watched);
        String found = "";
        while (m.find()) {
            String c = m.group(1).toLowerCase(Locale.ROOT);
            found = switch (c) {
                case "rcpt to", "rcpt" -> "RCPT";
                case "mail from", "mail" -> "MAIL";
                case "end of data", "data", "end of message" -> "DATA";
                case "helo" -> "HELO";
                case "ehlo" -> "EHLO";
                default -> "CONN";
            };
            if (!found.equals("CONN")) {
                return found;
            }
        }
        if (RCPT_STAGE.matcher(text).find()) {
            return "RCPT";
        }
        return found;
    }

    private static final Pattern REPLY_LINE = Pattern.compile(
            "(?im)^\\s*(?:<<<\\s*)?[245]\\d\\d[ \\-:].*$|(?:said|error|reason|failed with|diagnostic[- ]code|reply)\\s*:.*$");

    /** The lines of a text that carry the server's own words (a reply code, "said:", "reason:"), or the text. */
    static String said(String text) {
        Matcher m = REPLY_LINE.matcher(ClassificationBudget.watched(text));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            out.append(m.group()).append('\n');
        }
        return out.length() == 0 ? text : out.toString();
    }

    // ---------------------------------------------------------------- plain-text bounces

    private List<BounceResult> fromText(MimeMessage message, String text, Set<String> senders, Set<String> notRecipients,
            Original original) throws MessagingException {
        List<String> recipients = new ArrayList<>();
        String[] failed = message.getHeader("X-Failed-Recipients");
        if (failed != null) {
            for (String f : failed) {
                addresses(f).stream().filter(a -> !recipients.contains(a)).forEach(recipients::add);
            }
        }
        if (recipients.isEmpty()) {
            for (String line : text.split("\n")) {
                ClassificationBudget.check();
                for (Pattern p : RECIPIENT_LINES) {
                    Matcher m = p.matcher(ClassificationBudget.watched(line));
                    if (m.find()) {
                        String a = clean(m.group(1));
                        if (candidate(a, senders) && !recipients.contains(a)) {
                            recipients.add(a);
                        }
                        break;
                    }
                }
            }
        }
        boolean looksLikeBounce = looksLikeBounce(message, text);
        if (recipients.isEmpty() && looksLikeBounce) {
            for (String a : addresses(text)) {
                if (candidate(a, notRecipients) && !recipients.contains(a)) {
                    recipients.add(a);
                }
            }
            if (recipients.isEmpty()) {
                original.recipients.stream().filter(a -> candidate(a, notRecipients)).forEach(recipients::add);
                if (!recipients.isEmpty()) {
                    // the bounce does not name them: only a server's reply, if any, says why
                    String replies = said(text);
                    String evidence = replies == text ? "" : replies;
                    return recipients.stream().map(r -> result(message, r, evidence, evidence)).toList();
                }
            }
        }
        if (recipients.isEmpty()) {
            if (looksLikeBounce) {
                return List.of(result(message, "", text, text));
            }
            return List.of();
        }
        if (!looksLikeBounce && failed == null) {
            return List.of();
        }
        List<BounceResult> out = new ArrayList<>();
        for (String r : recipients) {
            String block = recipients.size() == 1 ? text : blockAbout(text, r);
            // RFC 3464 fields written into a plain-text bounce (McAfee, Sendmail V5, …): the server's own words
            // are in its Diagnostic-Code, more exact than the prose around them
            String inline = inlineDiagnostic(text, r, recipients.size() == 1);
            if (!inline.isEmpty()) {
                block = inline + "\n" + block;
            }
            out.add(result(message, r, block.isBlank() ? text : block, text));
        }
        return out;
    }

    private static final Pattern INLINE_FIELD = Pattern.compile("(?im)^(final-recipient|original-recipient|"
            + "diagnostic-code|status)\\s*:\\s*(.*)$");

    /**
     * The Diagnostic-Code (with its Status) of the RFC 3464 recipient fields written inline in a text bounce for
     * this recipient, or for the only recipient; "" when there are none.
     */
    static String inlineDiagnostic(String text, String recipient, boolean only) {
        if (text.toLowerCase(Locale.ROOT).indexOf("diagnostic-code:") < 0) {
            return "";
        }
        String found = "";
        boolean mine = only;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = INLINE_FIELD.matcher(lines[i]);
            if (!m.find()) {
                if (lines[i].isBlank()) {
                    mine = only;
                }
                continue;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (name.endsWith("recipient")) {
                mine = only || lines[i].toLowerCase(Locale.ROOT).contains(recipient);
            } else if (name.equals("diagnostic-code") && mine) {
                StringBuilder d = new StringBuilder(m.group(2).replaceFirst("^(?i)[\\w-]{1,20};\\s*", ""));
                for (int j = i + 1; j < lines.length && j < i + 8 && lines[j].matches("^[ \\t]+\\S.*"); j++) {
                    d.append(' ').append(lines[j].strip());
                }
                found = d.toString();
                break;
            }
        }
        return found.isBlank() ? "" : found;
    }

    private BounceResult result(MimeMessage message, String recipient, String evidence, String whole) {
        String status = BounceReasons.statusIn(said(evidence));
        if (status.isEmpty()) {
            status = BounceReasons.statusIn(evidence);
        }
        String reply = BounceReasons.replyIn(said(evidence));
        String command = commandIn(evidence);
        if (command.isEmpty() && Reporters.rcptByQuotedRecipient(message, said(evidence))) {
            command = "RCPT";
        }
        BounceReason preset = ReporterLayouts.reason(ReporterLayouts.families(message), evidence, status, command)
                .orElse(null);
        String reason = evidence.isBlank() ? "undefined" : BounceReasons.decide(new BounceReasons.Facts(preset,
                status, BounceReasons.joinContinuations(evidence.replaceAll("\\s+", " ")), "smtp", command, "failed",
                reply), RemoteHosts.hostsIn(evidence), recipient).code();
        if (Reporters.groupRefusal(message, recipient)) {
            reason = "rejected";
        }
        if ((reason.equals("onhold") || reason.equals("undefined")) && evidence != whole) {
            reason = BounceReasons.reason(status.isEmpty() ? BounceReasons.statusIn(whole) : status, whole, "failed",
                    command);
        }
        return new BounceResult(recipient, BounceReasons.kindOf(reason, status, reply), reason, status, reply,
                command, evidence.strip().length() > 2000 ? evidence.strip().substring(0, 2000) : evidence.strip());
    }

    private static boolean candidate(String address, Set<String> notRecipients) {
        if (notRecipients.contains(address)) {
            return false;
        }
        String local = address.substring(0, address.indexOf('@'));
        return !NOT_RECIPIENT_LOCALS.contains(local);
    }

    /** The lines of a bounce text about one address: the lines naming it and the indented lines after them. */
    static String blockAbout(String text, String address) {
        String[] lines = text.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].toLowerCase(Locale.ROOT).contains(address)) {
                continue;
            }
            out.append(lines[i]).append('\n');
            int j = i + 1;
            for (; j < lines.length && j < i + 12; j++) {
                String l = lines[j];
                if (l.isBlank()) {
                    // a blank line ends the block unless the next line is still indented or a reply
                    if (j + 1 < lines.length && lines[j + 1].matches("^(?:\\s{2,}|[<>]{3}|[245]\\d\\d[ -]).*")
                            && !containsOtherAddress(lines[j + 1], address)) {
                        continue;
                    }
                    break;
                }
                if (containsOtherAddressAtStart(l, address)) {
                    break;
                }
                if (l.matches("(?i)^\\s*(?:\\.\\.\\.\\s*)?while talking to .*")) {
                    break; // the next session of a Sendmail transcript
                }
                if (l.matches("^[245]\\d\\d .*") && out.toString().matches("(?s).*\\b[245]\\d\\d\\b.*")) {
                    break; // the next unindented reply is about something else (Sendmail transcripts)
                }
                out.append(l).append('\n');
            }
            i = j - 1;
        }
        return out.toString();
    }

    private static boolean containsOtherAddress(String line, String address) {
        return addresses(line).stream().anyMatch(a -> !a.equals(address));
    }

    private static boolean containsOtherAddressAtStart(String line, String address) {
        Matcher m = Pattern.compile("^\\s*[<\"]?(" + ADDRESS + ")").matcher(line);
        return m.find() && !clean(m.group(1)).equals(address);
    }

    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "(?i)undeliver|delivery (?:status|failure|failed|notification|report|problem)|returned mail|failure notice|"
                    + "mail delivery|non[- ]?delivery|could not be delivered|not delivered|delivery has failed|"
                    + "nondeliverable|rejected|bounce|error|failed|warning|unable to deliver|message not delivered|"
                    + "エラー|配信|届きません|不達|返送");

    private static final Pattern BOUNCE_TEXT = Pattern.compile(
            "(?i)could not be delivered|couldn't be delivered|undeliverable|delivery (?:has )?failed|permanent(?:ly)? (?:fatal )?(?:error|fail)|"
                    + "the following address(?:es|\\(es\\))? (?:failed|had)|unable to deliver|was not delivered|not be delivered|"
                    + "delivery to the following recipient|failed to deliver|message (?:was )?rejected|returned to sender|"
                    + "i'm sorry to have to inform you|i'm afraid i wasn't able to deliver|this is the mail (?:system|delivery)|"
                    + "delivery to .{1,80} failed|mail delivery failed|"
                    + "transcript of session|your message .{0,60}(?:could not|couldn't|was not|did not reach|has not been)|"
                    + "did not reach the following recipient|could not be reached|malformed (?:recipient )?address|"
                    + "(?:送信|配信|配送)(?:でき(?:ません|なかった)|に失敗)|届けることができ|宛先不明|エラーのため");

    /** SMTP reply or status codes: evidence of a bounce only in a mail from a mail system. */
    private static final Pattern SMTP_CODES = Pattern.compile("\\b5\\d\\d[ -]\\d?|\\b[45]\\.\\d\\.\\d+\\b");

    private static boolean looksLikeBounce(MimeMessage message, String text) throws MessagingException {
        String subject = headerText(message, "Subject");
        String from = headerText(message, "From").toLowerCase(Locale.ROOT);
        boolean daemon = from.matches("(?s).*(?:mailer[- ]?daemon|post_?master|mail delivery|mail-daemon).*");
        String rp = headerText(message, "Return-Path").strip();
        boolean nullSender = rp.equals("<>");
        String all = text + "\n" + subject;
        if (daemon || nullSender) {
            return hasFailureText(all) || SMTP_CODES.matcher(all).find() || BOUNCE_SUBJECT.matcher(subject).find();
        }
        // a person's mail may say "error" or quote a number: it needs a bounce's subject and a bounce's words
        return BOUNCE_SUBJECT.matcher(subject).find() && hasFailureText(all);
    }

    private static boolean hasFailureText(String text) {
        return BOUNCE_TEXT.matcher(text).find();
    }

    private static String headerText(MimeMessage message, String name) throws MessagingException {
        String[] v = message.getHeader(name);
        if (v == null || v.length == 0) {
            return "";
        }
        if (v[0].chars().anyMatch(c -> c == 0x1b || c >= 0x80 && c <= 0xff)) {
            // raw 8-bit or ISO-2022-JP text in a header (no RFC 2047), as some Japanese systems write it
            byte[] b = v[0].getBytes(StandardCharsets.ISO_8859_1);
            return v[0].indexOf('\u001b') >= 0 ? new String(b, Charset.forName("ISO-2022-JP"))
                    : validUtf8(b) ? new String(b, StandardCharsets.UTF_8) : v[0];
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(v[0]));
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return v[0];
        }
    }

    // ---------------------------------------------------------------- Amazon SES notifications (JSON)

    private static final Pattern SES_TYPE = Pattern.compile("\"notificationType\"\\s*:\\s*\"(Bounce|Complaint|Delivery)\"");
    /** The longest SES notification read: a real one is a few KB, its recipients come first. */
    static final int MAX_SES_JSON = 4 * 1024 * 1024;

    /**
     * An Amazon SES notification (the JSON of an SNS message, as SES documents it), read with JSON-P. SNS folds
     * long lines with a "!" at the end; the notification may be wrapped in an SNS envelope whose "Message" is the
     * notification as a string. Bounce gives one result per bounced recipient (its status and diagnosticCode; the
     * bounce sub-types MailboxFull and MessageTooLarge name their reason), Complaint one feedback result per
     * complaining recipient, Delivery one delivered result per recipient. Empty when the text is not one.
     */
    static List<BounceResult> amazonSes(String text) {
        int start = text.indexOf('{');
        if (start < 0) {
            return List.of();
        }
        StringBuilder json = new StringBuilder();
        boolean folded = false;
        for (String line : text.substring(start).split("\n")) {
            ClassificationBudget.check();
            if (line.equals("--") || json.length() > MAX_SES_JSON) {
                break;
            }
            String l = folded && line.startsWith(" ") ? line.substring(1) : line;
            folded = l.endsWith("!");
            json.append(folded ? l.substring(0, l.length() - 1) : l);
        }
        jakarta.json.JsonObject payload;
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(json.toString()))) {
            payload = r.readObject();
            if (payload.get("Message") instanceof jakarta.json.JsonString wrapped) {
                try (jakarta.json.JsonReader inner = jakarta.json.Json.createReader(
                        new java.io.StringReader(wrapped.getString()))) {
                    payload = inner.readObject();
                }
            }
        } catch (jakarta.json.JsonException | IllegalStateException | ClassCastException e) {
            return List.of(); // not JSON, or cut: the text readers have a go at it
        }
        String type = payload.getString("notificationType", "");
        List<BounceResult> out = new ArrayList<>();
        switch (type) {
            case "Bounce" -> {
                jakarta.json.JsonObject bounce = objectOrEmpty(payload, "bounce");
                String subType = bounce.getString("bounceSubType", "");
                BounceReason preset = "Transient".equals(bounce.getString("bounceType", ""))
                        ? switch (subType) {
                            case "MailboxFull" -> BounceReason.MAILBOXFULL;
                            case "MessageTooLarge" -> BounceReason.MESGTOOBIG;
                            default -> null;
                        }
                        : null;
                for (jakarta.json.JsonObject e : objects(bounce, "bouncedRecipients")) {
                    String recipient = clean(e.getString("emailAddress", ""));
                    if (!recipient.contains("@")) {
                        continue;
                    }
                    String code = e.getString("diagnosticCode", "");
                    String spec = "";
                    Matcher typed = Pattern.compile("^([\\w-]{1,20});\\s*(.*)$", Pattern.DOTALL).matcher(code);
                    if (typed.matches()) {
                        spec = typed.group(1);
                        code = typed.group(2);
                    }
                    String status = e.getString("status", "");
                    String inText = SmtpStatus.find(code);
                    if (SmtpStatus.specific(inText)) {
                        status = inText;
                    }
                    String reply = SmtpStatus.findReply(code);
                    String command = commandIn(code);
                    BounceReason reason = BounceReasons.decide(new BounceReasons.Facts(preset, status, code, spec,
                            command, e.getString("action", "failed"), reply), RemoteHosts.hostsIn(code), recipient);
                    out.add(new BounceResult(recipient, BounceReasons.kindOf(reason.code(), status, reply),
                            reason.code(), status, reply, command, code.length() > 2000 ? code.substring(0, 2000) : code));
                }
            }
            case "Complaint" -> {
                for (jakarta.json.JsonObject e : objects(objectOrEmpty(payload, "complaint"), "complainedRecipients")) {
                    String recipient = clean(e.getString("emailAddress", ""));
                    if (recipient.contains("@")) {
                        out.add(new BounceResult(recipient, BounceKind.NONE, "feedback", "", "", "", ""));
                    }
                }
            }
            case "Delivery" -> {
                jakarta.json.JsonObject delivery = objectOrEmpty(payload, "delivery");
                jakarta.json.JsonArray recipients = delivery.get("recipients") instanceof jakarta.json.JsonArray a
                        ? a : jakarta.json.JsonValue.EMPTY_JSON_ARRAY;
                for (jakarta.json.JsonValue v : recipients) {
                    if (v instanceof jakarta.json.JsonString s && s.getString().contains("@")) {
                        out.add(new BounceResult(clean(s.getString()), BounceKind.NONE, "delivered", "", "", "", ""));
                    }
                }
            }
            default -> {
                return List.of();
            }
        }
        return out;
    }

    private static jakarta.json.JsonObject objectOrEmpty(jakarta.json.JsonObject o, String name) {
        return o.get(name) instanceof jakarta.json.JsonObject v ? v : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    private static List<jakarta.json.JsonObject> objects(jakarta.json.JsonObject o, String name) {
        if (!(o.get(name) instanceof jakarta.json.JsonArray a)) {
            return List.of();
        }
        return a.stream().filter(v -> v instanceof jakarta.json.JsonObject).map(v -> (jakarta.json.JsonObject) v)
                .toList();
    }

    // ---------------------------------------------------------------- complaints and auto-replies

    private static boolean isFeedback(MimeMessage message, String text) throws MessagingException {
        String ct = message.getContentType() == null ? "" : message.getContentType().toLowerCase(Locale.ROOT);
        return ct.contains("feedback-report") || Pattern.compile("(?im)^feedback-type:\\s*\\w").matcher(text).find()
                || message.getHeader("X-HmXmrOriginalRecipient") != null
                || headerText(message, "Subject").matches("(?i).*(?:complaint about message from|abuse report|spam report|email feedback report).*");
    }

    private List<BounceResult> feedback(Parts parts, Original original, String text) {
        List<String> recipients = new ArrayList<>();
        for (String f : parts.feedback) {
            Matcher m = Pattern.compile("(?im)^(?:original-rcpt-to|removal-recipient):\\s*(.+)$").matcher(f);
            while (m.find()) {
                addresses(m.group(1)).stream().filter(a -> !recipients.contains(a)).forEach(recipients::add);
            }
        }
        if (recipients.isEmpty()) {
            original.recipients.stream().filter(a -> !recipients.contains(a)).forEach(recipients::add);
        }
        if (recipients.isEmpty()) {
            recipients.add("");
        }
        List<BounceResult> out = new ArrayList<>();
        for (String r : recipients) {
            out.add(new BounceResult(r, BounceKind.NONE, "feedback", "", "", "", ""));
        }
        return out;
    }

    private List<BounceResult> notABounce(MimeMessage message, String text) throws MessagingException {
        String subject = headerText(message, "Subject");
        // shared with the inbound classifier; a report (multipart/report) was read as one before this
        boolean vacation = AutoReply.marker(message).isPresent() || AutoReply.subject(subject)
                || VACATION_SUBJECT.matcher(subject).find() || BounceReasons.says("vacation", subject);
        List<String> from = addresses(headerText(message, "From"));
        String who = from.isEmpty() ? "" : from.get(0);
        if (vacation) {
            return List.of(new BounceResult(who, BounceKind.NONE, "vacation", "", "", "", ""));
        }
        return List.of(new BounceResult("", BounceKind.NONE, "undefined", "", "", "", ""));
    }

    private static List<BounceResult> dedupe(List<BounceResult> results) {
        Map<String, BounceResult> seen = new LinkedHashMap<>();
        for (BounceResult r : results) {
            seen.putIfAbsent(r.recipient(), r);
        }
        return new ArrayList<>(seen.values());
    }
}
