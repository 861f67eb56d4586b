package org.renraku.members.entity;

/**
 * Where a member's mail goes (携帯会社): the Japanese mobile carriers, whose phone-side filters
 * (指定受信, なりすまし規制) drop mail silently, and the large mailbox providers. Shown as a mark in the
 * console, used for filtered broadcasts and for per-carrier pacing.
 */
public enum Carrier {
    DOCOMO(true),
    AU(true),
    SOFTBANK(true),
    YMOBILE(true),
    RAKUTEN(true),
    GMAIL(false),
    ICLOUD(false),
    YAHOO_JAPAN(false),
    OUTLOOK(false),
    OTHER(false);

    private final boolean japaneseMobile;

    Carrier(boolean japaneseMobile) {
        this.japaneseMobile = japaneseMobile;
    }

    /** A Japanese mobile carrier: at most 100 messages per connection, small parallelism, no bursts. */
    public boolean japaneseMobile() {
        return japaneseMobile;
    }
}
