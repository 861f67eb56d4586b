package org.renraku.answers.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every minute: the automatic re-sends (再送) that are due ({@link Resends#runDue}). Every instance may run it: the
 * conditional UPDATE of each take makes exactly one re-send per due delay.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ResendSchedule {

    private static final Logger LOG = Logger.getLogger(ResendSchedule.class.getName());

    @Inject
    Resends resends;

    @Schedule(hour = "*", minute = "*", persistent = false, info = "answer-resends")
    void everyMinute() {
        try {
            int made = resends.runDue();
            if (made > 0) {
                LOG.info(() -> made + " automatic re-send(s) started");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Re-send pass failed; the next one tries again", e);
        }
    }
}
