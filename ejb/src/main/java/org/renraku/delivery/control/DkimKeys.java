package org.renraku.delivery.control;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * DKIM key material: RSA-2048 key pairs for a sending domain, the DNS TXT record an admin publishes at
 * {@code <selector>._domainkey.<domain>}, and the PKCS#8 PEM form of a private key kept in configuration.
 */
public final class DkimKeys {

    public static final int BITS = 2048;

    private DkimKeys() {
    }

    /** A fresh RSA-2048 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /** The p= value: base64 of the DER SubjectPublicKeyInfo, as RFC 6376 3.6.1 asks. */
    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The DNS name of the record. */
    public static String recordName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    /** The TXT record's text: {@code v=DKIM1; k=rsa; p=<key>}. */
    public static String txtRecord(String publicKeyBase64) {
        return "v=DKIM1; k=rsa; p=" + publicKeyBase64;
    }

    /**
     * The record as character-strings of at most 255 characters each (a 2048-bit key needs two), the way DNS
     * consoles and zone files want it: {@code "v=DKIM1; k=rsa; p=MIIB…" "…IDAQAB"}.
     */
    public static List<String> txtStrings(String txtRecord) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < txtRecord.length(); i += 255) {
            parts.add(txtRecord.substring(i, Math.min(txtRecord.length(), i + 255)));
        }
        return parts;
    }

    /** A zone-file line: {@code sel._domainkey.example.jp. IN TXT ("…" "…")}. */
    public static String zoneLine(String selector, String domain, String publicKeyBase64) {
        StringBuilder line = new StringBuilder(recordName(selector, domain)).append(". IN TXT (");
        List<String> parts = txtStrings(txtRecord(publicKeyBase64));
        for (int i = 0; i < parts.size(); i++) {
            line.append(i == 0 ? "" : " ").append('"').append(parts.get(i)).append('"');
        }
        return line.append(')').toString();
    }

    /** An RSA private key from PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) or bare base64 of the DER. */
    public static RSAPrivateKey privateKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return privateKeyFromPkcs8(Base64.getDecoder().decode(base64));
    }

    public static RSAPrivateKey privateKeyFromPkcs8(byte[] der) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("Not an RSA private key in PKCS#8", e);
        }
    }

    /** PKCS#8 PEM of a private key, for a configuration property or a file. */
    public static String toPem(RSAPrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
