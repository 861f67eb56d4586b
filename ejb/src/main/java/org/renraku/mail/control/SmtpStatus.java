package org.renraku.mail.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3463 enhanced status codes and SMTP reply codes: what each standard code means as a bounce reason, and how
 * to find the codes in a server's text. The table and the search order are ported from Sisimai 4.25.15
 * ({@code Sisimai::SMTP::Status}, {@code Sisimai::SMTP::Reply}; BSD 2-Clause, Copyright (C) 2014 azumakuniyuki).
 */
public final class SmtpStatus {

    private static final Map<String, BounceReason> STANDARD = new HashMap<>();

    static {
        String[] table = {
            "2.1.5", "delivered",
            "4.1.6", "hasmoved",
            "4.1.7", "rejected",
            "4.1.8", "rejected",
            "4.1.9", "systemerror",
            "4.2.1", "suspend",
            "4.2.2", "mailboxfull",
            "4.2.3", "exceedlimit",
            "4.2.4", "filtered",
            "4.3.0", "systemerror",
            "4.3.1", "systemfull",
            "4.3.2", "notaccept",
            "4.3.3", "systemerror",
            "4.3.5", "systemerror",
            "4.4.0", "networkerror",
            "4.4.1", "expired",
            "4.4.2", "networkerror",
            "4.4.3", "systemerror",
            "4.4.4", "networkerror",
            "4.4.5", "systemfull",
            "4.4.6", "networkerror",
            "4.4.7", "expired",
            "4.5.0", "networkerror",
            "4.5.3", "systemerror",
            "4.5.5", "systemerror",
            "4.6.0", "contenterror",
            "4.6.2", "contenterror",
            "4.6.5", "contenterror",
            "4.7.0", "securityerror",
            "4.7.1", "blocked",
            "4.7.2", "blocked",
            "4.7.5", "securityerror",
            "4.7.6", "securityerror",
            "4.7.7", "securityerror",
            "4.7.12", "securityerror",
            "4.7.15", "securityerror",
            "4.7.16", "mesgtoobig",
            "4.7.24", "securityerror",
            "4.7.25", "blocked",
            "5.1.0", "userunknown",
            "5.1.1", "userunknown",
            "5.1.2", "hostunknown",
            "5.1.3", "userunknown",
            "5.1.4", "filtered",
            "5.1.6", "hasmoved",
            "5.1.7", "rejected",
            "5.1.8", "rejected",
            "5.1.9", "systemerror",
            "5.1.10", "notaccept",
            "5.2.0", "filtered",
            "5.2.1", "filtered",
            "5.2.2", "mailboxfull",
            "5.2.3", "exceedlimit",
            "5.2.4", "filtered",
            "5.3.0", "systemerror",
            "5.3.1", "systemfull",
            "5.3.2", "notaccept",
            "5.3.3", "systemerror",
            "5.3.4", "mesgtoobig",
            "5.3.5", "systemerror",
            "5.4.0", "networkerror",
            "5.4.3", "systemerror",
            "5.4.4", "hostunknown",
            "5.5.3", "toomanyconn",
            "5.5.4", "systemerror",
            "5.5.5", "systemerror",
            "5.5.6", "securityerror",
            "5.6.0", "contenterror",
            "5.6.1", "contenterror",
            "5.6.2", "contenterror",
            "5.6.3", "contenterror",
            "5.6.5", "contenterror",
            "5.6.6", "contenterror",
            "5.6.7", "contenterror",
            "5.6.8", "contenterror",
            "5.6.9", "contenterror",
            "5.7.0", "securityerror",
            "5.7.1", "securityerror",
            "5.7.2", "securityerror",
            "5.7.3", "securityerror",
            "5.7.4", "securityerror",
            "5.7.5", "securityerror",
            "5.7.6", "securityerror",
            "5.7.7", "securityerror",
            "5.7.8", "securityerror",
            "5.7.9", "securityerror",
            "5.7.10", "securityerror",
            "5.7.11", "securityerror",
            "5.7.13", "suspend",
            "5.7.14", "securityerror",
            "5.7.15", "securityerror",
            "5.7.16", "mesgtoobig",
            "5.7.17", "hasmoved",
            "5.7.18", "hasmoved",
            "5.7.19", "securityerror",
            "5.7.20", "securityerror",
            "5.7.21", "securityerror",
            "5.7.22", "securityerror",
            "5.7.23", "securityerror",
            "5.7.24", "securityerror",
            "5.7.25", "blocked",
            "5.7.26", "securityerror",
            "5.7.27", "notaccept",
        };
        for (int i = 0; i < table.length; i += 2) {
            STANDARD.put(table[i], BounceReason.ofOrUndefined(table[i + 1]));
        }
    }

