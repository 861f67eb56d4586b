package org.renraku.broadcasts.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The delivery token carried in the VERP return path ({@code bounce+<token>@<bounce-domain>}), the one-click
 * unsubscribe URL and {@code X-Renraku-Delivery}: {@code <broadcast id>-<member id>-<mac>}, the ids in base 36
 * and the MAC the first 80 bits of HMAC-SHA256 over both ids, in lower-case base32. So a bounce or an
 * unsubscribe names exactly one delivery (unique per broadcast and member) and cannot be forged for another.
 * <p>
 * Only lower-case letters, digits and hyphens: mail servers may change the case of a local part, so
 * {@link #parse} reads the token case-insensitively. The token is computed, not stored: recipients are
 * snapshot with one {@code INSERT ... SELECT}, and nothing must be written per row to make a token.
 * The key comes from {@code renraku.delivery-secret} or {@code app_secrets} ({@value #SECRET_NAME}).
 * <p>
 * <b>One token per purpose.</b> The MAC also covers a {@link Purpose}: the VERP / {@code X-Renraku-Delivery} token
 * that a bounce or complaint must carry, the unsubscribe token of List-Unsubscribe, and the token of the answer
 * links and the per-recipient reply address are three different strings for the same delivery. A token shown in
 * one place (an answer link a member forwards, a Return-Path in a forwarded header block) is worthless for the
 * others: a forwarded poll cannot unsubscribe anyone, and a Return-Path cannot answer for the member.
 */
public record DeliveryToken(long broadcastId, long memberId) {

    /** What a token may be used for; each is a different MAC over the same ids. */
    public enum Purpose {
        /** VERP return path and X-Renraku-Delivery: a bounce or complaint about this delivery. */
        BOUNCE("delivery"),
        /** RFC 8058 one-click URL and the mailto: unsubscribe address. */
        UNSUBSCRIBE("unsubscribe"),
        /** Answer / read-confirmation links and the per-recipient reply address. */
        ANSWER("answer");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    public static final String SECRET_NAME = "delivery-token";
    public static final String SECRET_PROPERTY = "renraku.delivery-secret";

    private static final int MAC_BYTES = 10;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("([0-9a-z]{1,13})-([0-9a-z]{1,13})-([a-z2-7]{16})");

    public DeliveryToken {
        if (broadcastId <= 0 || memberId <= 0) {
            throw new IllegalArgumentException("A delivery token needs positive ids");
        }
    }

    /** The token text for {@code purpose}, signed with {@code key}. */
    public String sign(byte[] key, Purpose purpose) {
        String ids = Long.toString(broadcastId, 36) + "-" + Long.toString(memberId, 36);
        return ids + "-" + base32(mac(key, purpose, broadcastId, memberId));
    }

    /**
     * The delivery a presented token names, when its MAC for {@code purpose} is right (checked in constant time);
     * else empty. A token of another purpose is refused.
     */
    public static Optional<DeliveryToken> parse(String presented, byte[] key, Purpose purpose) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(purpose, "purpose");
        if (presented == null || presented.length() > 60) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(presented.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long broadcast;
        long member;
        try {
            broadcast = Long.parseLong(m.group(1), 36);
            member = Long.parseLong(m.group(2), 36);
        } catch (NumberFormatException e) {
            return Optional.empty(); // beyond a long
        }
        if (broadcast <= 0 || member <= 0) {
            return Optional.empty();
        }
        byte[] expected = base32(mac(key, purpose, broadcast, member)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(3).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryToken(broadcast, member));
    }

    private static byte[] mac(byte[] key, Purpose purpose, long broadcastId, long memberId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal((purpose.label + ":" + broadcastId + ":" + memberId).getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(tag, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** RFC 4648 base32 without padding, lower case; 10 bytes give exactly 16 characters. */
    public static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
