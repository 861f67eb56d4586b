package org.renraku.answers.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.renraku.delivery.control.DeliveryToken;

/**
 * Where a member's answer goes, with no new secret of its own: the delivery-token key
 * ({@link DeliveryToken#SECRET_PROPERTY}) signs both.
 * <ul>
 * <li>The personal links of a broadcast's mail, {@code <base>/member/answer.xhtml?t=<delivery token>&c=<n>}: the
 * {@link DeliveryToken} of that member's delivery (computed, not stored, as the unsubscribe link's), {@code c} = 0
 * for 「確認しました」 or the 1-based choice. The choice in the link is only what the page offers first; the
 * answer is recorded by the member's click on the page (a POST), so a mail scanner fetching links records
 * nothing.</li>
 * <li>The broadcast's reply address (Reply-To) {@code <slug>+r-<broadcast id, base 36>-<mac>@<join domain>}, mac =
 * the first 64 bits of HMAC-SHA256 over "answer-reply:" and the id, lower-case base32 (13 characters, so even a
 * 40-character slug keeps the local part within 64): one per broadcast, so any number of polls run at once.</li>
 * </ul>
 */
public final class AnswerAddresses {

    public static final String PAGE = "/member/answer.xhtml";
    /** The "+detail" of a reply address starts with this. */
    public static final String DETAIL_PREFIX = "r-";

    private static final int MAC_BYTES = 8;
    private static final Pattern DETAIL = Pattern.compile("r-([0-9a-z]{1,13})-([a-z2-7]{13})");

    private AnswerAddresses() {
    }

    /** The personal answer link of a delivery; {@code choice} 0 confirms, 1.. is a choice. */
    public static String link(String base, String deliveryToken, int choice) {
        return linkBase(base) + deliveryToken + "&c=" + choice;
    }

    /** {@code <base>/member/answer.xhtml?t=}: the delivery token and {@code &c=<n>} follow. */
    public static String linkBase(String base) {
        return base.strip().replaceAll("/+$", "") + PAGE + "?t=";
    }

    /** {@code r-<id>-<mac>}: the "+detail" of the broadcast's reply address. */
    public static String detail(byte[] key, long broadcastId) {
        return DETAIL_PREFIX + Long.toString(broadcastId, 36) + "-" + mac(key, broadcastId);
    }

    public static String localPart(String slug, byte[] key, long broadcastId) {
        return slug + "+" + detail(key, broadcastId);
    }

    public static String replyAddress(String slug, byte[] key, long broadcastId, String joinDomain) {
        return localPart(slug, key, broadcastId) + "@" + joinDomain;
    }

    /** True when a "+detail" is a reply address's (signed or not). */
    public static boolean isReply(String detail) {
        return detail != null && detail.toLowerCase(Locale.ROOT).startsWith(DETAIL_PREFIX);
    }

    /** The broadcast a reply detail names, when its MAC is right (constant-time check); else empty. */
    public static Optional<Long> broadcastOf(String detail, byte[] key) {
        if (detail == null || detail.length() > 40) {
            return Optional.empty();
        }
        Matcher m = DETAIL.matcher(detail.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(m.group(1), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (id <= 0) {
            return Optional.empty();
        }
        boolean ok = MessageDigest.isEqual(mac(key, id).getBytes(StandardCharsets.US_ASCII),
                m.group(2).getBytes(StandardCharsets.US_ASCII));
        return ok ? Optional.of(id) : Optional.empty();
    }

    private static String mac(byte[] key, long broadcastId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("answer-reply:" + broadcastId).getBytes(StandardCharsets.US_ASCII));
            return DeliveryToken.base32(Arrays.copyOf(tag, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
