package org.renraku.members.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.members.entity.Member;
import org.renraku.platform.boundary.AppSecrets;

/**
 * A member's personal link, {@code <base-url>/member/page.xhtml?m=<id>&s=<signature>}: members have no password,
 * the link in every mail they get is their key. The signature is HMAC-SHA256 over the member's id and
 * {@code link_version}, so raising the version revokes every link sent before; it is checked in constant time.
 * <p>
 * <p>
 * The short form, {@code <base-url>/p/<id>.<first 16 characters of the signature>} (the footer of every
 * broadcast, which must fit a phone screen), is the same signature cut to 96 bits: revoked with the link version as
 * well; {@code /p/} checks it and sends the browser on to the full link.
 * <p>
 * The key is {@code renraku.link-secret} (env {@code RENRAKU_LINK_SECRET}) or, when that is unset, a secret
 * generated once and shared by all instances through {@code app_secrets} (name {@value #SECRET_NAME}).
 */
@ApplicationScoped
public class MemberLinks {

    public static final String SECRET_NAME = "member-link";
    public static final String PAGE = "/member/page.xhtml";
    /** The path of the short form; {@code <id>.<short signature>} follows. */
    public static final String SHORT_PATH = "/p/";
    /** Characters of the signature the short form keeps (base64url: 96 bits). */
    public static final int SHORT_SIGNATURE_LENGTH = 16;
    /** What test mails and previews show after the base URL instead of a member's short link. */
    public static final String SAMPLE = SHORT_PATH + "0.sample";

    /** A member id and short signature as read from {@code /p/<id>.<signature>}. */
    public record Short(long memberId, String signature) {
        /** The id and signature of {@code path} (what follows {@value #SHORT_PATH}), or empty for anything else. */
        public static Optional<Short> parse(String path) {
            if (path == null || path.length() > 40) {
                return Optional.empty();
            }
            int dot = path.indexOf('.');
            if (dot < 1 || dot > 18 || path.length() - dot - 1 != SHORT_SIGNATURE_LENGTH) {
                return Optional.empty();
            }
            for (int i = 0; i < dot; i++) {
                if (path.charAt(i) < '0' || path.charAt(i) > '9') {
                    return Optional.empty();
                }
            }
            try {
                return Optional.of(new Short(Long.parseLong(path.substring(0, dot)), path.substring(dot + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // beyond a long: no member has it
            }
        }
    }

    /** Signs short links with the key and base of the moment (immutable: the sending threads share it). */
    public static final class ShortLinks {
        private final String base;
        private final byte[] key;

        ShortLinks(String base, byte[] key) {
            this.base = base;
            this.key = key.clone();
        }

        /** The short personal link of the member at this link version. */
        public String link(long memberId, int linkVersion) {
            return shortLink(base, key, memberId, linkVersion);
        }

        /** The base URL the links start with. */
        public String base() {
            return base;
        }
    }

    @Inject
    @ConfigProperty(name = "renraku.link-secret")
    Optional<String> configuredSecret;

    @Inject
    @ConfigProperty(name = "renraku.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @Inject
    AppSecrets appSecrets;

    private volatile byte[] key;

    /** The personal page link of the member. */
    public String link(Member member) {
        return link(base(), key(), member.id(), member.linkVersion());
    }

    /** True when {@code signature} is the one of this member's current link version. */
    public boolean verify(Member member, String signature) {
        return matches(key(), member.id(), member.linkVersion(), signature);
    }

    /** The short personal link of the member ({@value #SHORT_PATH}). */
    public String shortLink(Member member) {
        return shortLink(base(), key(), member.id(), member.linkVersion());
    }

    /** True when {@code shortSignature} is the short form of this member's current link. */
    public boolean verifyShort(Member member, String shortSignature) {
        return matchesShort(key(), member.id(), member.linkVersion(), shortSignature);
    }

    /** What signs short links (for the sending job, which signs one per message without a database read). */
    public ShortLinks shortLinks() {
        return new ShortLinks(base(), key());
    }

    /** The application's base URL without a trailing slash. */
    public String base() {
        String url = baseUrl.strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            String secret = configuredSecret.filter(s -> !s.isBlank())
                    .orElseGet(() -> appSecrets.getOrCreate(SECRET_NAME));
            k = secret.getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k;
    }

    // --- the pure part, tested without a container

    public static String link(String base, byte[] key, long memberId, int linkVersion) {
        return base + PAGE + "?m=" + memberId + "&s=" + sign(key, memberId, linkVersion);
    }

    /** {@code <base>/p/<id>.<the first 16 characters of the signature>}. */
    public static String shortLink(String base, byte[] key, long memberId, int linkVersion) {
        return base + SHORT_PATH + memberId + "." + sign(key, memberId, linkVersion).substring(0, SHORT_SIGNATURE_LENGTH);
    }

    /** Constant-time comparison of a presented short signature with the expected one; false for null or junk. */
    public static boolean matchesShort(byte[] key, long memberId, int linkVersion, String presented) {
        if (presented == null || presented.length() != SHORT_SIGNATURE_LENGTH) {
            return false;
        }
        byte[] expected = sign(key, memberId, linkVersion).substring(0, SHORT_SIGNATURE_LENGTH)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** base64url (no padding) of HMAC-SHA256(key, "member-link:" + id + ":" + version). */
    public static String sign(byte[] key, long memberId, int linkVersion) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("member-link:" + memberId + ":" + linkVersion).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison of a presented signature with the expected one; false for null or junk. */
    public static boolean matches(byte[] key, long memberId, int linkVersion, String presented) {
        if (presented == null || presented.length() > 100) {
            return false;
        }
        byte[] expected = sign(key, memberId, linkVersion).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}
