package org.renraku.inbound.control;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.renraku.networks.entity.Network;

/**
 * Which network a mail in the catch-all mailbox of the join domain was for: the slug is the local part of the
 * first recipient in the join domain, looked for where mail servers put the envelope recipient first
 * (Delivered-To, X-Original-To, Envelope-To) and then in To and Cc. A "+detail" is ignored.
 */
public final class JoinAddresses {

    private static final String[] RECIPIENT_HEADERS = {"Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"};
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._+-]+)@([A-Za-z0-9.-]+)");

    private JoinAddresses() {
    }

    public static String address(String slug, String joinDomain) {
        return slug + "@" + joinDomain;
    }

    public static Optional<String> slug(MimeMessage message, String joinDomain) throws MessagingException {
        String domain = joinDomain.toLowerCase(Locale.ROOT);
        for (String name : RECIPIENT_HEADERS) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Matcher m = ADDRESS.matcher(value);
                while (m.find()) {
                    if (m.group(2).toLowerCase(Locale.ROOT).equals(domain)) {
                        String local = m.group(1).toLowerCase(Locale.ROOT);
                        int plus = local.indexOf('+');
                        String slug = plus > 0 ? local.substring(0, plus) : local;
                        if (Network.isValidSlug(slug)) {
                            return Optional.of(slug);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
