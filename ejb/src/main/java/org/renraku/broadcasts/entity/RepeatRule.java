package org.renraku.broadcasts.entity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Every month on day D at HH:MM" (毎月D日 HH:MM), the repeat of a scheduled broadcast, stored in
 * {@code broadcasts.repeat_rule} in the syntax of an RFC 5545 RRULE: {@code FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0}.
 * <p>
 * Unlike RFC 5545, which skips months without that day, a day past the end of a month means that month's last
 * day (day 31 goes out on 30 April and on 28 or 29 February): a monthly notice should not silently skip months.
 * Times are wall-clock times of the network's zone (Asia/Tokyo).
 */
public record RepeatRule(int dayOfMonth, LocalTime time) {

    /** The zone of every network's wall clock. Japan has no daylight saving time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    /** The day that means "the last day of the month" (末日) in the console. */
    public static final int LAST_DAY = 31;

    private static final Pattern FORMAT = Pattern.compile(
            "FREQ=MONTHLY;BYMONTHDAY=(\\d{1,2});BYHOUR=(\\d{1,2});BYMINUTE=(\\d{1,2})");

    public RepeatRule {
        if (dayOfMonth < 1 || dayOfMonth > 31) {
            throw new IllegalArgumentException("A monthly repeat needs a day of 1-31: " + dayOfMonth);
        }
        Objects.requireNonNull(time, "time");
        time = time.withSecond(0).withNano(0);
    }

    public static RepeatRule monthly(int dayOfMonth, int hour, int minute) {
        return new RepeatRule(dayOfMonth, LocalTime.of(hour, minute));
    }

    public static RepeatRule parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a monthly repeat rule: " + text);
        }
        return monthly(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** True when the rule means the month's last day (末日). */
    public boolean lastDay() {
        return dayOfMonth == LAST_DAY;
    }

    /** The first occurrence strictly after {@code after} in Asia/Tokyo. */
    public Instant nextAfter(Instant after) {
        return nextAfter(after, ZONE);
    }

    /** The stored form. */
    public String format() {
        return "FREQ=MONTHLY;BYMONTHDAY=" + dayOfMonth + ";BYHOUR=" + time.getHour() + ";BYMINUTE=" + time.getMinute();
    }

    /** The first occurrence strictly after {@code after}. */
    public Instant nextAfter(Instant after, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        YearMonth month = YearMonth.from(local);
        for (int i = 0; i < 3; i++) {
            Instant candidate = occurrenceIn(month.plusMonths(i)).atZone(zone).toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable: a monthly rule has an occurrence within two months");
    }

    private LocalDateTime occurrenceIn(YearMonth month) {
        LocalDate day = month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
        return day.atTime(time);
    }
}
