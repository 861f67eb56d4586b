package org.renraku.members.control;

import java.util.Locale;
import java.util.Map;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.EmailAddress;

/**
 * Tells the carrier from the domain of a mail address. Sub-domains count as their parent
 * ({@code biz.ezweb.ne.jp} is au), so the table lists each provider's registrable domains once.
 */
public final class CarrierClassifier {

    private static final Map<String, Carrier> DOMAINS = Map.ofEntries(
            Map.entry("docomo.ne.jp", Carrier.DOCOMO),
            Map.entry("mopera.net", Carrier.DOCOMO),
            Map.entry("ezweb.ne.jp", Carrier.AU),
            Map.entry("au.com", Carrier.AU),
            Map.entry("uqmobile.jp", Carrier.AU),
            Map.entry("softbank.ne.jp", Carrier.SOFTBANK),
            Map.entry("i.softbank.jp", Carrier.SOFTBANK),
            Map.entry("vodafone.ne.jp", Carrier.SOFTBANK),
            Map.entry("disney.ne.jp", Carrier.SOFTBANK),
            Map.entry("ymobile.ne.jp", Carrier.YMOBILE),
            Map.entry("y-mobile.ne.jp", Carrier.YMOBILE),
            Map.entry("emnet.ne.jp", Carrier.YMOBILE),
            Map.entry("willcom.com", Carrier.YMOBILE),
            Map.entry("pdx.ne.jp", Carrier.YMOBILE),
            Map.entry("rakumail.jp", Carrier.RAKUTEN),
            Map.entry("rakuten.jp", Carrier.RAKUTEN),
            Map.entry("gmail.com", Carrier.GMAIL),
            Map.entry("googlemail.com", Carrier.GMAIL),
            Map.entry("icloud.com", Carrier.ICLOUD),
            Map.entry("me.com", Carrier.ICLOUD),
            Map.entry("mac.com", Carrier.ICLOUD),
            Map.entry("yahoo.co.jp", Carrier.YAHOO_JAPAN),
            Map.entry("ymail.ne.jp", Carrier.YAHOO_JAPAN),
            Map.entry("outlook.jp", Carrier.OUTLOOK),
            Map.entry("outlook.com", Carrier.OUTLOOK),
            Map.entry("hotmail.com", Carrier.OUTLOOK),
            Map.entry("hotmail.co.jp", Carrier.OUTLOOK),
            Map.entry("live.jp", Carrier.OUTLOOK),
            Map.entry("live.com", Carrier.OUTLOOK),
            Map.entry("msn.com", Carrier.OUTLOOK));

    private CarrierClassifier() {
    }

    public static Carrier classify(EmailAddress address) {
        return classifyDomain(address.domain());
    }

    static Carrier classifyDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (true) {
            Carrier carrier = DOMAINS.get(d);
            if (carrier != null) {
                return carrier;
            }
            int dot = d.indexOf('.');
            if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
                return Carrier.OTHER;
            }
            d = d.substring(dot + 1);
        }
    }
}
