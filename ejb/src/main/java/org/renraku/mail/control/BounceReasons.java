package org.renraku.mail.control;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.renraku.mail.control.BounceReason.*;

/**
 * Decides the {@link BounceReason} of one failed delivery from what the bounce (or the SMTP reply met at send
 * time) says, in a fixed precedence:
 * <ol>
 * <li>a reason the reporting system itself states in its documented layout (e.g. a PowerMTA bounce category),
 * unless it is only a weak hint;</li>
 * <li>the RFC 3463 enhanced status code (class.subject.detail) where it names a reason, checked against the
 * text for the few codes servers misuse (a "5.1.1" that says "relay denied" is norelaying);</li>
 * <li>the SMTP reply code (50x is a syntax error, 521/554/556 a host that accepts no mail);</li>
 * <li>the text patterns of each reason, in Sisimai's order;</li>
 * <li>a fallback that never says hard: onhold when there is a text we cannot read, undefined when there is
 * none.</li>
 * </ol>
 * The algorithm and the order are ported from Sisimai 4.25.15 ({@code Sisimai::Reason}, {@code
 * Sisimai::Reason::*#true}; BSD 2-Clause, Copyright (C) 2014 azumakuniyuki); the patterns are in
 * {@link ReasonPatterns}.
 */
public final class BounceReasons {

    /** Reasons that say nothing is wrong with the address. */
    public static final Set<String> NOT_BOUNCES = Set.of("delivered", "feedback", "vacation", "none");

    /** Reasons a reporter or a status code gives only as a hint: the text may name a better one. */
    private static final Set<BounceReason> RETRY = Set.of(UNDEFINED, ONHOLD, SYSTEMERROR, SECURITYERROR,
            NETWORKERROR, HOSTUNKNOWN, USERUNKNOWN);

    /** Tried first, each with its own rule on status, command and text (Sisimai's ClassOrder[0]). */
    private static final List<BounceReason> FIRST = List.of(MAILBOXFULL, MESGTOOBIG, EXCEEDLIMIT, SUSPEND, HASMOVED,
            NORELAYING, USERUNKNOWN, FILTERED, REJECTED, HOSTUNKNOWN, SPAMDETECTED, TOOMANYCONN, BLOCKED);

    /** Tried on the text alone when the status named no reason or a weak one (Sisimai's ClassOrder[1]). */
    private static final List<BounceReason> TEXT_ONLY = List.of(MAILBOXFULL, SPAMDETECTED, POLICYVIOLATION,
            VIRUSDETECTED, NORELAYING, SECURITYERROR, SYSTEMERROR, NETWORKERROR, SUSPEND, EXPIRED, CONTENTERROR,
            SYSTEMFULL, NOTACCEPT, MAILERERROR);

    /** The order for a bare text, e.g. an SMTP reply at send time (Sisimai's ClassOrder[2]). */
    private static final List<BounceReason> ANY_TEXT = List.of(MAILBOXFULL, MESGTOOBIG, EXCEEDLIMIT, SUSPEND,
            USERUNKNOWN, FILTERED, REJECTED, HOSTUNKNOWN, SPAMDETECTED, TOOMANYCONN, BLOCKED, SECURITYERROR,
            SYSTEMERROR, NETWORKERROR, EXPIRED, CONTENTERROR, HASMOVED, SYSTEMFULL, NOTACCEPT, MAILERERROR,
            NORELAYING, SYNTAXERROR);

    private static final Set<String> EARLY_COMMANDS = Set.of("CONN", "EHLO", "HELO", "MAIL", "RCPT");

