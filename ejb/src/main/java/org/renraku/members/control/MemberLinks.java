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
 * The key is {@code renraku.link-secret} (env {@code RENRAKU_LINK_SECRET}) or, when that is unset, a secret
 * generated once and shared by all instances through {@code app_secrets} (name {@value #SECRET_NAME}).
 */
@ApplicationScoped
public class MemberLinks {

    public static final String SECRET_NAME = "member-link";
    public static final String PAGE = "/member/page.xhtml";

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
