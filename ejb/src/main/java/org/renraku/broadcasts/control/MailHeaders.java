package org.renraku.broadcasts.control;

/** Header names of broadcast messages, in one place (RFC 2369, RFC 2919, RFC 8058 and our own). */
public final class MailHeaders {

    public static final String LIST_ID = "List-Id";
    public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";
    /** The only value RFC 8058 allows. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    public static final String NETWORK = "X-Renraku-Network";
    public static final String BROADCAST = "X-Renraku-Broadcast";
    public static final String DELIVERY = "X-Renraku-Delivery";
    public static final String MESSAGE_ID = "Message-ID";

    /**
     * What the DKIM signature covers besides the signer's defaults: RFC 8058 requires List-Unsubscribe and
     * List-Unsubscribe-Post to be signed, and the rest must not be alterable on the way either.
     */
    public static final String[] SIGNED = {"From", "Reply-To", "To", "Subject", "Date", MESSAGE_ID, "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", LIST_ID, LIST_UNSUBSCRIBE, LIST_UNSUBSCRIBE_POST, NETWORK,
        BROADCAST, DELIVERY};

    private MailHeaders() {
    }
}
