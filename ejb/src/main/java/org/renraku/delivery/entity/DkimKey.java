package org.renraku.delivery.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DKIM key of a sending domain: d= {@code domain}, s= {@code selector}, RSA. At most one key per domain is
 * active (the schema enforces it through a generated column); the others are kept while DNS still publishes them.
 * <p>
 * The private key is never stored in clear: {@code privateKeyEnc} holds it encrypted by
 * {@link org.renraku.delivery.control.DkimKeyVault}, or {@code privateKeyRef} names a configuration property (a
 * Payara password alias, an environment variable) that holds it as PKCS#8 PEM.
 */
@Entity
@Table(name = "dkim_keys")
@NamedQuery(name = DkimKey.ACTIVE_FOR_DOMAIN,
        query = "SELECT k FROM DkimKey k WHERE k.domain = :domain AND k.active = TRUE")
@NamedQuery(name = DkimKey.BY_DOMAIN, query = "SELECT k FROM DkimKey k WHERE k.domain = :domain ORDER BY k.id")
public class DkimKey {

    public static final String ACTIVE_FOR_DOMAIN = "DkimKey.activeForDomain";
    public static final String BY_DOMAIN = "DkimKey.byDomain";

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "network_id", updatable = false)
    private Long networkId;

    @Column(nullable = false, length = 253, updatable = false)
    private String domain;

    @Column(nullable = false, length = 63, updatable = false)
    private String selector;

    @Column(nullable = false, length = 16, updatable = false)
    private String algorithm = "rsa-sha256";

    @Column(name = "key_bits", nullable = false, updatable = false)
    private int keyBits;

    @Column(name = "public_key", nullable = false, updatable = false)
    private String publicKey;

    @Column(name = "private_key_enc", updatable = false)
    private String privateKeyEnc;

    @Column(name = "private_key_ref", length = 255, updatable = false)
    private String privateKeyRef;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected DkimKey() {
        // for JPA
    }

    private DkimKey(Long networkId, String domain, String selector, int keyBits, String publicKeyBase64, Instant now) {
        this.networkId = networkId;
        this.domain = normalDomain(domain);
        this.selector = normalSelector(selector);
        if (keyBits < 1024) {
            throw new IllegalArgumentException("A DKIM RSA key has at least 1024 bits: " + keyBits);
        }
        this.keyBits = keyBits;
        this.publicKey = Objects.requireNonNull(publicKeyBase64, "publicKeyBase64");
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    /** A key whose private half is stored encrypted ({@code DkimKeyVault.seal}). */
    public static DkimKey sealed(Long networkId, String domain, String selector, int keyBits, String publicKeyBase64,
            String sealedPrivateKey, Instant now) {
        DkimKey key = new DkimKey(networkId, domain, selector, keyBits, publicKeyBase64, now);
        key.privateKeyEnc = Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
        return key;
    }

    /** A key whose private half lives in configuration under the property {@code reference}. */
    public static DkimKey referenced(Long networkId, String domain, String selector, int keyBits,
            String publicKeyBase64, String reference, Instant now) {
        DkimKey key = new DkimKey(networkId, domain, selector, keyBits, publicKeyBase64, now);
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("A referenced DKIM key needs the property name that holds it");
        }
        key.privateKeyRef = reference.strip();
        return key;
    }

    public static String normalDomain(String raw) {
        String d = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (!DOMAIN.matcher(d).matches()) {
            throw new IllegalArgumentException("Not a domain name: " + raw);
        }
        return d;
    }

    public static String normalSelector(String raw) {
        String s = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (!SELECTOR.matcher(s).matches()) {
            throw new IllegalArgumentException("A DKIM selector is 1-63 letters, digits or inner hyphens: " + raw);
        }
        return s;
    }

    public void activate() { this.active = true; }
    public void retire() { this.active = false; }

    public Long id() { return id; }
    public Optional<Long> networkId() { return Optional.ofNullable(networkId); }
    public String domain() { return domain; }
    public String selector() { return selector; }
    public String algorithm() { return algorithm; }
    public int keyBits() { return keyBits; }
    public String publicKeyBase64() { return publicKey; }
    public Optional<String> sealedPrivateKey() { return Optional.ofNullable(privateKeyEnc); }
    public Optional<String> privateKeyReference() { return Optional.ofNullable(privateKeyRef); }
    public boolean active() { return active; }
    public Instant createdAt() { return createdAt; }
}
