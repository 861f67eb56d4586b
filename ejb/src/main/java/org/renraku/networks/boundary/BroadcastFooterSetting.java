package org.renraku.networks.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.networks.entity.Network;

/**
 * Whether the network's broadcasts end with each member's personal-page link ({@code networks.broadcast_footer},
 * on unless the admin turns it off on the sending settings page). A change is audited.
 */
@Stateless
public class BroadcastFooterSetting {

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog audit;

    /** True when the network's broadcasts carry the footer. */
    public boolean isOn(long networkId) {
        return network(networkId).broadcastFooter();
    }

    /** Turns the footer on or off; audited (detail on/off) when that changes it. */
    public void set(long networkId, boolean on, String actor, String client) {
        if (network(networkId).footer(on)) {
            audit.recordWithin(AuditKind.BROADCAST_FOOTER_CHANGED, networkId, actor, null, on ? "on" : "off", client);
        }
    }

    private Network network(long networkId) {
        Network n = em.find(Network.class, networkId);
        if (n == null) {
            throw new IllegalArgumentException("No network " + networkId);
        }
        return n;
    }
}
