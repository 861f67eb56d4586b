package org.renraku.inbound.entity;

import java.util.EnumSet;
import java.util.Set;

/** What became of a mail to a join address (inbound_mails.outcome, at most 24 ASCII characters). */
public enum InboundOutcome {
    /** A registration link was mailed. */
    LINK_SENT,
    /** The sender is already an active member: mailed their personal page link (a reply, counted by the limits). */
    ALREADY_MEMBER,
    /** Joining is closed: a polite reply. */
    JOINING_CLOSED,
    /** The network has a join password and the mail lacked it or had a wrong one: a short reply. */
    PASSWORD_REFUSED,
    /** 「退会」: the member left and was told so (before 退会 asked for a confirmation; now only the confirmation link leaves). */
    LEFT,
    /** 「退会」 from a member's address: a confirmation link went to that address; nothing changed yet. */
    LEAVE_CONFIRMATION_SENT,
    /** 「退会」 from an address that is not an active member: nothing to do, no reply. */
    NOT_A_MEMBER,
    /** Stored for the admins as an inquiry. */
    INQUIRY,
    /** A reply was due but the sender or the network had too many replies in the last hour. */
    RATE_LIMITED,
    /** Auto-reply (RFC 3834 and relatives): never answered. */
    AUTO_REPLY,
    /** A bounce or other report, or a system sender: never answered. */
    BOUNCE,
    /** Mailing-list mail: never answered. */
    LIST,
    /** Broken MIME or no usable sender: set aside. */
    MALFORMED,
    /** Over the size limit: set aside without being fetched. */
    OVERSIZED,
    /** Sent to an address that is no network's join address. */
    UNKNOWN_NETWORK,
    /** The same Message-ID was handled before. */
    DUPLICATE,
    /** 代理配信: a mail to a posting address became a broadcast, started; the sender got the result. */
    POSTED,
    /** 代理配信 refused (unknown sender, not delegated, wrong secret, empty, too large); the reason says which. */
    POST_REFUSED,
    /** A reply to a broadcast's reply address carried a keyword: the member's answer was recorded. */
    ANSWERED,
    /**
     * A reply to a broadcast's reply address that recorded no answer — unknown address, sender not a recipient,
     * no keyword (kept as an inquiry when from a member), after the deadline; the reason says which.
     */
    ANSWER_REFUSED,
    /** Handling failed unexpectedly; the reason says why. */
    FAILED,
    /** Several From fields, or several addresses in From: never answered. */
    AMBIGUOUS_SENDER,
    /** From one of the service's own addresses (join, posting, reply, bounce, noreply, broadcast From): never answered. */
    OWN_SENDER,
    /** A join mail from a member an admin suspended: not reactivated, nothing mailed. */
    SUSPENDED,
    /** A wrong or missing join password that got no reply (reply limits); counted as a failure like PASSWORD_REFUSED. */
    PASSWORD_FAILED,
    /** The operator suspended the network: nothing done; the sender was told so. */
    NETWORK_SUSPENDED;

    /** Outcomes of a join password not given: what the password failure limits count. */
    public static final Set<InboundOutcome> PASSWORD_FAILURES = EnumSet.of(PASSWORD_REFUSED, PASSWORD_FAILED);

    /** Outcomes that mailed a reply to the sender: what the rate limits count. */
    public static final Set<InboundOutcome> REPLIED = EnumSet.of(LINK_SENT, ALREADY_MEMBER, JOINING_CLOSED,
            PASSWORD_REFUSED, LEFT, POST_REFUSED, LEAVE_CONFIRMATION_SENT, NETWORK_SUSPENDED);
}
