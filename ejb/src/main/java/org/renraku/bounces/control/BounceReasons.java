package org.renraku.bounces.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounce reasons in Sisimai's vocabulary: the reason a diagnostic text and status code mean, and whether it is a
 * hard or a soft bounce. The text patterns are what real servers write (collected from the bounce corpus and
 * the servers' documentation); the order in which they are tried follows Sisimai's: reasons that a status code
 * alone can decide first, the remaining text patterns after.
 */
public final class BounceReasons {

    /** Reasons that say nothing is wrong with the address. */
    public static final Set<String> NOT_BOUNCES = Set.of("delivered", "feedback", "vacation", "none");

    /** Reasons a more specific text may replace (the status code alone is a weak hint for them). */
    private static final Set<String> WEAK = Set.of("undefined", "onhold", "systemerror", "securityerror",
            "networkerror", "hostunknown", "userunknown");

    private static final Map<String, String> STATUS = new LinkedHashMap<>();

    static {
        String[] table = {
            "4.1.6", "hasmoved", "4.1.7", "rejected", "4.1.8", "rejected", "4.1.9", "systemerror",
            "4.2.1", "suspend", "4.2.2", "mailboxfull", "4.2.3", "exceedlimit", "4.2.4", "filtered",
            "4.3.1", "systemfull", "4.3.2", "notaccept", "4.3.3", "systemerror", "4.3.5", "systemerror",
            "4.4.1", "expired", "4.4.2", "networkerror", "4.4.3", "systemerror", "4.4.4", "networkerror",
            "4.4.5", "systemfull", "4.4.6", "networkerror", "4.4.7", "expired", "4.5.3", "systemerror",
            "4.5.5", "systemerror", "4.6.0", "contenterror", "4.6.2", "contenterror", "4.6.5", "contenterror",
            "4.7.1", "blocked", "4.7.2", "blocked", "4.7.5", "securityerror", "4.7.6", "securityerror",
            "4.7.7", "securityerror", "4.7.12", "securityerror", "4.7.25", "blocked",
            "5.1.0", "userunknown", "5.1.1", "userunknown", "5.1.2", "hostunknown", "5.1.3", "userunknown",
            "5.1.4", "filtered", "5.1.6", "hasmoved", "5.1.7", "rejected", "5.1.8", "rejected",
            "5.1.9", "systemerror", "5.1.10", "notaccept", "5.2.0", "filtered", "5.2.1", "filtered",
            "5.2.2", "mailboxfull", "5.2.3", "exceedlimit", "5.2.4", "filtered", "5.3.0", "systemerror",
            "5.3.1", "systemfull", "5.3.2", "notaccept", "5.3.3", "systemerror", "5.3.4", "mesgtoobig",
            "5.3.5", "systemerror", "5.4.0", "networkerror", "5.4.3", "systemerror", "5.4.4", "hostunknown",
            "5.5.2", "syntaxerror", "5.5.3", "toomanyconn", "5.5.4", "systemerror", "5.5.5", "systemerror",
            "5.5.6", "syntaxerror", "5.6.0", "contenterror", "5.6.1", "contenterror", "5.6.2", "contenterror",
            "5.6.3", "contenterror", "5.6.5", "contenterror", "5.6.6", "contenterror", "5.6.7", "contenterror",
            "5.7.0", "securityerror", "5.7.1", "securityerror", "5.7.2", "securityerror",
            "5.7.3", "securityerror", "5.7.4", "securityerror", "5.7.5", "securityerror",
            "5.7.6", "securityerror", "5.7.7", "securityerror", "5.7.8", "securityerror",
            "5.7.9", "securityerror", "5.7.10", "securityerror", "5.7.11", "securityerror",
            "5.7.13", "suspend", "5.7.14", "securityerror", "5.7.15", "securityerror",
            "5.7.16", "mesgtoobig", "5.7.17", "hasmoved", "5.7.18", "hasmoved", "5.7.19", "securityerror",
            "5.7.25", "blocked", "5.7.27", "notaccept",
            // pseudo codes some reporters use for a decided reason
            "5.0.910", "filtered", "5.0.911", "userunknown", "5.0.912", "hostunknown", "5.0.916", "hasmoved",
            "5.0.918", "rejected", "5.0.921", "suspend", "5.0.922", "mailboxfull", "5.0.930", "systemerror",
            "5.0.931", "systemfull", "5.0.932", "notaccept", "5.0.934", "mesgtoobig", "5.0.944", "networkerror",
            "5.0.947", "expired", "5.0.970", "securityerror", "5.0.971", "blocked", "5.0.980", "spamdetected",
        };
        for (int i = 0; i < table.length; i += 2) {
            STATUS.put(table[i], table[i + 1]);
        }
    }

    private static final Map<String, Pattern> TEXT = new LinkedHashMap<>();

    private static void text(String reason, String... patterns) {
        // ".+" bounded, so that no pattern's work grows with the square of the text
        String joined = String.join("|", patterns).replace(".+", ".{1,200}");
        TEXT.put(reason, Pattern.compile(joined, Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    static {
        text("mailboxfull",
                "mailbox (?:is |was )?full", "mailbox full", "mail ?box size limit", "mailbox (?:has )?exceeded",
                "over (?:the )?(?:allowed )?quota", "overquota", "quota (?:exceeded|violation|full)",
                "exceeded (?:the )?(?:storage|mailbox|disk|his/her|his|her|their)(?: storage)? ?(?:quota|allocation|limit)?",
                "disk quota", "insufficient (?:disk |storage )?space", "mail ?folder is full", "account is full",
                "is over (?:disk )?quota", "user has (?:exceeded|too many messages)", "not enough storage",
                "no space left on device", "too much mail data", "would be over the allowed quota",
                "mailbox has insufficient", "inbox is full", "maildir over quota", "exceeds? (?:his|her|the|its) (?:storage|mailbox) quota",
                "exceeded storage allocation", "boite du destinataire pleine", "ha superato la quota",
                "storage quota", "mailbox over quota", "mailbox exceeds allowed size", "recipient's mailbox is full", "quota exceeded",
                "user's mailbox is full", "full mailbox", "over the storage limit", "メールボックスが(?:一杯|いっぱい)|容量(?:が)?(?:オーバー|超過|不足)");
        text("mesgtoobig",
                "message (?:size|length) exceeds? (?:fixed |the )?(?:maximum|limit|max)",
                "message (?:is )?too (?:big|large)(?! for this)", "max(?:imum)? message size exceeded",
                "message file too big", "exceeded maximum inbound message size", "mail too large",
                "message size exceeds", "size limit", "message exceeds (?:the )?maximum", "line limit exceeded",
                "taille limite du message atteinte", "message is larger than", "exceeds the size limit");
        text("exceedlimit", "message header size exceeds limit", "message too large for this",
                "message length exceeds administrative limit", "exceeded the limit of");
        text("suspend",
                "recipient suspend the service", "this account has been (?:disabled|discontinued|suspended)",
                "account (?:has been |is )?(?:disabled|suspended|locked|deactivated|expired)",
                "is currently suspended", "mailbox (?:is )?(?:disabled|suspended|currently suspended)",
                "user suspended", "boite du destinataire archivee", "is a deactivated mailbox",
                "email account that you tried to reach is disabled", "invalid/inactive user",
                "recipient rejected: temporarily inactive", "vdelivermail: account is locked",
                "mailbox unavailable or access denied", "suspended for non-payment", "mailbox is frozen",
                "recipient account is blocked", "compte du destinataire est bloque",
                "(?:user|mailbox|account)\\b.{0,60}\\b(?:temporar(?:il)?y )?locked");
        text("hasmoved", " has been replaced by ", "mailbox has moved", "address has moved");
        text("norelaying",
                "relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|rejected)",
                "relaying (?:mail )?to .{1,100} (?:is )?not allowed", "unable to relay", "we do not relay",
                "no relaying", "not (?:a )?(?:local|permitted) relay", "insecure mail relay",
                "relay access denied", "relay not authorized", "that domain isn't in my list of allowed rcpthosts",
                "does not relay", "mail server requires authentication when attempting to send to a non-local");
        text("userunknown",
                ".+ user unknown", "#5\\.1\\.1 bad address", "<[^>]+> not found", "<[^>]+@[^>]+>\\.\\.\\. blocked by ",
                "5\\.1\\.0 address rejected", "address (?:does not exist|unknown|invalid|not found)",
                "archived recipient", "bad[-_ \\t]recipient", "bad destination mailbox", "can't accept user",
                "destination (?:addresses were unknown|server rejected recipients)",
                "e-?mail address (?:does not exist|could not be found|is unknown|not found)",
                "invalid (?:address|mailbox|mailbox path|recipient|user|e-?mail address)",
                "is not (?:a known user|a valid mailbox|an active address at this host|a valid user)",
                "mailbox (?:\\S+ )?does not exist", "mailbox (?:is )?(?:inactive|unavailable|invalid)",
                "mailbox not (?:present|found|available)", "mailbox unavailable",
                "no account by that name", "no mail ?box available for this user",
                "no mailbox (?:by that name|found|here)", "no such (?:address|mailbox|person|recipient|user|account|local user)",
                "no thank you rejected: account unavailable", "no valid recipients",
                "non[- ]?existent (?:user|recipient|mailbox|address)", "not a valid (?:user|recipient|mailbox)",
                "not a local address", "not (?:a )?registered", "not our customer", "not found in (?:directory|the directory)",
                "rcpt <[^>]+> does not exist",
                "recipient (?:address rejected: (?:access denied|invalid user|unknown user|user unknown|user .+ does not exist)"
                        + "|does not exist|is not local|not (?:exist|found|ok|known)|unknown|.+ was not found in|invalid)",
                "requested action not taken: mailbox unavailable", "resolver\\.adr\\.recip(?:ient)?notfound",
                "sorry, (?:user unknown|badrcptto|no mailbox here by that name)",
                "the email account that you tried to reach does not exist",
                "the following recipients was undeliverable", "the user's email name is not found",
                "there is no one at this address", "this address no longer accepts mail",
                "this email address is wrong or no longer valid", "this spectator does not exist",
                "this user doesn'?t have a .+ account", "unknown (?:e-?mail address|local[- ]part|mailbox|recipient|user|address)",
                "user (?:\\S+ )?(?:was not found|does not exist|doesn't exist)", "user (?:not (?:active|found|known|exist)|unknown)",
                "user missing home directory", "vdeliver: invalid or unknown virtual user",
                "your envelope recipient is in my badrcptto list", "utilisateur inconnu",
                "destinatario (?:errato|sconosciuto)", "weil die adresse nicht gefunden wurde",
                "address rejected: user .+ does not exist", "recipient address rejected\\.?\\s*$",
                "(?:the )?recipient name is not recognized", "not listed in (?:public )?name (?:&|and) address book",
                "invalid final delivery userid", "mail\\.local: unknown user", "ディレクトリには見つかりません", "this mailbox is disabled \\(554\\.30\\)",
                "no existe (?:dicha persona|ese usuario)", "adresse d au moins un destinataire invalide",
                "account (?:does not exist|not found|unavailable)", "unknown or illegal alias",
                "email address (?:is )?(?:not valid|invalid)", "no mailbox by that name is currently available",
                "recipient address rejected: .*user unknown");
        text("filtered",
                "because the recipient is only accepting mail from specific email addresses",
                "bounced address", "due to extended inactivity new mail is not currently being accepted",
                "has restricted sms e-mail", "is not accepting any mail", "refused due to recipient preferences",
                "resolver\\.rst\\.notauthorized", "this account is protected by", "user (?:not found|reject)",
                "we failed to deliver mail because the following address recipient id refuse to receive mail",
                "you have been blocked by the recipient", "permission denied", "recipient .{0,60}(?:refuse|reject)s? (?:to receive|your)",
                "message filtered", "filtered by");
        text("rejected",
                "sender address rejected", "batv (?:failed|validation failure)", "backscatter protection detected an invalid",
                "bogus mail from", "connections not accepted from servers without a valid sender domain",
                "denied by secumail", "domain of sender address .+ does not exist", "email address is on senderfilterconfig list",
                "emetteur invalide", "empty envelope senders not allowed", "error: no third-party dsns",
                "from: domain is invalid", "message rejected: email address is not verified",
                "mx records for .+ violate section .+", "null sender is not allowed", "returned mail not accepted here",
                "rfc 1035 violation", "sender (?:address rejected|domain must exist|email address rejected|is spammer"
                        + "|not pre-approved|rejected|domain is empty|verify failed|address is not allowed)",
                "syntax error: empty email address", "the message has been rejected by batv defense",
                "transaction failed unsigned dsn for", "unroutable sender address",
                "you are sending to/from an address that has been blacklisted",
                "sender verify", "domain of sender", "sender address (?:is )?(?:invalid|rejected|not allowed)");
        text("hostunknown",
                "domain (?:does not exist|must exist|is not reachable|not found|name not found|unknown|does not resolve)",
                "host (?:or domain name )?(?:not found|unknown)", "host unknown", "hostname (?:unknown|not found)",
                "name or service not known", "no such domain", "unknown (?:host|domain)", "unrouteable (?:address|mail domain)",
                "invalid domain", "illegal host/domain name found", "no mx (?:record|host)",
                "all relevant mx records point to non-existent hosts", "couldn'?t find any host named",
                "nxdomain", "recipient address rejected: unknown domain", "domain .{1,100} does not exist",
                "the domain .+ (?:is not|was not) found", "no route to domain", "no valid (?:mx|host)",
                "unable to resolve (?:domain|host)", "dns lookup failed for");
        text("spamdetected",
                "spam (?:score|content|detected|message|filter|policy)", "junk mail", "unsolicited",
                "(?:scored|marked|identified|flagged|tagged|rejected|detected|considered|classified) as spam",
                "[-:] spam\\b",
                "message (?:content )?rejected as spam", "looks like spam", "detected as spam", "considered (?:as )?spam",
                "classified as spam", "spamassassin", "bulk mail", "content filter", "message content rejected",
                "rejected by content", "is spam", "suspected spam", "scored too high");
        text("toomanyconn",
                "too many (?:connections|concurrent|smtp sessions|simultaneous|sessions|messages from|recipients)",
                "connection (?:rate )?limit", "exceeded (?:the )?(?:rate|connection) limit", "throttl",
                "rate limit", "all available ports in use", "too many errors", "temporarily deferred due to",
                "too fast", "has exceeded the maximum number", "too much mail from", "frequency limited");
        text("blocked",
                "access denied", "(?:black|block) ?list", "listed (?:at|on|in|by) (?:the )?[\\w.-]*(?:bl\\b|rbl|dnsbl|spamhaus|spamcop|sorbs|barracuda|black|block)", "blocked (?:using|by)",
                "\\bbanned\\b", "\\brbl\\b", "spamhaus", "spamcop", "dnsbl", "sorbs", "reputation",
                "(?:client|sender|your|the) (?:host|ip|server|network|domain)[^\\n]{0,60}(?:blocked|rejected|refused|not allowed|denied|listed)",
                "connection refused", "refused to talk to me", "reverse dns", "ptr record", "dynamic ip",
                "dial[- ]?up", "is not allowed to send", "no access from mail server", "ip address .{1,40} (?:has been )?blocked",
                "rejected because .{1,60} (?:ip|host)", "mail from .{1,100} refused", "access (?:not allowed|refused)",
                "helo command rejected", "service not available, closing transmission channel",
                "your message was rejected (?:because|by)", "not permitted to send", "rejected by the recipient domain",
                "intrusion prevention", "client host rejected", "banned sending ip",
                "(?:ip|address|host|server|sender|domain|connection)\\b[^\\n.]{0,40}\\bblocked");
        text("policyviolation",
                "because the recipient is not accepting mail with (?:attachments|embedded images)",
                "closed mailing list", "denied by policy", "email not accepted for policy reasons",
                "message (?:was|has been) (?:blocked|rejected) (?:by|due to) (?:local |mail )?policy",
                "policy reasons?", "policy violation", "local policy", "mass mailer", "not subscribed to this group",
                "allowable number of posts without solving a captcha", "dmarc", "prohibited attachment",
                "by (?:organization|recipient) policy", "policy restriction", "messages? of this type",
                "content presents a potential", "multiple addresses in from: header");
        text("virusdetected", "virus", "malware", "infected", "malicious");
        text("securityerror",
                "authentication (?:required|failed|credentials invalid|turned on)", "must issue a starttls",
                "starttls", "encryption required", "tls (?:required|is required)", "sender policy framework",
                "\\bspf\\b", "dkim", "user not authenticated", "verification failure", "insecure",
                "you don't authenticate", "authentication is required", "unauthenticated");
        text("systemerror",
                "aliasing/forwarding loop broken", "can't create user output file", "could not load drd for domain",
                "internal error", "internal server error", "interrupted system call", "encountered an error while being processed",
                "would create a mail loop", "local configuration error", "local error in processing",
                "loop was found in the mail exchanger", "loops back to myself", "mail system configuration error",
                "remote server is misconfigured", "server configuration error", "system config error",
                "temporary local problem", "timeout waiting for input", "transaction failed",
                "unable to connect to", "mail for .+ loops back", "too many hops", "routing loop",
                "temporary failure", "system error", "server error", "service currently unavailable");
        text("networkerror",
                "could not connect and send the mail to", "dns records for the destination computer could not be found",
                "hop count exceeded", "host is unreachable", "host name lookup failure", "host not found, try again",
                "mail forwarding loop for ", "malformed (?:or unexpected )?name server reply",
                "maximum forwarding loop count exceeded", "message looping", "message probably in a routing loop",
                "no route to host", "unable to resolve route ", "loop detected", "network is unreachable",
                "connection (?:reset|closed|dropped|lost)", "lost connection", "conversation with .{1,100} timed out");
        text("expired",
                "delivery (?:time )?expired", "envelope expired", "retry time not reached for any host", "retry timeout exceeded",
                "message (?:has been )?(?:delayed|expired)", "could not be delivered for (?:more than )?\\d+",
                "has been delayed", "message timed out", "giving up on", "in the queue too long",
                "unable to deliver message after multiple retries", "delivery attempts will continue",
                "was not reachable within the allowed queue period", "expired after sitting in queue",
                "connection timed out", "server did not respond", "it has not been collected after",
                "failed to deliver to domain .+ within", "could not find a gateway for",
                "has not been delivered for", "too long in queue", "still (?:could )?not (?:been )?delivered",
                "retry limit exceeded", "too many retries", "queue(?:d)? too long", "deferred too long",
                "no answer from host", "time(?:d)? ?out", "all hosts have been failing", "host not reachable",
                "did not accept our requests to connect", "delivery failed \\d+ attempts");
        text("contenterror",
                "message header size, or recipient list, exceeds policy limit",
                "message mime complexity exceeds the policy maximum",
                "routing loop detected -- too many received: headers",
                "improperly-formatted binary content", "invalid mime headers", "unnecessary base64 encoding",
                "illegal attachment", "content rejected", "message content");
        text("systemfull", "mail system full", "system (?:storage|disk) (?:full|exceeded)", "insufficient system storage",
                "too many messages in queue");
        text("notaccept",
                "host (?:/domain )?does not accept mail", "does not accept mail", "mail receiving disabled",
                "name server: \\.: host not found", "no mx record found for domain=",
                "smtp protocol returned a permanent error", "null mx", "mx or srv record indicated no smtp service", "not accepting (?:mail|messages)");
        text("syntaxerror", "syntax error", "malformed (?:recipient )?address", "command unrecognized", "unrecognized command",
                "line too long", "bad sequence of commands", "invalid command", "improper sequence of commands");
        text("mailererror", "command failed: ", "procmail", "pipe to \\|", "bin/maildrop", "mailer error",
                "x-unix; \\d{1,3}", "command died with status \\d+", "exit \\d");
        text("vacation", "i am (?:away|out of (?:the )?office)", "i will be (?:away|out of)",
                "out of (?:the )?office", "on vacation", "away from (?:my|the) office", "auto(?:matic)? ?reply");
    }

    private static final List<String> ORDER_STATUS_OR_TEXT = List.of("mailboxfull", "mesgtoobig", "exceedlimit",
            "suspend", "hasmoved", "norelaying", "userunknown", "filtered", "rejected", "hostunknown",
            "spamdetected", "toomanyconn", "blocked");

    private static final List<String> ORDER_TEXT = List.of("mailboxfull", "spamdetected", "policyviolation",
            "virusdetected", "norelaying", "securityerror", "systemerror", "networkerror", "suspend", "expired",
            "contenterror", "systemfull", "notaccept", "mailererror", "syntaxerror", "rejected");

    /** Reasons which, when the text also says one of them, win over a status code meaning "user unknown". */
    private static final List<String> BEFORE_USERUNKNOWN = List.of("norelaying", "blocked", "mailboxfull",
            "hasmoved", "rejected", "toomanyconn");

    private static final Pattern STATUS_CODE = Pattern.compile("(?<![\\d.vV])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d])");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<![\\d.\\-:/#])([245][0-7]\\d)(?:[ \\-]|$)", Pattern.MULTILINE);

    private static final int MAX_DIAGNOSTIC = 8_000;

    private BounceReasons() {
    }

    /** The reason a status code alone means, or "" when it means nothing specific. */
    public static String ofStatus(String status) {
        return status == null ? "" : STATUS.getOrDefault(status, "");
    }

    /** True when the text says that reason (case-insensitive). */
    public static boolean says(String reason, String text) {
        Pattern p = TEXT.get(reason);
        return p != null && text != null && p.matcher(text).find();
    }

    /**
     * The reason of a failed delivery.
     *
     * @param status     the enhanced status code ("" when none)
     * @param diagnostic the server's diagnostic text ("" when none)
     * @param action     the DSN action ("failed", "delayed", …; "" when none)
     * @param command    the SMTP command the server answered (RCPT, DATA, MAIL, HELO, …; "" when unknown)
     */
    public static String reason(String status, String diagnostic, String action, String command) {
        return reason(status, diagnostic, action, command, "smtp");
    }

    /**
     * The reason of a failed delivery, given the type of the diagnostic too: when the diagnostic is not an SMTP
     * reply (a local delivery agent's words, e.g. {@code x-unix}), the text decides before the status code.
     */
    /** A diagnostic text, remembering which reasons it says (each pattern runs once per text). */
    private static final class Text {
        private final String d;
        private final Map<String, Boolean> said = new java.util.HashMap<>();

        Text(String d) {
            this.d = d;
        }

        boolean says(String reason) {
            return said.computeIfAbsent(reason, r -> BounceReasons.says(r, d));
        }

        boolean isBlank() {
            return d.isBlank();
        }
    }

    public static String reason(String status, String diagnostic, String action, String command, String diagnosticType) {
        String s = status == null ? "" : status;
        String d = diagnostic == null ? "" : diagnostic.replaceAll("\\s+", " ");
        d = joinContinuations(d);
        if (d.length() > MAX_DIAGNOSTIC) {
            d = d.substring(0, MAX_DIAGNOSTIC); // a server's words are short; bound the patterns' work
        }
        Text t = new Text(d);
        String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
        String c = command == null ? "" : command.toUpperCase(Locale.ROOT);
        if (s.startsWith("2.") || a.equals("delivered") || a.equals("relayed") || a.equals("expanded")) {
            return "delivered";
        }
        String byStatus = ofStatus(s);
        if (diagnosticType != null && !diagnosticType.isBlank() && !diagnosticType.equalsIgnoreCase("smtp")) {
            for (String r : ORDER_TEXT) {
                if (t.says(r)) {
                    return r;
                }
            }
        }
        for (String r : ORDER_STATUS_OR_TEXT) {
            if (holds(r, byStatus, t, c)) {
                // a domain that does not resolve "for now" is a network problem, not a dead domain
                return r.equals("hostunknown") && s.startsWith("4") ? "networkerror" : r;
            }
        }
        String found = byStatus;
        if (found.equals("userunknown")) {
            // the status says "bad address" but the text names another cause (a refused sender, a block, …)
            for (String r : BEFORE_USERUNKNOWN) {
                if (t.says(r)) {
                    return r;
                }
            }
        }
        if (found.isEmpty() || WEAK.contains(found)) {
            for (String r : ORDER_TEXT) {
                if (t.says(r)) {
                    return r;
                }
            }
            if (found.isEmpty() && (a.startsWith("delayed") || a.startsWith("expired"))) {
                return "expired";
            }
            if (found.isEmpty() && (c.equals("HELO") || c.equals("EHLO") || c.equals("CONN"))) {
                return "blocked";
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (t.says("vacation")) {
            return "vacation";
        }
        return t.isBlank() ? "undefined" : "onhold";
    }

    private static boolean holds(String reason, String byStatus, Text t, String command) {
        switch (reason) {
            case "userunknown":
                // the status says so, or the server refused the address at RCPT; other reasons named in the text win
                if (byStatus.equals("suspend")) {
                    return false;
                }
                if (byStatus.equals("userunknown")) {
                    return BEFORE_USERUNKNOWN.stream().noneMatch(t::says);
                }
                return command.equals("RCPT") && t.says(reason);
            case "filtered":
                // "user unknown" after the server had the message (DATA) is a filter's answer, not a dead address
                if (byStatus.equals("suspend")) {
                    return false;
                }
                if (byStatus.equals("filtered")) {
                    return true;
                }
                if (Set.of("CONN", "EHLO", "HELO", "MAIL", "RCPT").contains(command)) {
                    return false;
                }
                return t.says(reason) || t.says("userunknown");
            case "mesgtoobig":
                // 5.2.3 is the recipient's own limit (exceedlimit), whatever the text calls it
                return byStatus.equals(reason) || !byStatus.equals("exceedlimit") && t.says(reason);
            case "mailboxfull":
                // the whole system out of space (x.3.1, x.4.5) is not one full mailbox
                return byStatus.equals(reason) || !byStatus.equals("systemfull") && t.says(reason);
            case "rejected":
                return byStatus.equals("rejected") || command.equals("MAIL") && t.says(reason);
            case "hostunknown":
                // an unknown recipient domain; not when the server refused our own name or sender (HELO, MAIL)
                if (Set.of("CONN", "HELO", "EHLO", "MAIL").contains(command)) {
                    return false;
                }
                return byStatus.equals("hostunknown") || t.says(reason);
            default:
                return byStatus.equals(reason) || t.says(reason);
        }
    }

    private static final Pattern CONTINUATION = Pattern.compile("\\b([245]\\d\\d)-((?:[245]\\.\\d{1,3}\\.\\d{1,3})?)\\s?");

    /**
     * A multi-line reply ("550-5.7.1 Messages with multiple 550-5.7.1 addresses …") read as one sentence: the
     * code repeated at the start of each continuation line is dropped after its first appearance.
     */
    static String joinContinuations(String d) {
        Matcher m = CONTINUATION.matcher(d);
        if (!m.find()) {
            return d;
        }
        String code = m.group(1);
        String status = m.group(2);
        Pattern again = Pattern.compile("\\s" + code + "[- ]" + (status.isEmpty() ? "" : Pattern.quote(status) + "\\s?"));
        int keep = m.end();
        return d.substring(0, keep) + again.matcher(d.substring(keep)).replaceAll(" ");
    }

    /** The enhanced status code in a text (the first specific one; x.0.0 only when no other), or "". */
    public static String statusIn(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = STATUS_CODE.matcher(text);
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
        Matcher m = REPLY_CODE.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /** Hard or soft, as Sisimai 4 judges: unknown user, unknown host and moved are hard; notaccept on 5xx too. */
    public static BounceKind kindOf(String reason, String status, String replyCode) {
        if (NOT_BOUNCES.contains(reason)) {
            return BounceKind.NONE;
        }
        switch (reason) {
            case "userunknown", "hostunknown", "hasmoved":
                return BounceKind.HARD;
            case "notaccept":
                boolean temporary = status.startsWith("4") || status.isEmpty() && replyCode.startsWith("4");
                return temporary ? BounceKind.SOFT : BounceKind.HARD;
            default:
                return BounceKind.SOFT;
        }
    }
}
