package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.entity.DkimKey;

/**
 * A network's own sending domain: the admin names it, proves control by publishing
 * {@code _renraku.<domain> TXT "renraku-verify=<token>"}, then generates the network's own DKIM key for it and
 * activates it once DNS publishes that key ({@link DkimKeyring#activateNetworkKey}). From then on the network's
 * broadcasts go From its own domain, signed with its own key ({@link #ownDomain}); until then From the service's
 * domain with the network's name. The service's domain (and its sub-domains) is never a network's.
 */
@Stateless
public class NetworkDomains {

    /** The name of the proof record of a domain. */
    public static String proofName(String domain) {
        return "_renraku." + domain;
    }

    /** The value of the proof record. */
    public static String proofValue(String token) {
        return "renraku-verify=" + token;
    }

    /**
     * A network's own domain as its console shows it: the proof record to publish and whether DNS showed it, the
     * network's newest key for the domain (its record to publish; null: none yet) and whether that one signs, and
     * whether mail goes From the domain now (proven, and a key of the network active for it).
     */
    public record Status(String domain, String proofName, String proofValue, boolean verified,
            DkimKeyring.DnsRecord key, boolean keyActive, boolean sending) implements Serializable {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    MxRoutes mxRoutes;

    @Inject
    DkimKeyring keyring;

    /** The network's own domain, its proof and its key; empty when it named none. */
    public Optional<Status> status(long networkId) {
        Optional<Object[]> row = row(networkId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        String domain = (String) row.get()[0];
        String token = (String) row.get()[1];
        boolean verified = row.get()[2] != null;
        List<DkimKey> keys = em.createNamedQuery(DkimKey.BY_DOMAIN, DkimKey.class).setParameter("domain", domain)
                .getResultStream().filter(k -> k.networkId().map(id -> id == networkId).orElse(false)).toList();
        Optional<DkimKey> newest = keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
        boolean anyActive = keys.stream().anyMatch(DkimKey::active);
        return Optional.of(new Status(domain, proofName(domain), proofValue(token), verified,
                newest.map(DkimKeyring::recordOf).orElse(null), newest.map(DkimKey::active).orElse(false),
                verified && anyActive));
    }

    /**
     * Names the network's own sending domain (replacing the one it named before): a new token to publish; not
     * proven yet. Audited ({@link AuditKind#NETWORK_DOMAIN_CLAIMED}).
     *
     * @throws DkimKeyException when it is not a domain name, the service's domain, or another network's
     */
    public Status claim(long networkId, String domain, String actor, String client) {
        String d;
        try {
            d = DkimKey.normalDomain(domain);
        } catch (IllegalArgumentException e) {
            throw new DkimKeyException(DkimKeyException.DOMAIN_INVALID, String.valueOf(domain));
        }
        String service = keyring.sendingDomain();
        if (d.equals(service) || d.endsWith("." + service)) {
            throw new DkimKeyException(DkimKeyException.DOMAIN_SERVICE, d);
        }
        Number other = (Number) em.createNativeQuery("SELECT COUNT(*) FROM network_sending_domains"
                + " WHERE domain = ? AND network_id <> ?").setParameter(1, d).setParameter(2, networkId)
                .getSingleResult();
        if (other.longValue() > 0) {
            throw new DkimKeyException(DkimKeyException.DOMAIN_TAKEN, d);
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        em.createNativeQuery("INSERT INTO network_sending_domains (network_id, domain, token, verified_at, created_at)"
                + " VALUES (?, ?, ?, NULL, ?) ON DUPLICATE KEY UPDATE domain = VALUES(domain), token = VALUES(token),"
                + " verified_at = NULL, created_at = VALUES(created_at)").setParameter(1, networkId).setParameter(2, d)
                .setParameter(3, token).setParameter(4, Timestamp.from(clock.instant())).executeUpdate();
        auditLog.recordWithin(AuditKind.NETWORK_DOMAIN_CLAIMED, networkId, actor, d, null, client);
        return status(networkId).orElseThrow();
    }

    /**
     * Proves control of the network's domain: DNS must publish its token at {@code _renraku.<domain>} now.
     * Audited ({@link AuditKind#NETWORK_DOMAIN_VERIFIED}).
     *
     * @throws DkimKeyException saying what DNS has instead, or when the network named no domain
     */
    public Status verify(long networkId, String actor, String client) {
        Status s = status(networkId).orElseThrow(() -> new DkimKeyException(DkimKeyException.DOMAIN_NONE));
        List<String> found;
        try {
            found = mxRoutes.txt(s.proofName());
        } catch (IllegalStateException e) {
            throw new DkimKeyException(DkimKeyException.DNS_FAILED, s.proofName(), e.getMessage());
        }
        if (found.stream().noneMatch(t -> t.strip().equals(s.proofValue()))) {
            throw found.isEmpty() ? new DkimKeyException(DkimKeyException.DNS_ABSENT, s.proofName())
                    : new DkimKeyException(DkimKeyException.PROOF_OTHER, s.proofName(), String.join(" | ", found));
        }
        em.createNativeQuery("UPDATE network_sending_domains SET verified_at = ? WHERE network_id = ?")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, networkId).executeUpdate();
        auditLog.recordWithin(AuditKind.NETWORK_DOMAIN_VERIFIED, networkId, actor, s.domain(), null, client);
        return status(networkId).orElseThrow();
    }

    /**
     * The network's own DKIM key for its proven domain, new and inactive (the record to publish).
     *
     * @throws DkimKeyException when the domain is not proven
     */
    public DkimKeyring.DnsRecord generateKey(long networkId, String actor, String client) {
        Status s = proven(networkId);
        return keyring.generateNetworkKey(networkId, s.domain(), actor, client);
    }

    /**
     * Activates the network's newest key once DNS publishes it ({@link DkimKeyring#activateNetworkKey}).
     *
     * @throws DkimKeyException when the domain is not proven, there is no key, or DNS does not publish it
     */
    public DkimKeyring.DnsRecord activateKey(long networkId, String actor, String client) {
        Status s = proven(networkId);
        if (s.key() == null) {
            throw new DkimKeyException(DkimKeyException.NO_SUCH_KEY);
        }
        return keyring.activateNetworkKey(networkId, s.domain(), s.key().selector(), actor, client);
    }

    /** The domain the network's broadcasts go From and are signed for: its own when proven and its key active. */
    public Optional<String> ownDomain(long networkId) {
        return status(networkId).filter(Status::sending).map(Status::domain);
    }

    private Status proven(long networkId) {
        Status s = status(networkId).orElseThrow(() -> new DkimKeyException(DkimKeyException.DOMAIN_NONE));
        if (!s.verified()) {
            throw new DkimKeyException(DkimKeyException.DOMAIN_UNPROVEN, s.proofName());
        }
        return s;
    }

    private Optional<Object[]> row(long networkId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT domain, token, verified_at FROM network_sending_domains"
                + " WHERE network_id = ?").setParameter(1, networkId).getResultList();
        return rows.stream().findFirst();
    }
}
