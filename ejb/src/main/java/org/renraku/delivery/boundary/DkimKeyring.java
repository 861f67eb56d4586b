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
import org.renraku.delivery.control.DkimTxt;
import org.renraku.delivery.control.MxRoutes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
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
     * The DKIM state of the sending domain as a network's console shows it — status only, never key material: the
     * domain the delivery signs for, the active key's selector (null: unsigned) and when it was made, and what DNS
     * publishes under that selector ({@code dns}: null when unsigned or when the DNS servers did not answer).
     * The service's sending domain is the operator's: its admins never manage its keys.
     */
    public record SendingKey(String domain, String selector, Instant createdAt, DkimTxt.Verdict dns)
            implements Serializable {
        public boolean signed() {
            return selector != null;
        }

        public String name() {
            return selector == null ? null : DkimKeys.recordName(selector, domain);
        }
    }

    /** A key of a service sending domain as the operator's page lists it (public half and record only). */
    public record ServiceKey(long id, String domain, String selector, boolean active, Instant createdAt,
            DnsRecord record) implements Serializable {
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

    @Inject
    MxRoutes mxRoutes;

    private static final Logger LOG = Logger.getLogger(DkimKeyring.class.getName());

    /** The domain whose key signs the broadcasts: the one of their From address, as the delivery job has it. */
    public String sendingDomain() {
        return DkimKey.normalDomain(DeliveryRun.signingDomain());
    }

    /** The sending domain's key as the network's console shows it: its status, never its key. */
    public SendingKey sendingKey(long networkId) {
        String domain = sendingDomain();
        Optional<DkimKey> key = active(domain);
        if (key.isEmpty()) {
            return new SendingKey(domain, null, null, null);
        }
        DkimTxt.Verdict dns;
        try {
            dns = dnsCheck(key.get()).verdict();
        } catch (IllegalStateException e) {
            LOG.log(Level.INFO, "DKIM record of " + domain + " not checked: {0}", e.getMessage());
            dns = null;
        }
        return new SendingKey(domain, key.get().selector(), key.get().createdAt(), dns);
    }

    /**
     * Always refused: the sending domain is the service's ({@code dkim_keys.network_id NULL}), and only the operator
     * generates, rotates and activates its keys ({@link #generateForOperator}, {@link #activate}) — a network's
     * admin rotating it would break every other network's signatures.
     *
     * @throws DkimKeyException {@link DkimKeyException#OPERATOR_ONLY}, always
     */
    public DnsRecord generateForNetwork(long networkId, String actor, String client) {
        throw new DkimKeyException(DkimKeyException.OPERATOR_ONLY);
    }

    /** The keys of the service's sending domain, newest first, for the operator. */
    public List<ServiceKey> serviceKeys() {
        String domain = sendingDomain();
        List<ServiceKey> keys = new ArrayList<>();
        em.createNamedQuery(DkimKey.BY_DOMAIN, DkimKey.class).setParameter("domain", domain).getResultStream()
                .forEach(k -> keys.add(new ServiceKey(k.id(), k.domain(), k.selector(), k.active(), k.createdAt(),
                        record(k))));
        Collections.reverse(keys);
        return keys;
    }

    /**
     * Generates a new key of the service's sending domain for the operator, INACTIVE: it signs nothing until
     * {@link #activate} finds its record in DNS. {@code selector} blank: {@code rk<yyyyMMdd>} (then {@code -2}…).
     * Audited ({@link AuditKind#SERVICE_DKIM_KEY_GENERATED}).
     *
     * @throws DkimKeyException when the selector is not one, or the domain has a key under it already
     */
    public DnsRecord generateForOperator(String selector, String operatorUserId, String client) {
        String domain = sendingDomain();
        String s;
        try {
            s = selector == null || selector.isBlank() ? nextSelector(domain) : DkimKey.normalSelector(selector);
        } catch (IllegalArgumentException e) {
            throw new DkimKeyException(DkimKeyException.SELECTOR_INVALID, selector);
        }
        boolean taken = em.createNamedQuery(DkimKey.BY_DOMAIN, DkimKey.class).setParameter("domain", domain)
                .getResultStream().anyMatch(k -> k.selector().equals(s));
        if (taken) {
            throw new DkimKeyException(DkimKeyException.SELECTOR_TAKEN, s);
        }
        KeyPair pair = DkimKeys.generate();
        String publicKey = DkimKeys.publicKeyBase64(pair.getPublic());
        String sealed = DkimKeyVault.seal((RSAPrivateKey) pair.getPrivate(), kek(), domain, s);
        DkimKey key = DkimKey.sealed(null, domain, s, DkimKeys.BITS, publicKey, sealed, clock.instant());
        try {
            em.persist(key);
            em.flush();
        } catch (PersistenceException e) {
            throw new DkimKeyException(DkimKeyException.SELECTOR_TAKEN, s); // the same selector entered at once
        }
        auditLog.recordWithin(AuditKind.SERVICE_DKIM_KEY_GENERATED, null, operatorUserId, domain,
                "selector " + s + " (inactive)", client);
        return record(key);
    }

    /**
     * Makes the key the active key of its service domain, the previous one inactive, in one transaction — only once
     * DNS publishes its record: a TXT at {@code <selector>._domainkey.<domain>} whose p= is its public key (looked
     * up now through {@code renraku.dns.servers}). Audited ({@link AuditKind#SERVICE_DKIM_KEY_ACTIVATED}).
     *
     * @throws DkimKeyException saying what DNS has instead ({@code DNS_*}), or when there is no such key
     */
    public DnsRecord activate(long keyId, String operatorUserId, String client) {
        DkimKey key = em.find(DkimKey.class, keyId);
        if (key == null || key.networkId().isPresent() || !key.domain().equals(sendingDomain())) {
            throw new DkimKeyException(DkimKeyException.NO_SUCH_KEY);
        }
        return activateWhenPublished(key, AuditKind.SERVICE_DKIM_KEY_ACTIVATED, null, operatorUserId, client);
    }

    /**
     * A network's own key for its own (proven) domain, new and inactive, under {@code rk<yyyyMMdd>}; audited
     * ({@link AuditKind#DKIM_KEY_GENERATED}). Called by {@link NetworkDomains}, which checks the proof.
     */
    public DnsRecord generateNetworkKey(long networkId, String domain, String actor, String client) {
        String d = DkimKey.normalDomain(domain);
        if (d.equals(sendingDomain())) {
            throw new DkimKeyException(DkimKeyException.OPERATOR_ONLY);
        }
        String s = nextSelector(d);
        KeyPair pair = DkimKeys.generate();
        String sealed = DkimKeyVault.seal((RSAPrivateKey) pair.getPrivate(), kek(), d, s);
        DkimKey key = DkimKey.sealed(networkId, d, s, DkimKeys.BITS, DkimKeys.publicKeyBase64(pair.getPublic()),
                sealed, clock.instant());
        try {
            em.persist(key);
            em.flush();
        } catch (PersistenceException e) {
            throw new DkimKeyException(DkimKeyException.CONCURRENT);
        }
        auditLog.recordWithin(AuditKind.DKIM_KEY_GENERATED, networkId, actor, null, d + ": selector " + s
                + " (inactive)", client);
        return record(key);
    }

    /**
     * Activates the network's key {@code selector} of its own domain once DNS publishes it, as {@link #activate}
     * does for the service's; audited ({@link AuditKind#NETWORK_DKIM_KEY_ACTIVATED}).
     */
    public DnsRecord activateNetworkKey(long networkId, String domain, String selector, String actor, String client) {
        String d = DkimKey.normalDomain(domain);
        DkimKey key = em.createNamedQuery(DkimKey.BY_DOMAIN, DkimKey.class).setParameter("domain", d)
                .getResultStream().filter(k -> k.selector().equals(selector)
                        && k.networkId().map(id -> id == networkId).orElse(false))
                .findFirst().orElseThrow(() -> new DkimKeyException(DkimKeyException.NO_SUCH_KEY));
        return activateWhenPublished(key, AuditKind.NETWORK_DKIM_KEY_ACTIVATED, networkId, actor, client);
    }

    private DnsRecord activateWhenPublished(DkimKey key, AuditKind kind, Long networkId, String actor,
            String client) {
        String name = DkimKeys.recordName(key.selector(), key.domain());
        DkimTxt.Check check;
        try {
            check = dnsCheck(key);
        } catch (IllegalStateException e) {
            throw new DkimKeyException(DkimKeyException.DNS_FAILED, name, e.getMessage());
        }
        switch (check.verdict()) {
            case ABSENT -> throw new DkimKeyException(DkimKeyException.DNS_ABSENT, name);
            case NOT_DKIM -> throw new DkimKeyException(DkimKeyException.DNS_NOT_DKIM, name, check.found());
            case OTHER_KEY -> throw new DkimKeyException(DkimKeyException.DNS_OTHER_KEY, name, check.found());
            case MATCHES -> { }
        }
        Optional<DkimKey> current = em.createNamedQuery(DkimKey.ACTIVE_FOR_DOMAIN, DkimKey.class)
                .setParameter("domain", key.domain()).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .findFirst();
        if (current.isPresent() && current.get().id().equals(key.id())) {
            return record(key); // already the active key
        }
        current.ifPresent(DkimKey::retire);
        em.flush(); // the retired key leaves the one-active-per-domain unique key before the new one enters it
        key.activate();
        em.flush();
        auditLog.recordWithin(kind, networkId, actor, key.domain(),
                "selector " + key.selector() + current.map(k -> ", replaces " + k.selector()).orElse(""), client);
        return record(key);
    }

    private DkimTxt.Check dnsCheck(DkimKey key) {
        return DkimTxt.check(mxRoutes.txt(DkimKeys.recordName(key.selector(), key.domain())), key.publicKeyBase64());
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

    /** The TXT record of a key (public half only). */
    public static DnsRecord recordOf(DkimKey key) {
        return record(key);
    }

    private static DnsRecord record(DkimKey key) {
        String txt = DkimKeys.txtRecord(key.publicKeyBase64());
        return new DnsRecord(key.domain(), key.selector(), DkimKeys.recordName(key.selector(), key.domain()), txt,
                DkimKeys.zoneLine(key.selector(), key.domain(), key.publicKeyBase64()));
    }
}
