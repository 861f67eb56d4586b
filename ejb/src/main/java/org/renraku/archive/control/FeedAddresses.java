package org.renraku.archive.control;

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
import org.renraku.broadcasts.control.DeliveryToken;

/**
 * The secret address of a network's Atom feed of its archive: {@code <base>/feed/<network id>-<secret>.atom}. The
 * secret is not stored: 80 bits of HMAC-SHA256 over the network id and its {@code feed_version}, lower-case base32
 * (the posting addresses' scheme). Raising the version makes a new address and voids the old one.
 */
public final class FeedAddresses {

    /** Configuration property of the key; unset, {@code app_secrets} {@value #APP_SECRET} is used. */
    public static final String SECRET_PROPERTY = "renraku.feed-secret";
    public static final String APP_SECRET = "archive-feed";
    /** The servlet path the feeds are under. */
    public static final String PATH = "/feed/";

    private static final int MAC_BYTES = 10;
    private static final Pattern NAME = Pattern.compile("([0-9]{1,18})-([a-z2-7]{1,40})\\.atom");

    /** The network id and the presented secret of a feed file name. */
    public record Presented(long networkId, String secret) {
    }

    private FeedAddresses() {
    }

    public static String secret(byte[] key, long networkId, int version) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("archive-feed:" + networkId + ":" + version).getBytes(StandardCharsets.US_ASCII));
            return DeliveryToken.base32(Arrays.copyOf(tag, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code <base>/feed/<id>-<secret>.atom}; {@code base} without a trailing slash. */
    public static String url(String base, long networkId, String secret) {
        return base + PATH + fileName(networkId, secret);
    }

    public static String fileName(long networkId, String secret) {
        return networkId + "-" + secret + ".atom";
    }

    /** The parts of a file name {@code <id>-<secret>.atom} (case-insensitive); empty for anything else. */
    public static Optional<Presented> parse(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(fileName.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(new Presented(Long.parseLong(m.group(1)), m.group(2))) : Optional.empty();
    }

    /** Constant-time comparison of the expected and the presented secret. */
    public static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
