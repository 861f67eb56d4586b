package org.renraku.it;

import java.nio.charset.StandardCharsets;

/**
 * The bounce and complaint mails the ITs send to the bounce mailbox, written as real reporting servers write them:
 * a delivery status notification (RFC 3464, Postfix's layout) and an abuse report (ARF, RFC 5965). What the report
 * proves is in the caller's hands: the address it is sent to (a VERP address or the plain mailbox) and the headers
 * of the returned original ({@code X-Renraku-Delivery}, {@code X-Renraku-Network}, …).
 */
final class ReportMails {

    private ReportMails() {
    }

    /**
     * A DSN about {@code recipient} with {@code status} and {@code diagnostic}, sent to {@code to}; {@code returned}
     * are extra header lines (CRLF-terminated) of the returned header block.
     */
    static byte[] dsn(String messageId, String to, String recipient, String status, String diagnostic,
                      String returned) {
        String boundary = "=_dsn_" + Fixtures.unique("x");
        return ("Return-Path: <>\r\n"
                + "From: MAILER-DAEMON@mx.example.jp (Mail Delivery System)\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is the mail system at host mx.example.jp.\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not\r\n"
                + "be delivered to one or more recipients.\r\n\r\n"
                + "<" + recipient + ">: host mx.example.jp said: " + diagnostic + "\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.jp\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Original-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: failed\r\n"
                + "Status: " + status + "\r\n"
                + "Remote-MTA: dns; mx.example.jp\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/rfc822-headers\r\n\r\n"
                + "From: noreply@renraku.test\r\n"
                + "To: " + recipient + "\r\n"
                + returned
                + "Subject: =?UTF-8?B?5Y+w6aKo44Gu44GK55+l44KJ44Gb?=\r\n\r\n"
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An abuse report about {@code recipient} ({@code Original-Rcpt-To}), sent to {@code to}; the original comes
     * back whole ({@code message/rfc822}) or as its header block ({@code text/rfc822-headers}), with the extra
     * header lines {@code returned}.
     */
    static byte[] arf(String messageId, String to, String recipient, String returnedType, String returned) {
        String boundary = "=_arf_" + Fixtures.unique("x");
        return ("From: fbl@isp.example.jp\r\n"
                + "To: " + to + "\r\n"
                + "Subject: FW: complaint\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=feedback-report; boundary=\"" + boundary + "\"\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "This is an email abuse report for an email message received from IP 192.0.2.1.\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: message/feedback-report\r\n\r\n"
                + "Feedback-Type: abuse\r\n"
                + "User-Agent: ExampleFBL/1.0\r\n"
                + "Version: 1\r\n"
                + "Original-Rcpt-To: " + recipient + "\r\n"
                + "Source-IP: 192.0.2.1\r\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: " + returnedType + "\r\n\r\n"
                + "From: noreply@renraku.test\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: notice\r\n"
                + returned
                + "Message-ID: <" + Fixtures.unique("orig") + "@renraku.test>\r\n\r\n"
                + ("message/rfc822".equals(returnedType) ? "body\r\n\r\n" : "")
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
