package org.renraku.bounces.control;

import org.renraku.mail.control.BounceReason;
import org.renraku.mail.control.ClassificationBudget;
import org.renraku.mail.control.ReasonPatterns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.renraku.mail.control.SmtpStatus;

/**
 * The documented layouts of the mail systems that write bounces in their own words: how each one is recognised
 * (the headers it always writes) and what its fixed messages mean ("Envelope expired" from OpenSMTPD is expired,
 * "User not listed in public Name &amp; Address Book" from Lotus Notes is userunknown, …). The recognition rules
 * and the message tables are ported from Sisimai 4.25.15 ({@code lib/Sisimai/Lhost/*.pm}; BSD 2-Clause,
 * Copyright (C) 2014 azumakuniyuki); the tables live in {@code reporter-messages.tsv} beside this class.
 * A reason found here is the reporter's own statement: it comes before the generic status and text rules.
 */
final class ReporterLayouts {

    /** The headers of a bounce, read once. */
    record Head(String from, String subject, String messageId, List<String> received, MimeMessage message) {

        static Head of(MimeMessage m) {
            List<String> received = new ArrayList<>();
            try {
                String[] r = m.getHeader("Received");
                if (r != null) {
                    for (String v : r) {
                        received.add(v.replaceAll("\\s+", " "));
                    }
                }
            } catch (MessagingException e) {
                // no Received headers readable: the rules that need them do not match
            }
            return new Head(value(m, "From"), value(m, "Subject"), value(m, "Message-ID"), received, m);
        }

        String header(String name) {
            return value(message, name);
        }

        boolean has(String name) {
            return !header(name).isEmpty();
        }

        boolean receivedContains(String s) {
            return received.stream().anyMatch(r -> r.contains(s));
        }

        private static String value(MimeMessage m, String name) {
            try {
                String[] v = m.getHeader(name);
                return v == null || v.length == 0 || v[0] == null ? "" : v[0].replaceAll("\\s+", " ").strip();
            } catch (MessagingException e) {
                return "";
            }
        }
    }

    private record Family(String name, Predicate<Head> recognised) {
    }

    private static final Pattern QMAIL_RECEIVED = Pattern.compile("^\\(qmail \\d+ invoked (?:for bounce|from network)\\)");

