package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.stream.Collectors;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
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
    public record DnsRecord(String domain, String selector, String name, String txt, String zoneLine)
            implements Serializable {
    }

    /**
     * The DKIM state of the sending domain as a network's console shows it: the domain the delivery signs for,
     * its active key's record (null: none yet) and when it was made, and whether this network's admins may
     * generate a key (no active key yet, or the active key is the network's own).
     */
    public record SendingKey(String domain, DnsRecord record, Instant createdAt, boolean manageable)
            implements Serializable {
        public boolean hasKey() {
            return record != null;
        }
    }

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter SELECTOR_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Secrets secrets;

    @Inject
    AuditLog auditLog;

    /** The domain whose key signs the broadcasts: the one of their From address, as the delivery job has it. */
    public String sendingDomain() {
        return DkimKey.normalDomain(DeliveryRun.signingDomain());
    }

    /** The sending domain's key as the network's console shows it. */
    public SendingKey sendingKey(long networkId) {
        String domain = sendingDomain();
        Optional<DkimKey> key = active(domain);
        return new SendingKey(domain, key.map(DkimKeyring::record).orElse(null),
                key.map(DkimKey::createdAt).orElse(null), key.isEmpty() || ownedBy(key.get(), networkId));
    }

    /**
     * Generates the sending domain's key for the network from its console, under a new selector
     * ({@code rk<yyyyMMdd>}, then {@code -2}, {@code -3}… when taken): its first key, or a rotation of the key the
     * network generated before. Audited ({@link AuditKind#DKIM_KEY_GENERATED}).
     *
     * @throws DkimKeyException when the domain's active key is another network's or the service's
     */
    public DnsRecord generateForNetwork(long networkId, String actor, String client) {
        String domain = sendingDomain();
        Optional<DkimKey> current = em.createNamedQuery(DkimKey.ACTIVE_FOR_DOMAIN, DkimKey.class)
                .setParameter("domain", domain).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .findFirst();
        if (current.isPresent() && !ownedBy(current.get(), networkId)) {
            throw new DkimKeyException(DkimKeyException.NOT_OURS);
        }
        DnsRecord record;
        try {
            record = generate(domain, nextSelector(domain), networkId);
            em.flush();
        } catch (PersistenceException e) {
            throw new DkimKeyException(DkimKeyException.CONCURRENT); // another admin's key entered first
        }
        auditLog.recordWithin(AuditKind.DKIM_KEY_GENERATED, networkId, actor, null, domain + ": selector "
                + record.selector() + current.map(k -> ", replaces " + k.selector()).orElse(""), client);
        return record;
    }

    private static boolean ownedBy(DkimKey key, long networkId) {
        return key.networkId().map(id -> id == networkId).orElse(false);
    }

    private String nextSelector(String domain) {
        Set<String> taken = em.createNamedQuery(DkimKey.BY_DOMAIN, DkimKey.class).setParameter("domain", domain)
                .getResultStream().map(DkimKey::selector).collect(Collectors.toSet());
        String base = "rk" + SELECTOR_DATE.format(clock.instant().atZone(TOKYO));
        String selector = base;
        for (int n = 2; taken.contains(selector); n++) {
            selector = base + "-" + n;
        }
        return selector;
    }

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
