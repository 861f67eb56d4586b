package org.renraku.broadcasts.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The posting address of a delegated sender (代理配信): {@code <slug>+post-<secret>@<join domain>}. The secret is
 * not stored: it is the first 80 bits of HMAC-SHA256 over the sender (admin or member), its id and its
 * {@code posting_version}, in lower-case base32 (16 characters; servers may change the case of local parts).
 * Raising the version makes a new address and voids the old one. A mail to the posting address is accepted
 * only when its From is the sender's known address AND the secret is that sender's: a forged From alone, or a
 * secret alone, is not enough.
 */
public final class PostingAddresses {

    /** Configuration property of the key; unset, {@code app_secrets} {@value #APP_SECRET} is used. */
    public static final String SECRET_PROPERTY = "renraku.posting-secret";
    public static final String APP_SECRET = "posting-address";
    /** The local part's detail starts with this. */
    public static final String DETAIL_PREFIX = "post";

    public enum Kind { ADMIN, MEMBER }

    private static final int MAC_BYTES = 10;

    private PostingAddresses() {
    }

    /** The sender's current secret. */
    public static String secret(byte[] key, Kind kind, long id, int version) {
        Objects.requireNonNull(kind, "kind");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("posting:" + kind + ":" + id + ":" + version).getBytes(StandardCharsets.US_ASCII));
            return DeliveryToken.base32(Arrays.copyOf(tag, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code <slug>+post-<secret>}. */
    public static String localPart(String slug, String secret) {
        return slug + "+" + DETAIL_PREFIX + "-" + secret;
    }

    public static String address(String slug, String secret, String joinDomain) {
        return localPart(slug, secret) + "@" + joinDomain;
    }

    /** True when the "+detail" of a recipient is a posting one ({@code post} or {@code post-…}). */
    public static boolean isPosting(String detail) {
        String d = detail == null ? "" : detail.toLowerCase(Locale.ROOT);
        return d.equals(DETAIL_PREFIX) || d.startsWith(DETAIL_PREFIX + "-");
    }

    /** The secret in a posting detail, lower case; empty when there is none. */
    public static Optional<String> secretOf(String detail) {
        if (!isPosting(detail) || detail.length() <= DETAIL_PREFIX.length() + 1) {
            return Optional.empty();
        }
        return Optional.of(detail.substring(DETAIL_PREFIX.length() + 1).toLowerCase(Locale.ROOT));
    }

    /** Constant-time comparison of the expected and the presented secret. */
    public static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