    /** Each family's recognition rule (Sisimai's checks at the top of each module's {@code make}). */
    private static final List<Family> FAMILIES = List.of(
            new Family("amavis", h -> h.from().startsWith("\"Content-filter at ")),
            new Family("aol", h -> h.has("X-AOL-IP")),
            new Family("biglobe", h -> h.from().matches("(?s).*postmaster@(?:biglobe|inacatv|tmtv|ttv)\\.ne\\.jp.*")
                    && h.subject().startsWith("Returned mail:")),
            new Family("courier", h -> h.from().contains("Courier mail server at ")
                    || h.subject().matches("(?s).*(?:NOTICE: mail delivery status\\.|WARNING: delayed mail\\.).*")),
            new Family("domino", h -> h.subject().matches("(?s)^DELIVERY(?: |_)FAILURE:.*")),
            new Family("einsundeins", h -> h.from().startsWith("\"Mail Delivery System\"")
                    && h.subject().equals("Mail delivery failed: returning message to sender")),
            new Family("office365", h -> (h.subject().contains("Undeliverable:") ? 1 : 0)
                    + (h.has("X-MS-Exchange-Message-Is-Ndr") ? 1 : 0) + (h.has("X-Microsoft-Antispam-PRVS") ? 1 : 0)
                    + (h.has("X-Exchange-Antispam-Report-Test") ? 1 : 0)
                    + (h.has("X-Exchange-Antispam-Report-CFA-Test") ? 1 : 0)
                    + (h.has("X-MS-Exchange-CrossTenant-OriginalArrivalTime") ? 1 : 0)
                    + (h.messageId().matches("(?s).+\\.(?:outbound\\.protection|prod)\\.outlook\\.com\\b.*") ? 1 : 0) >= 2),
            new Family("exchange2007", h -> h.subject().matches("(?s)^(?:Undeliverable|Non_remis_|Non recapitabile):.*")
                    && h.header("Content-Language").matches("[a-z]{2}(?:-[A-Z]{2})?")
                    && !h.has("X-MS-Exchange-CrossTenant-OriginalArrivalTime")),
            new Family("exchange2003", h -> h.has("X-MS-Embedded-Report")
                    || h.header("X-Mailer").startsWith("Internet Mail Service (")
                    || h.header("X-Mailer").startsWith("Microsoft Exchange Server Internet Mail Connector")
                    || h.header("X-MimeOLE").startsWith("Produced By Microsoft Exchange")),
            new Family("ezweb", h -> h.from().contains("Postmaster@ezweb.ne.jp") || h.from().contains("Postmaster@au.com")
                    || h.subject().equals("Mail System Error - Returned Mail")
                    || h.receivedContains("ezweb.ne.jp (EZweb Mail) with")),
            new Family("kddi", h -> h.from().matches("(?s).*no-reply@.+\\.dion\\.ne\\.jp.*")
                    || h.header("Reply-To").equals("no-reply@app.auone-net.jp")),
            new Family("facebook", h -> h.from().equals("Facebook <mailer-daemon@mx.facebook.com>")),
            new Family("fml", h -> h.has("X-MLServer") && h.from().matches(".+-admin@.+")),
            new Family("gmx", h -> h.has("X-GMX-Antispam")),
            new Family("gsuite", h -> h.from().contains("<mailer-daemon@googlemail.com>")
                    && h.subject().contains("Delivery Status Notification") && h.has("X-Gm-Message-State")),
            new Family("gmail", h -> h.from().matches("(?s).*mailer-daemon@(?:googlemail|gmail)\\.com.*")
                    && h.subject().matches("(?s).*(?:Delivery Status Notification|Undeliverable|Undelivered Mail).*")),
            new Family("imailserver", h -> h.subject().matches("^Undeliverable Mail *$")
                    || h.header("X-Mailer").startsWith("<SMTP32 v")),
            new Family("mailru", h -> h.from().toLowerCase(Locale.ROOT).matches("(?s).*mailer-daemon@.*mail\\.ru.*")),
            new Family("mcafee", h -> h.header("X-NAI-Header").contains("Modified by McAfee")),
            new Family("messagelabs", h -> h.has("X-Msg-Ref") && h.from().contains("MAILER-DAEMON@messagelabs.com")),
            new Family("messagingserver", h -> h.header("Content-Type").contains("Boundary_(ID_")
                    || h.subject().startsWith("Delivery Notification: ")),
            new Family("mxlogic", h -> h.has("X-MX-Bounce") || h.has("X-MXL-Hash") || h.has("X-MXL-NoteHash")),
            new Family("notes", h -> h.subject().startsWith("Undeliverable message")),
            new Family("opensmtpd", h -> h.subject().contains("Delivery status notification")
                    && h.from().contains("Mailer Daemon <") && h.receivedContains(" (OpenSMTPD) with ")),
            new Family("outlook", h -> (h.has("X-Message-Delivery") ? 1 : 0) + (h.has("X-Message-Info") ? 1 : 0)
                    + (h.subject().contains("Delivery Status Notification") ? 1 : 0)
                    + (h.receivedContains(".hotmail.com") ? 1 : 0) >= 2),
            new Family("receivingses", h -> h.has("X-SES-Outgoing")),
            new Family("amazonses", h -> h.has("X-AWS-Outgoing") || h.header("X-Mailer").contains("Amazon WorkMail")
                    || h.from().contains("amazonses.com")),
            new Family("zoho", h -> h.has("X-ZohoMail")),
            new Family("verizon", h -> h.from().equals("post_master@vtext.com")
                    || h.from().matches("(?s).*sysadmin@.+\\.vzwpix\\.com>?$")),
            new Family("interscanmss", h -> h.from().startsWith("\"InterScan MSS\"")
                    || h.from().startsWith("\"InterScan Notification\"")
                    || List.of("Mail could not be delivered", "メッセージを配信できません。", "メール配信に失敗しました")
                            .contains(h.subject())),
            new Family("exim", h -> (h.from().startsWith("Mail Delivery System") ? 1 : 0)
                    + (h.messageId().matches("(?s)^<[0-9a-zA-Z]+-[0-9a-zA-Z]+-[0-9a-zA-Z]+@.+") ? 1 : 0)
                    + (h.subject().matches("(?s).*(?:Mail delivery failed|Warning: message .+ delayed|Mail failure|"
                            + "Delivery Status Notification|Message frozen|Undelivered mail|error\\(s\\) in forwarding).*")
                            ? 1 : 0) >= 2),
            new Family("qmail", h -> h.subject().equals("failure notice")
                    || h.received().stream().anyMatch(r -> QMAIL_RECEIVED.matcher(r).find())),
            new Family("x4", h -> h.subject().startsWith("failure notice")
                    || h.subject().startsWith("Permanent Delivery Failure")));

    /** A fixed message (index), a message pattern (regex), or a pattern of the status code the reporter gives. */
    private record Message(String index, Pattern regex, boolean ofStatus) {
        boolean in(String text, String status) {
            if (ofStatus) {
                return status != null && regex.matcher(status).find();
            }
            return index != null ? text.contains(index) : regex.matcher(ClassificationBudget.watched(text)).find();
        }
    }

    /** family -> reason -> messages, in the order of the data file. */
    private static final Map<String, Map<BounceReason, List<Message>>> MESSAGES = load();

    /** Gmail's "(state N)" numbers (Sisimai::Lhost::Gmail). */
    private static final Map<String, BounceReason> GMAIL_STATES = Map.of("6", BounceReason.SYSTEMERROR,
            "8", BounceReason.SYSTEMERROR, "9", BounceReason.SYSTEMERROR, "13", BounceReason.BLOCKED,
            "14", BounceReason.USERUNKNOWN, "15", BounceReason.FILTERED, "17", BounceReason.FILTERED,
            "18", BounceReason.FILTERED);
    private static final Pattern GMAIL_STATE = Pattern.compile("\\(state (\\d{1,3})\\)\\.");

