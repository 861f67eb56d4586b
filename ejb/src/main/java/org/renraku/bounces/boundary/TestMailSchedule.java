package org.renraku.bounces.boundary;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Every ten minutes: the monthly test mails that are due (each network's day at 10:00 Asia/Tokyo; the claim makes
 * one per network and month whatever the number of instances) and the test-mail reports whose bounces have had
 * {@link org.renraku.bounces.control.TestMailCalendar#REPORT_AFTER} to arrive.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TestMailSchedule {

    @Inject
    TestMailStarter starter;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*/10", persistent = false, info = "test-mail")
    void every10Minutes() {
        starter.runDue(clock.instant());
        starter.reportDue(clock.instant());
    }
}
