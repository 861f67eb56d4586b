package org.renraku.platform.control;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reads a DATETIME column that a native query selected as {@code UNIX_TIMESTAMP(column)}. The database runs in
 * Japan's zone (production and tests: {@code +09:00}) and Connector/J hands a native DATETIME over as the server's
 * wall-clock time, which code in another zone then reads hours off; seconds since the epoch mean one instant
 * everywhere. {@code UNIX_TIMESTAMP} of a {@code DATETIME(3)} is a decimal with milliseconds.
 */
public final class EpochSeconds {

    private EpochSeconds() {
    }

    /** The instant of a {@code UNIX_TIMESTAMP(…)} value; null for SQL NULL. */
    public static Instant instant(Object epochSeconds) {
        if (epochSeconds == null) {
            return null;
        }
        if (epochSeconds instanceof BigDecimal d) {
            return Instant.ofEpochMilli(d.movePointRight(3).longValue());
        }
        if (epochSeconds instanceof Number n) {
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        throw new IllegalArgumentException("Not seconds since the epoch: " + epochSeconds.getClass().getName());
    }
}
