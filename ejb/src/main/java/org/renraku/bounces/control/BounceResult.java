package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;

/**
 * What a bounce says about one recipient.
 *
 * @param recipient  the bounced address (lower-cased), or "" when the message names none
 * @param kind       hard, soft or none
 * @param reason     the reason in Sisimai's vocabulary (userunknown, mailboxfull, filtered, feedback, vacation, …)
 * @param status     the enhanced status code (RFC 3463, e.g. {@code 5.1.1}), or "" when none was given
 * @param replyCode  the SMTP reply code (e.g. {@code 550}), or "" when none was given
 * @param command    the SMTP command the server answered (RCPT, DATA, MAIL, HELO, …), or "" when not known
 * @param diagnostic the text the reporting server gave, as found (may be long), or ""
 */
public record BounceResult(String recipient, BounceKind kind, String reason, String status, String replyCode,
        String command, String diagnostic) {
}
