package org.renraku.bounces.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a network's monthly test mail is due: on its day of the month (1–28) at {@link #TIME} in Asia/Tokyo. A month
 * is due once that moment has passed, when no test mail of that month (or a later one) has been claimed, and only
 * for a network that existed at that moment (a network created on the 27th is not sent a test mail that day).
 * Months missed while no instance ran are not made up one by one: only the current month can be due.
 */
public final class TestMailCalendar {

    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    /** The time of day of the test mail. */
    public static final LocalTime TIME = LocalTime.of(10, 0);
    public static final int MIN_DAY = 1;
    public static final int MAX_DAY = 28;
    /** How long after the test mail finished its report waits for bounces. */
    public static final Duration REPORT_AFTER = Duration.ofHours(24);

    private TestMailCalendar() {
    }

    /** The moment of the test mail of {@code month} on {@code day}. */
    public static Instant moment(YearMonth month, int day) {
        checkDay(day);
        return ZonedDateTime.of(month.atDay(day), TIME, ZONE).toInstant();
    }

    /** The month {@code instant} falls in, in Asia/Tokyo. */
    public static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atZone(ZONE));
    }

    /**
     * The month whose test mail is due at {@code now}: the current month, once its moment has passed, unless
     * {@code claimed} (the last month claimed, null: none) is that month or later, or the network was created
     * after that moment.
     */
    public static Optional<YearMonth> due(Instant now, int day, YearMonth claimed, Instant networkCreated) {
        YearMonth current = month(now);
        Instant moment = moment(current, day);
        if (now.isBefore(moment) || claimed != null && !claimed.isBefore(current)
                || networkCreated != null && networkCreated.isAfter(moment)) {
            return Optional.empty();
        }
        return Optional.of(current);
    }

    /** The next test mail after {@code now} (for the hygiene page): this month's if still ahead and unclaimed, else next month's. */
    public static Instant next(Instant now, int day, YearMonth claimed) {
        YearMonth current = month(now);
        Instant moment = moment(current, day);
        boolean thisMonth = now.isBefore(moment) && (claimed == null || claimed.isBefore(current));
        return thisMonth ? moment : moment(current.plusMonths(1), day);
    }

    /** The month as stored in networks.test_mail_month. */
    public static String format(YearMonth month) {
        return month.toString();
    }

    /** A stored month; null for null. */
    public static YearMonth parse(String stored) {
        return stored == null || stored.isBlank() ? null : YearMonth.parse(stored.strip());
    }

    /** @throws IllegalArgumentException for a day outside 1–28 */
    public static int checkDay(int day) {
        if (day < MIN_DAY || day > MAX_DAY) {
            throw new IllegalArgumentException("Test mail day out of range: " + day);
        }
        return day;
    }
}
