package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotBlank;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.delivery.control.DkimKeyVault;
import org.renraku.delivery.control.DkimKeys;
import org.renraku.delivery.control.DkimSigning;
import org.renraku.delivery.entity.DkimKey;
import org.renraku.platform.control.Secrets;

/**
 * DKIM keys of the sending domains: generated here (RSA-2048, the private half sealed by {@link DkimKeyVault}),
 * shown as the DNS TXT record to publish, and opened for signing.
 */
@Stateless
public class DkimKeyring {

    /** What an admin publishes in DNS for a new key. */
    public record DnsRecord(String domain, String selector, String name, String txt, String zoneLine) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Secrets secrets;

    /**
     * Generates a key for the domain under a new selector and makes it the domain's active key (the previous
     * one is retired but kept: mail signed with it may still be checked while DNS keeps its record).
     */
    public DnsRecord generate(@NotBlank String domain, @NotBlank String selector, Long networkId) {
        String d = DkimKey.normalDomain(domain);
        String s = DkimKey.normalSelector(selector);
        KeyPair pair = DkimKeys.generate();
        String publicKey = DkimKeys.publicKeyBase64(pair.getPublic());
        String sealed = DkimKeyVault.seal((RSAPrivateKey) pair.getPrivate(), kek(), d, s);
        em.createNamedQuery(DkimKey.ACTIVE_FOR_DOMAIN, DkimKey.class).setParameter("domain", d).getResultStream()
                .forEach(DkimKey::retire);
        em.flush(); // the retired key leaves the one-active-per-domain unique key before the new one enters it
        DkimKey key = DkimKey.sealed(networkId, d, s, DkimKeys.BITS, publicKey, sealed, clock.instant());
        key.activate();
        em.persist(key);
        return record(key);
    }

    /** The TXT record of the domain's active key. */
    public Optional<DnsRecord> activeRecord(@NotBlank String domain) {
        return active(domain).map(DkimKeyring::record);
    }

    /**
     * A signer with the domain's active key, for one sending thread (signers are not thread-safe); empty when the
     * domain has no active key.
     *
     * @throws IllegalStateException when the key does not open (wrong key-encryption secret, missing property)
     */
    public Optional<DkimSigning> signer(@NotBlank String domain) {
        return active(domain).map(key -> new DkimSigning(key.domain(), key.selector(), privateKey(key)));
    }

    private Optional<DkimKey> active(String domain) {
        return em.createNamedQuery(DkimKey.ACTIVE_FOR_DOMAIN, DkimKey.class)
                .setParameter("domain", DkimKey.normalDomain(domain)).getResultStream().findFirst();
    }

    private RSAPrivateKey privateKey(DkimKey key) {
        if (key.sealedPrivateKey().isPresent()) {
            try {
                return DkimKeyVault.open(key.sealedPrivateKey().get(), kek(), key.domain(), key.selector());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        String property = key.privateKeyReference().orElseThrow();
        String pem = ConfigProvider.getConfig().getOptionalValue(property, String.class)
                .orElseThrow(() -> new IllegalStateException("The DKIM key of " + key.domain()
                        + " is referenced as configuration property " + property + ", which is not set"));
        return DkimKeys.privateKeyFromPem(pem);
    }

    private byte[] kek() {
        return secrets.key(DkimKeyVault.SECRET_PROPERTY, DkimKeyVault.SECRET_NAME);
    }

    private static DnsRecord record(DkimKey key) {
        String txt = DkimKeys.txtRecord(key.publicKeyBase64());
        return new DnsRecord(key.domain(), key.selector(), DkimKeys.recordName(key.selector(), key.domain()), txt,
                DkimKeys.zoneLine(key.selector(), key.domain(), key.publicKeyBase64()));
    }
}
