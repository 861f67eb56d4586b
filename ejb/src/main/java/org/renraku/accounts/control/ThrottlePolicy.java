package org.renraku.accounts.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Brute-force throttling, as one rule: failures within the last {@link #WINDOW} count, newest first.
 * <ul>
 *   <li>per account: from {@link #ACCOUNT_SLOW} failures each attempt is slowed by {@link #DELAY}; from
 *       {@link #ACCOUNT_LOCK} the account refuses every login (even a correct one) until {@link #WINDOW}
 *       after the latest failure;</li>
 *   <li>per client address, with higher limits (a school's shared network sends many admins through one
 *       address): from {@link #CLIENT_SLOW} slowed, from {@link #CLIENT_LOCK} refused.</li>
 * </ul>
 */
public final class ThrottlePolicy {

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration DELAY = Duration.ofSeconds(2);
    public static final int ACCOUNT_SLOW = 3;
    public static final int ACCOUNT_LOCK = 10;
    public static final int CLIENT_SLOW = 10;
    public static final int CLIENT_LOCK = 50;

    private ThrottlePolicy() {
    }

    /** What to do with a login attempt. */
    public sealed interface Verdict {
        record Allow() implements Verdict {
        }

        record Slow(Duration delay) implements Verdict {
        }

        record Refuse(Instant until) implements Verdict {
        }
    }

    /** @param accountFailures, clientFailures failure times within the window, newest first */
    public static Verdict assess(List<Instant> accountFailures, List<Instant> clientFailures) {
        if (accountFailures.size() >= ACCOUNT_LOCK) {
            return new Verdict.Refuse(accountFailures.get(0).plus(WINDOW));
        }
        if (clientFailures.size() >= CLIENT_LOCK) {
            return new Verdict.Refuse(clientFailures.get(0).plus(WINDOW));
        }
        if (accountFailures.size() >= ACCOUNT_SLOW || clientFailures.size() >= CLIENT_SLOW) {
            return new Verdict.Slow(DELAY);
        }
        return new Verdict.Allow();
    }
}