    private static final Pattern STATUS_CODE = Pattern.compile("(?<![\\d.vV])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d])");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<![\\d.\\-:/#])([245][0-7]\\d)(?:[ \\-]|$)", Pattern.MULTILINE);

    private BounceReasons() {
    }

    /**
     * What is known about one failed delivery.
     *
     * @param preset         the reason the reporter's own layout states, or null
     * @param status         the enhanced status code ("" when none)
     * @param diagnostic     the server's diagnostic text ("" when none)
     * @param diagnosticType the type of the diagnostic (SMTP, X-UNIX, X-POSTFIX, …; "" counts as SMTP)
     * @param command        the SMTP command the server answered (RCPT, DATA, MAIL, HELO, …; "" when unknown)
     * @param action         the DSN action (failed, delayed, …; "" when none)
     * @param replyCode      the SMTP reply code ("" when none)
     */
    public record Facts(BounceReason preset, String status, String diagnostic, String diagnosticType, String command,
            String action, String replyCode) {

        public Facts {
            status = status == null ? "" : status.strip();
            diagnostic = diagnostic == null ? "" : diagnostic;
            diagnosticType = diagnosticType == null ? "" : diagnosticType.strip().toUpperCase(Locale.ROOT);
            if (diagnosticType.equals("X-POSTFIX")) {
                diagnosticType = "SMTP"; // Postfix's own summary of an SMTP delivery
            }
            command = command == null ? "" : command.strip().toUpperCase(Locale.ROOT);
            action = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
            replyCode = replyCode == null ? "" : replyCode.strip();
        }

        boolean smtp() {
            return diagnosticType.isEmpty() || diagnosticType.equals("SMTP");
        }
    }

    /** The reason of one failed delivery (see the class comment for the precedence). */
    public static BounceReason decide(Facts f) {
        if (f.preset() != null && !RETRY.contains(f.preset())) {
            return f.preset();
        }
        if (f.status().startsWith("2.")) {
            return DELIVERED;
        }
        String lower = lowerDiagnostic(f.diagnostic());
        BounceReason found = null;
        if (f.smtp()) {
            for (BounceReason r : FIRST) {
                if (holds(r, f, lower)) {
                    found = r;
                    break;
                }
            }
        }
        if (found != null) {
            return found;
        }
        found = another(f, lower);
        if (found == null && f.action().equals("delayed")) {
            found = EXPIRED;
        }
        if (found != null) {
            return found;
        }
        if (ReasonPatterns.match(VACATION, lower)) {
            return VACATION;
        }
        return lower.isBlank() ? UNDEFINED : ONHOLD;
    }

    /**
     * The reason of one failed delivery, asking first the provider that answered: the remote hosts named (the
     * DSN's Remote-MTA, hosts in the diagnostic), then the recipient's domain, when one of them is a provider with
     * its own documented codes ({@link RemoteHosts}); then {@link #decide(Facts)}.
     */
    public static BounceReason decide(Facts f, List<String> remoteHosts, String recipient) {
        if (f.preset() == null || RETRY.contains(f.preset())) {
            java.util.List<String> hosts = new java.util.ArrayList<>(remoteHosts == null ? List.of() : remoteHosts);
            if (recipient != null && recipient.contains("@")) {
                hosts.add(recipient.substring(recipient.indexOf('@') + 1));
            }
            for (String h : hosts) {
                if (RemoteHosts.known(h)) {
                    java.util.Optional<BounceReason> r = RemoteHosts.reason(h, f);
                    if (r.isPresent()) {
                        return r.get();
                    }
                    break;
                }
            }
        }
        return decide(f);
    }

    /** Sisimai's fallback: the status code's reason, unless it is weak and the text says more. */
    private static BounceReason another(Facts f, String lower) {
        BounceReason byStatus = SmtpStatus.reasonOf(f.status()).orElse(null);
        if (f.preset() != null) {
            return f.preset();
        }
        boolean tryText = byStatus == null || byStatus == EXPIRED || RETRY.contains(byStatus) || !f.smtp();
        if (!tryText) {
            return byStatus;
        }
        for (BounceReason r : TEXT_ONLY) {
            if (ReasonPatterns.match(r, lower)) {
                return r;
            }
        }
        String head = f.status().length() >= 3 ? f.status().substring(0, 3) : "";
        if (head.equals("5.6") || head.equals("4.6")) {
            return CONTENTERROR;
        }
        if (head.equals("5.7") || head.equals("4.7")) {
            return SECURITYERROR;
        }
        if (f.diagnosticType().equals("X-UNIX") || f.diagnosticType().equals("X-POSTFIX")) {
            return MAILERERROR;
        }
        if (f.replyCode().matches("[45]0[0-7]")) {
            return SYNTAXERROR;
        }
        if (f.action().startsWith("delayed") || f.action().startsWith("expired")) {
            return EXPIRED;
        }
        if (f.command().equals("EHLO") || f.command().equals("HELO")) {
            return BLOCKED;
        }
        return byStatus;
    }

    /** Sisimai's {@code true()} of each reason tried first: the status, the command and the text together. */
    private static boolean holds(BounceReason r, Facts f, String lower) {
        BounceReason byStatus = SmtpStatus.reasonOf(f.status()).orElse(null);
        boolean hasStatus = !f.status().isEmpty();
        if (r == f.preset()) {
            return true;
        }
        return switch (r) {
            case MAILBOXFULL, EXCEEDLIMIT -> hasStatus && (byStatus == r || ReasonPatterns.match(r, lower));
            case MESGTOOBIG -> byStatus == MESGTOOBIG
                    || byStatus != EXCEEDLIMIT && !f.status().equals("5.2.3") && ReasonPatterns.match(r, lower);
            case SUSPEND -> hasStatus && ReasonPatterns.match(r, lower);
            case HASMOVED -> ReasonPatterns.match(r, lower);
            case NORELAYING -> !Set.of("CONN", "EHLO", "HELO").contains(f.command()) && ReasonPatterns.match(r, lower);
            case USERUNKNOWN -> {
                if (byStatus == SUSPEND) {
                    yield false;
                }
                if (byStatus == USERUNKNOWN) {
                    yield !(ReasonPatterns.match(NORELAYING, lower) || ReasonPatterns.match(BLOCKED, lower)
                            || ReasonPatterns.match(MAILBOXFULL, lower) || ReasonPatterns.match(HASMOVED, lower)
                            || ReasonPatterns.match(REJECTED, lower) || ReasonPatterns.match(NOTACCEPT, lower));
                }
                yield f.command().equals("RCPT") && ReasonPatterns.match(r, lower);
            }
            case FILTERED -> {
                if (byStatus == SUSPEND) {
                    yield false;
                }
                if (byStatus == FILTERED) {
                    yield ReasonPatterns.match(USERUNKNOWN, lower) || ReasonPatterns.match(r, lower);
                }
                yield !EARLY_COMMANDS.contains(f.command())
                        && (ReasonPatterns.match(r, lower) || ReasonPatterns.match(USERUNKNOWN, lower));
            }
            case REJECTED -> {
                if (byStatus == REJECTED) {
                    yield true;
                }
                if (f.command().equals("MAIL")) {
                    yield ReasonPatterns.match(r, lower);
                }
                if (f.command().equals("DATA")) {
                    yield byStatus != USERUNKNOWN && ReasonPatterns.match(r, lower);
                }
                yield (byStatus == null || byStatus == ONHOLD || byStatus == UNDEFINED || byStatus == SECURITYERROR
                        || byStatus == SYSTEMERROR) && ReasonPatterns.match(r, lower);
            }
            case HOSTUNKNOWN -> byStatus == HOSTUNKNOWN ? !ReasonPatterns.match(NETWORKERROR, lower)
                    : ReasonPatterns.match(r, lower);
            case SPAMDETECTED -> hasStatus && (byStatus == SPAMDETECTED
                    || !EARLY_COMMANDS.contains(f.command()) && ReasonPatterns.match(r, lower));
            case TOOMANYCONN, BLOCKED -> byStatus == r || ReasonPatterns.match(r, lower);
            default -> false;
        };
    }

    private static String lowerDiagnostic(String d) {
        String t = d.length() > ReasonPatterns.MAX_TEXT ? d.substring(0, ReasonPatterns.MAX_TEXT) : d;
        return t.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The reason of a bare text with no other facts (Sisimai's {@code match}): the patterns in a fixed order,
     * then the status code in the text; UNDEFINED when neither says anything.
     */
    public static BounceReason ofText(String text) {
        String lower = lowerDiagnostic(text == null ? "" : text);
        for (BounceReason r : ANY_TEXT) {
            if (ReasonPatterns.match(r, lower)) {
                return r;
            }
        }
        if (lower.matches("^x-unix;.*")) {
            return MAILERERROR;
        }
        return SmtpStatus.reasonOf(SmtpStatus.find(text)).orElse(UNDEFINED);
    }

    /**
     * The reason and kind of an SMTP reply met at send time, decided by the same rules as a bounce: a send-time
     * {@code 550 5.1.1 User unknown} and a DSN with {@code Status: 5.1.1} and the same diagnostic agree.
     *
     * @param code     the reply code (e.g. 550)
     * @param enhanced the enhanced status code of the reply ("" when none)
     * @param text     the reply's text
     * @param command  the command it answered (RCPT, DATA, …; "" when unknown)
     */
    public static BounceReason ofReply(int code, String enhanced, String text, String command) {
        String status = enhanced == null || enhanced.isBlank() ? SmtpStatus.find(text) : enhanced;
        String diagnostic = code + (status.isEmpty() ? "" : " " + status) + " " + (text == null ? "" : text);
        if (status.isEmpty() && (command == null || command.isBlank())) {
            // a lone reply, neither status nor command known: Sisimai's reading of a bare error text
            return ofText(diagnostic);
        }
        BounceReason r = decide(new Facts(null, status, diagnostic, "SMTP", command, "failed", String.valueOf(code)));
        return r == ONHOLD || r == UNDEFINED ? ofText(diagnostic) : r;
    }

    // ------------------------------------------------------------------ the API the readers use

    /** The reason a status code alone means, or "" when it means nothing specific. */
    public static String ofStatus(String status) {
        return SmtpStatus.reasonOf(status).map(BounceReason::code).orElse("");
    }

    /** True when the text says that reason (its patterns, case-insensitive). */
    public static boolean says(String reason, String text) {
        return BounceReason.of(reason).map(r -> ReasonPatterns.match(r, lowerDiagnostic(text == null ? "" : text)))
                .orElse(false);
    }

    /** The reason of a failed delivery with an SMTP diagnostic (see {@link #decide}). */
    public static String reason(String status, String diagnostic, String action, String command) {
        return reason(status, diagnostic, action, command, "smtp");
    }

    /** The reason of a failed delivery, given the type of its diagnostic too (see {@link #decide}). */
    public static String reason(String status, String diagnostic, String action, String command,
            String diagnosticType) {
        String d = joinContinuations(diagnostic == null ? "" : diagnostic.replaceAll("\\s+", " "));
        return decide(new Facts(null, status, d, diagnosticType, command, action, replyIn(d))).code();
    }

    private static final Pattern CONTINUATION = Pattern.compile("\\b([245]\\d\\d)-((?:[245]\\.\\d{1,3}\\.\\d{1,3})?)\\s?");

    /**
     * A multi-line reply ("550-5.7.1 Messages with multiple 550-5.7.1 addresses …") read as one sentence: the
     * code repeated at the start of each continuation line is dropped after its first appearance.
     */
    public static String joinContinuations(String d) {
        String t = d.length() > ReasonPatterns.MAX_TEXT * 2 ? d.substring(0, ReasonPatterns.MAX_TEXT * 2) : d;
        Matcher m = CONTINUATION.matcher(t);
        if (!m.find()) {
            return t;
        }
        String code = m.group(1);
        String status = m.group(2);
        Pattern again = Pattern.compile("\\s" + code + "[- ]" + (status.isEmpty() ? "" : Pattern.quote(status) + "\\s?"));
        int keep = m.end();
        return t.substring(0, keep) + again.matcher(t.substring(keep)).replaceAll(" ");
    }

    /** The enhanced status code in a text (the first specific one; x.0.0 only when no other), or "". */
    public static String statusIn(String text) {
        if (text == null) {
            return "";
        }
        String t = text.length() > 64 * 1024 ? text.substring(0, 64 * 1024) : text;
        Matcher m = STATUS_CODE.matcher(t);
        String general = "";
        while (m.find()) {
            String code = m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3));
            if (Integer.parseInt(m.group(2)) > 7) {
                continue;
            }
            if (code.endsWith(".0.0") || code.equals("4.4.7")) {
                if (general.isEmpty()) {
                    general = code;
                }
                continue;
            }
            return code;
        }
        return general;
    }

    /** The SMTP reply code in a text (e.g. 550), or "". */
    public static String replyIn(String text) {
        if (text == null) {
            return "";
        }
        String t = text.length() > 64 * 1024 ? text.substring(0, 64 * 1024) : text;
        Matcher m = REPLY_CODE.matcher(t);
        return m.find() ? m.group(1) : "";
    }

    /** Hard, soft or none for a reason name, as Sisimai 4 judges (see {@link BounceReason#kind}). */
    public static BounceKind kindOf(String reason, String status, String replyCode) {
        if (NOT_BOUNCES.contains(reason)) {
            return BounceKind.NONE;
        }
        boolean temporary = status != null && status.startsWith("4")
                || (status == null || status.isEmpty()) && replyCode != null && replyCode.startsWith("4");
        return BounceReason.ofOrUndefined(reason).kind(temporary);
    }
}
