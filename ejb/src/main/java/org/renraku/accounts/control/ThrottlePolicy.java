package org.renraku.accounts.control;

import java.time.Duration;
import java.util.List;

/**
 * Brute-force throttling that never locks anyone out: failures within the last {@link #WINDOW} slow every further
 * attempt down, a correct password always gets in. A stranger who tries passwords for the admin's user ID (or
 * from the admin's school network) makes the admin wait a few seconds, never keeps them out.
 * <ul>
 *   <li>per account: from {@link #ACCOUNT_SLOW} failures each attempt waits {@link #FIRST_DELAY}, doubled with
 *       every further failure, at most {@link #MAX_DELAY};</li>
 *   <li>per client address, with a higher threshold (a school's shared network sends many admins through one
 *       address): from {@link #CLIENT_SLOW} failures, growing the same way;</li>
 *   <li>the longer of the two delays applies. At {@link #MAX_DELAY} a guesser gets fewer than 8 tries a minute
 *       per request thread; the PBKDF2 hash and the password policy do the rest.</li>
 * </ul>
 */
public final class ThrottlePolicy {

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofSeconds(8);
    public static final int ACCOUNT_SLOW = 3;
    public static final int CLIENT_SLOW = 10;
    /** More failures than this are not counted (the delay has long reached its maximum). */
    public static final int COUNTED = 50;

    private ThrottlePolicy() {
    }

    /** What to do with a login attempt: let it through at once, or after a delay. Never a refusal. */
    public sealed interface Verdict {
        record Allow() implements Verdict {
        }

        record Slow(Duration delay) implements Verdict {
        }
    }

    /** @param accountFailures, clientFailures failure times within the window, newest first */
    public static Verdict assess(List<?> accountFailures, List<?> clientFailures) {
        Duration delay = max(delay(accountFailures.size(), ACCOUNT_SLOW), delay(clientFailures.size(), CLIENT_SLOW));
        return delay.isZero() ? new Verdict.Allow() : new Verdict.Slow(delay);
    }

    /** {@link #FIRST_DELAY} at {@code threshold} failures, doubled for each further one, at most {@link #MAX_DELAY}. */
    static Duration delay(int failures, int threshold) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - threshold, 16);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
