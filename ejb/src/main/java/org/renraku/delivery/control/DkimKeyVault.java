package org.renraku.delivery.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps DKIM private keys out of the database in clear: {@code dkim_keys.private_key_enc} is
 * {@code v1:<base64 of IV ‖ ciphertext ‖ tag>}, AES-256-GCM under a key derived (HMAC-SHA256) from the
 * key-encryption secret, with the domain and selector as associated data, so a sealed key copied to another
 * row does not open.
 * <p>
 * The secret is {@code renraku.dkim.kek} (env {@code RENRAKU_DKIM_KEK}, or a Payara password alias): set it in
 * production, where it then never touches the database. When it is unset the application generates one into
 * {@code app_secrets} ({@value #SECRET_NAME}) — then a dump of the whole database holds both halves, and the
 * sealing only protects against leaks of the {@code dkim_keys} table alone (development and tests).
 */
public final class DkimKeyVault {

    public static final String SECRET_PROPERTY = "renraku.dkim.kek";
    public static final String SECRET_NAME = "dkim-kek";

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DkimKeyVault() {
    }

    public static String seal(RSAPrivateKey key, byte[] secret, String domain, String selector) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, iv, domain, selector);
            byte[] sealed = cipher.doFinal(key.getEncoded());
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The private key sealed for that domain and selector.
     *
     * @throws IllegalArgumentException when the text is not a sealed key, or the secret, domain or selector differ
     */
    public static RSAPrivateKey open(String sealed, byte[] secret, String domain, String selector) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalArgumentException("Not a sealed DKIM key");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        if (all.length <= IV_BYTES) {
            throw new IllegalArgumentException("Not a sealed DKIM key");
        }
        try {
            byte[] iv = java.util.Arrays.copyOf(all, IV_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, secret, iv, domain, selector);
            byte[] der = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            return DkimKeys.privateKeyFromPkcs8(der);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("The DKIM key of " + selector + "._domainkey." + domain
                    + " does not open with this key-encryption secret", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, byte[] secret, byte[] iv, String domain, String selector)
            throws GeneralSecurityException {
        Mac kdf = Mac.getInstance("HmacSHA256");
        kdf.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] aesKey = kdf.doFinal("renraku dkim key-encryption v1".getBytes(StandardCharsets.US_ASCII));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(("dkim:" + domain + ":" + selector).getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }
}
