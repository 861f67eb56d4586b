package org.renraku.delivery.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.renraku.mail.control.BounceKind;
import org.renraku.mail.control.BounceReason;
import org.renraku.mail.control.BounceReasons;

/**
 * What an SMTP reply means for one delivery — the whole retry policy in one place:
 * <ul>
 * <li>2xx: sent.</li>
 * <li>4xx: deferred, again after 5 min, 15 min, 1 h, then every 4 h; once 24 h have passed since the first
 * attempt it is a soft failure (the last retry is moved to the 24 h mark, not beyond).</li>
 * <li>5xx: failed, with a bounce event whose kind the bounce vocabulary decides ({@link BounceReasons#ofReply},
 * the same rules as for a DSN): HARD for a bad address, BLOCKED for policy or reputation (our problem, not the
 * address's, so hygiene must not suspend for it), SOFT otherwise (mailbox full, message too large, unclear).</li>
 * <li>No reply (connection refused, reset, timeout): retried on a new connection, after 1 min, 5 min, 15 min,
 * 1 h, then every 4 h, with the same 24 h end.</li>
 * </ul>
 * Separately, {@link #isThrottling} tells whether a reply is the receiver slowing us down (421, x.7.x, rate-limit
 * texts): the {@link SendPacer} of the carrier group counts those in a row.
 */
public final class ReplyPolicy {

    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    static final List<Duration> DEFERRAL_BACKOFF = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(4));
    static final List<Duration> CONNECTION_BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4));

    /**
     * Texts of receivers that slow senders down, across providers (Gmail "4.7.28 ... rate limited", Yahoo
     * "TSS04", docomo/au/SoftBank "Too many connections/messages", block lists). Not "try again later" alone:
     * greylisting says that too, and is not about our pace.
     */
    private static final Pattern THROTTLE_TEXT = Pattern.compile(
            "rate.?limit|rate exceeded|sending limit|too many (connections|messages|mails|recipients)|throttl"
                    + "|temporarily (deferred|rejected|blocked)|slow down|\\bts[s]?0[1-4]\\b|unusual rate"
                    + "|reputation|spamhaus|blacklist|blocklist|\\bblocked\\b");

    public enum Verdict { SENT, DEFERRED, FAILED, SOFT_FAILED }

    /**
     * What kind of permanent refusal a FAILED delivery met: the recipient is unknown (HARD), the receiver refuses
     * our traffic (BLOCKED), or anything else (SOFT). The bounces feature records it as a bounce event of the same
     * name ({@link org.renraku.delivery.boundary.RefusedAtSend}).
     */
    public enum Refusal { HARD, SOFT, BLOCKED }

    /**
     * @param retryAt    when a DEFERRED delivery is due again; null otherwise
     * @param bounceKind the kind of bounce event to record for a FAILED delivery; null otherwise
     */
    public record Outcome(Verdict verdict, Instant retryAt, Refusal bounceKind) {
    }

    private ReplyPolicy() {
    }

    /**
     * The verdict on {@code reply} to a delivery that was refused temporarily {@code earlierDeferrals} times
     * before and first tried at {@code firstAttempt} (null or now for the first try).
     */
    public static Outcome classify(SmtpReply reply, int earlierDeferrals, Instant firstAttempt, Instant now) {
        Objects.requireNonNull(reply, "reply");
        if (reply.positive()) {
            return new Outcome(Verdict.SENT, null, null);
        }
        if (reply.transientFailure()) {
            return retry(DEFERRAL_BACKOFF, earlierDeferrals, firstAttempt, now);
        }
        return new Outcome(Verdict.FAILED, null, bounceKind(reply));
    }

    /** The verdict when the connection failed before the server answered for this message. */
    public static Outcome connectionFailed(int earlierFailures, Instant firstAttempt, Instant now) {
        return retry(CONNECTION_BACKOFF, earlierFailures, firstAttempt, now);
    }

    /** True for replies that mean "you send too much or too fast": the pacer counts them in a row. */
    public static boolean isThrottling(SmtpReply reply) {
        if (reply.positive()) {
            return false;
        }
        if (reply.code() == 421 || reply.enhancedSubject().filter("7"::equals).isPresent()) {
            return true;
        }
        return THROTTLE_TEXT.matcher(reply.lowerText()).find();
    }

    /**
     * The kind of a permanent refusal, decided by the bounce vocabulary ({@link BounceReasons#ofReply}) so that a
     * reply met at send time and the same reply in a DSN get the same verdict: hard for a dead address
     * (userunknown, hostunknown, hasmoved, notaccept), BLOCKED for a refusal of our traffic (blocked, spam,
     * policy, rate, security) or a throttling text, SOFT otherwise.
     */
    static Refusal bounceKind(SmtpReply reply) {
        BounceReason reason = reason(reply);
        if (reason.kind(false) == BounceKind.HARD) {
            return Refusal.HARD;
        }
        if (reason.refusesOurTraffic() || THROTTLE_TEXT.matcher(reply.lowerText()).find()) {
            return Refusal.BLOCKED;
        }
        return Refusal.SOFT;
    }

    /** The bounce reason of a refusal, in the vocabulary the bounce classifier and the hygiene page use. */
    public static BounceReason reason(SmtpReply reply) {
        return BounceReasons.ofReply(reply.code(), reply.enhanced(), reply.text(), "");
    }

    private static Outcome retry(List<Duration> backoff, int earlier, Instant firstAttempt, Instant now) {
        Instant first = firstAttempt == null ? now : firstAttempt;
        Instant deadline = first.plus(GIVE_UP_AFTER);
        if (!now.isBefore(deadline)) {
            return new Outcome(Verdict.SOFT_FAILED, null, null);
        }
        Duration wait = backoff.get(Math.min(Math.max(earlier, 0), backoff.size() - 1));
        Instant retryAt = now.plus(wait);
        return new Outcome(Verdict.DEFERRED, retryAt.isAfter(deadline) ? deadline : retryAt, null);
    }
}
