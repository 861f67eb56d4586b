package org.renraku.mail.control;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Whether a mail is an automatic reply (a vacation or out-of-office answer), from its headers: RFC 3834
 * Auto-Submitted, Microsoft's X-Auto-Response-Suppress (OOF, AutoReply), Apple's X-Apple-Action: vacation,
 * Precedence: auto_reply, the X-Autoreply family, and the subjects mail programs give their answers. One rule for
 * both readers of incoming mail: the bounce classifier (an auto-reply is reason vacation, not a bounce) and the
 * inbound classifier (an auto-reply is never answered). The header rules follow Sisimai 4.25.15's RFC3834 module
 * (BSD 2-Clause, Copyright (C) 2014 azumakuniyuki).
 */
public final class AutoReply {

    private static final Map<String, Pattern> HEADERS = Map.of(
            "Auto-Submitted", Pattern.compile("^auto-(?:generated|replied|notified)"),
            "X-Auto-Response-Suppress", Pattern.compile("(?:oof|autoreply)"),
            "X-Apple-Action", Pattern.compile("^vacation$"),
            "Precedence", Pattern.compile("^auto_reply$"));
    private static final String[] MARKERS = {"X-Autoreply", "X-Autorespond", "X-Auto-Reply"};
    private static final Pattern SUBJECT = Pattern.compile(
            "^\\s*(?:auto:|auto[ -]?response:|automatic reply:|autoreply:|out of (?:the )?office:|自動応答|自動返信|不在)",
            Pattern.CASE_INSENSITIVE);

    private AutoReply() {
    }

    /** The header that marks the mail an automatic reply ("Auto-Submitted: auto-replied", …), or empty. */
    public static Optional<String> marker(MimeMessage message) throws MessagingException {
        for (Map.Entry<String, Pattern> e : HEADERS.entrySet()) {
            String[] v = message.getHeader(e.getKey());
            if (v != null && v.length > 0 && v[0] != null
                    && e.getValue().matcher(v[0].strip().toLowerCase(Locale.ROOT)).find()) {
                return Optional.of(e.getKey() + ": " + oneLine(v[0]));
            }
        }
        for (String h : MARKERS) {
            if (message.getHeader(h) != null) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** True when the subject is one mail programs give their automatic replies ("Automatic reply:", "自動応答", …). */
    public static boolean subject(String subject) {
        return subject != null && SUBJECT.matcher(subject).find();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 40 ? t.substring(0, 40) : t;
    }
}
