package org.renraku.bounces.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every hour (at minute 7): one digest mail per network with new suspensions by bounce ({@link BounceDigest}). */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BounceDigestSchedule {

    private static final Logger LOG = Logger.getLogger(BounceDigestSchedule.class.getName());

    @Inject
    BounceDigest digest;

    @Schedule(hour = "*", minute = "7", persistent = false, info = "bounce-digest")
    void hourly() {
        sendDue();
    }

    /** Sends every due digest, each network in a transaction of its own; returns how many suspensions were listed. */
    public int sendDue() {
        int listed = 0;
        for (Long network : digest.due()) {
            try {
                listed += digest.send(network);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Bounce digest of network " + network + " failed; the next hour tries again", e);
            }
        }
        return listed;
    }
}
