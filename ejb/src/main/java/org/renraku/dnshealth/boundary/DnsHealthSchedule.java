package org.renraku.dnshealth.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every day at 6:17: the DNS checks ({@link DnsHealth#checkNow()}); a regression is mailed to the operators. */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DnsHealthSchedule {

    private static final Logger LOG = Logger.getLogger(DnsHealthSchedule.class.getName());

    @Inject
    DnsHealth health;

    @Schedule(hour = "6", minute = "17", persistent = false, info = "dns-health")
    void daily() {
        try {
            health.checkNow();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The daily DNS check failed; tomorrow's tries again (or 今すぐ確認)", e);
        }
    }
}
