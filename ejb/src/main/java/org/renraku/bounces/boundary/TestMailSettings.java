package org.renraku.bounces.boundary;

import org.renraku.bounces.control.TestMailCalendar;

/**
 * A network's monthly test mail (networks.test_mail_*): whether it is sent, the day of the month (1–28, at 10:00
 * Asia/Tokyo), and whether a hard bounce of it deletes the member instead of suspending. Defaults: on, day 1,
 * suspend.
 */
public record TestMailSettings(boolean enabled, int day, boolean deleteOnBounce) {

    public TestMailSettings {
        TestMailCalendar.checkDay(day);
    }

    public static TestMailSettings defaults() {
        return new TestMailSettings(true, TestMailCalendar.MIN_DAY, false);
    }

    /** networks.test_mail_on_bounce. */
    public String onBounce() {
        return deleteOnBounce ? "DELETE" : "SUSPEND";
    }

    /** For the audit log: {@code on day=1 bounce=SUSPEND}. */
    public String describe() {
        return (enabled ? "on" : "off") + " day=" + day + " bounce=" + onBounce();
    }
}