    private static final List<Pattern> STATUS_IN_TEXT = List.of(
            Pattern.compile("\\x20?\\(#([45]\\.\\d\\.\\d{1,3})\\)?\\x20?"),      // (#5.5.1)
            Pattern.compile("\\b\\d{3}[ -]#?([45]\\.\\d\\.\\d{1,3})\\b"),       // 550-5.1.1, 550 5.5.1
            Pattern.compile("\\b([45]\\.\\d\\.\\d{1,3})\\b"),                   // 5.5.1
            Pattern.compile("\\b(2\\.[0-7]\\.[0-7])\\b"));                      // 2.1.5
    private static final Pattern IPV4 = Pattern.compile(
            "\\b(?:\\d|[01]?\\d\\d|2[0-4]\\d|25[0-5])\\.(?:\\d|[01]?\\d\\d|2[0-4]\\d|25[0-5])\\."
                    + "(?:\\d|[01]?\\d\\d|2[0-4]\\d|25[0-5])\\.(?:\\d|[01]?\\d\\d|2[0-4]\\d|25[0-5])\\b");
    private static final Pattern REPLY = Pattern.compile("\\b([45][0-5][0-9])\\b");
    private static final Pattern REPLY_2XX = Pattern.compile("\\b(25[0-3])\\b");
    private static final Pattern WELL_FORMED = Pattern.compile("[245]\\.\\d\\.\\d{1,3}");
    /** The longest text searched for a code: codes stand at the start of a reply. */
    private static final int MAX_TEXT = 4096;

    private SmtpStatus() {
    }

    /** The reason a standard enhanced status code means (RFC 3463 and its registry), if it names one. */
    public static java.util.Optional<BounceReason> reasonOf(String status) {
        if (status == null || !WELL_FORMED.matcher(status).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(STANDARD.get(status));
    }

    /** The first enhanced status code in a text ("550 5.1.1 …" gives 5.1.1), or "". Not a part of an IP address. */
    public static String find(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        for (Pattern p : STATUS_IN_TEXT) {
            Matcher m = p.matcher(t);
            if (!m.find()) {
                continue;
            }
            String found = m.group(1);
            String q = Pattern.quote(found);
            if (Pattern.compile("\\b(?:" + q + "\\.\\d{1,3}|\\d{1,3}\\." + q + ")\\b").matcher(t).find()) {
                continue; // a version number or an address, not a status
            }
            return found;
        }
        return "";
    }

    /** The SMTP reply code in a text (4xx, 5xx, or 250–253), or "". IP addresses are not read as codes. */
    public static String findReply(String text) {
        if (text == null || text.isEmpty() || text.toUpperCase(java.util.Locale.ROOT).contains("X-UNIX;")) {
            return "";
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        t = IPV4.matcher(t).replaceAll("***.***.***.***");
        Matcher m = REPLY.matcher(t);
        if (m.find()) {
            return m.group(1);
        }
        m = REPLY_2XX.matcher(t);
        return m.find() ? m.group(1) : "";
    }

    /** True for a status of the form class.subject.detail with a subject and detail other than zero. */
    public static boolean specific(String status) {
        return status != null && status.matches("[45]\\.[1-9]\\.[1-9]");
    }
}