    private ReporterLayouts() {
    }

    /** The families whose layout this bounce has, most specific first. */
    static List<String> families(MimeMessage message) {
        Head h = Head.of(message);
        List<String> out = new ArrayList<>();
        for (Family f : FAMILIES) {
            try {
                if (f.recognised().test(h)) {
                    out.add(f.name());
                }
            } catch (RuntimeException e) {
                // a header too odd for the rule: not this family
            }
        }
        return out;
    }

    /** The reason the reporter's own fixed wording states about one recipient's diagnostic text, if any. */
    static Optional<BounceReason> reason(List<String> families, String diagnostic) {
        return reason(families, diagnostic, "");
    }

    /**
     * What a reporter means by the SMTP command the remote server refused (Sisimai::Lhost::qmail, X4, Exim): our
     * name refused at HELO/EHLO is blocked; a refusal of the sender at MAIL is rejected (qmail) or unclear (Exim).
     */
    private static final Map<String, Map<String, BounceReason>> BY_COMMAND = Map.of(
            "qmail", Map.of("MAIL", BounceReason.REJECTED, "HELO", BounceReason.BLOCKED, "EHLO", BounceReason.BLOCKED),
            "x4", Map.of("MAIL", BounceReason.REJECTED, "HELO", BounceReason.BLOCKED, "EHLO", BounceReason.BLOCKED),
            "exim", Map.of("MAIL", BounceReason.ONHOLD, "HELO", BounceReason.BLOCKED, "EHLO", BounceReason.BLOCKED));

    /** The reason the reporter states, given the command the remote server answered too. */
    static Optional<BounceReason> reason(List<String> families, String diagnostic, String status, String command) {
        if (command != null && !command.isEmpty()) {
            for (String family : families) {
                BounceReason r = BY_COMMAND.getOrDefault(family, Map.of()).get(command);
                if (r != null) {
                    return Optional.of(r);
                }
                if (BY_COMMAND.containsKey(family)) {
                    break;
                }
            }
        }
        return reason(families, diagnostic, status);
    }

    /** The reason the reporter's own wording, or its own status code, states about one recipient, if any. */
    static Optional<BounceReason> reason(List<String> families, String diagnostic, String status) {
        if (diagnostic == null || diagnostic.isBlank()) {
            return Optional.empty();
        }
        String d = diagnostic.length() > ReasonPatterns.MAX_TEXT ? diagnostic.substring(0, ReasonPatterns.MAX_TEXT)
                : diagnostic;
        d = d.replaceAll("\\s+", " ");
        // the remote server's own words (after "said:") are more exact than the reporter's framing around them
        int said = d.toLowerCase(Locale.ROOT).lastIndexOf("said:");
        if (said >= 0) {
            Optional<BounceReason> r = inTables(families, d.substring(said + 5), status);
            if (r.isPresent()) {
                return r;
            }
        }
        return inTables(families, d, status);
    }

    private static Optional<BounceReason> inTables(List<String> families, String d, String status) {
        for (String family : families) {
            if (family.equals("gmail")) {
                Matcher m = GMAIL_STATE.matcher(d);
                Optional<BounceReason> byState = m.find() ? Optional.ofNullable(GMAIL_STATES.get(m.group(1)))
                        : Optional.empty();
                Optional<BounceReason> stated = byState.isPresent() ? byState : inTable(family, d, status);
                // Gmail quotes the remote server: a standard status code in its words says more than the state
                if (stated.isPresent() && status != null && status.matches("[45]\\.[1-7]\\.[1-9]")) {
                    return SmtpStatus.reasonOf(status).or(() -> stated);
                }
                if (stated.isPresent()) {
                    return stated;
                }
                continue;
            }
            Optional<BounceReason> r = inTable(family, d, status);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private static Optional<BounceReason> inTable(String family, String d, String status) {
        Map<BounceReason, List<Message>> table = MESSAGES.get(family);
        if (table == null) {
            return Optional.empty();
        }
        for (Map.Entry<BounceReason, List<Message>> e : table.entrySet()) {
            for (Message msg : e.getValue()) {
                if (msg.in(d, status)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Map<BounceReason, List<Message>>> load() {
        Map<String, Map<BounceReason, List<Message>>> table = new LinkedHashMap<>();
        try (InputStream in = ReporterLayouts.class.getResourceAsStream("reporter-messages.tsv")) {
            if (in == null) {
                throw new IllegalStateException("reporter-messages.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                if (f.length < 4) {
                    throw new IllegalStateException("reporter-messages.tsv: bad line: " + line);
                }
                BounceReason reason = BounceReason.of(f[1])
                        .orElseThrow(() -> new IllegalStateException("reporter-messages.tsv: unknown reason " + f[1]));
                Message m = switch (f[2]) {
                    case "regex" -> new Message(null, Pattern.compile(f[3]), false);
                    case "status" -> new Message(null, Pattern.compile(f[3]), true);
                    case "index" -> new Message(f[3], null, false);
                    default -> throw new IllegalStateException("reporter-messages.tsv: unknown kind " + f[2]);
                };
                table.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(reason, k -> new ArrayList<>())
                        .add(m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
