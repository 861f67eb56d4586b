package org.renraku.delivery.entity;

import org.renraku.members.entity.Carrier;

/**
 * A partition of a broadcast's delivery: the members whose mail ends at the same receiving provider, sent with
 * one pace and watched for refusals together (a provider that throttles us throttles all its addresses).
 * <p>
 * One group per {@link Carrier}, except that Y!mobile goes with SoftBank: Y!mobile is a brand of SoftBank Corp.
 * and its phone mail is run on SoftBank's platform, so it is paced as one receiver with SoftBank's limits (a
 * decision from the operator's ownership; the MX hosts were not looked up). Outlook/Hotmail is named for its
 * operator, Microsoft. The names are stored in {@code deliveries.carrier_group}; V5 maps existing rows the same way.
 */
public enum CarrierGroup {
    DOCOMO,
    AU,
    SOFTBANK,
    RAKUTEN,
    GMAIL,
    YAHOO_JAPAN,
    MICROSOFT,
    ICLOUD,
    OTHER;

    /** The group that paces mail to a member of that carrier. */
    public static CarrierGroup of(Carrier carrier) {
        return switch (carrier) {
            case DOCOMO -> DOCOMO;
            case AU -> AU;
            case SOFTBANK, YMOBILE -> SOFTBANK;
            case RAKUTEN -> RAKUTEN;
            case GMAIL -> GMAIL;
            case YAHOO_JAPAN -> YAHOO_JAPAN;
            case OUTLOOK -> MICROSOFT;
            case ICLOUD -> ICLOUD;
            case OTHER -> OTHER;
        };
    }

    /** SQL giving the group of the member row's carrier {@code m.carrier}, as {@link #of} does. */
    public static String sqlOfMemberCarrier() {
        StringBuilder sql = new StringBuilder("CASE m.carrier");
        for (Carrier c : Carrier.values()) {
            sql.append(" WHEN '").append(c.name()).append("' THEN '").append(of(c).name()).append('\'');
        }
        return sql.append(" ELSE 'OTHER' END").toString();
    }

    /**
     * docomo, au and SoftBank: at most 100 messages per SMTP connection, small parallelism, no bursts at the top
     * of the hour. Rakuten counts as a Japanese mobile carrier too and gets the same care.
     */
    public boolean japaneseMobile() {
        return this == DOCOMO || this == AU || this == SOFTBANK || this == RAKUTEN;
    }
}
