package org.renraku.delivery.control;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP reply (RFC 5321 4.2): the three-digit code, the enhanced status code when the server gave one
 * (RFC 3463, {@code class.subject.detail}), and the text.
 */
public record SmtpReply(int code, String enhanced, String text) implements Serializable {

    private static final Pattern LINE = Pattern.compile("(?s)\\s*([2-5]\\d\\d)[ -]?(?:([245]\\.\\d{1,3}\\.\\d{1,3})\\b)?\\s*(.*)");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("Not an SMTP reply code: " + code);
        }
        text = text == null ? "" : text.strip();
    }

    /** Reads {@code "550 5.1.1 <x@y>: user unknown"}; multi-line replies may be joined with line breaks. */
    private static final Pattern CONTINUATION =
            Pattern.compile("\\r?\\n[2-5]\\d\\d[ -](?:[245]\\.\\d{1,3}\\.\\d{1,3}\\s*)?");

    public static Optional<SmtpReply> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(reply);
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = CONTINUATION.matcher(m.group(3)).replaceAll(" ");
        return Optional.of(new SmtpReply(Integer.parseInt(m.group(1)), m.group(2), rest));
    }

    public boolean positive() { return code < 400; }
    public boolean transientFailure() { return code >= 400 && code < 500; }
    public boolean permanentFailure() { return code >= 500; }

    /** The enhanced code's subject, e.g. {@code "7"} for 5.7.1, or empty. */
    public Optional<String> enhancedSubject() {
        return Optional.ofNullable(enhanced).map(e -> e.split("\\.")[1]);
    }

    public String lowerText() {
        return text.toLowerCase(Locale.ROOT);
    }

    /** As stored in {@code deliveries.smtp_reply}: the whole reply on one line. */
    @Override
    public String toString() {
        return code + (enhanced == null ? "" : " " + enhanced) + (text.isEmpty() ? "" : " " + text);
    }
}
