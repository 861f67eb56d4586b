package org.renraku.bounces.control;

import org.renraku.mail.control.BounceReason;

import org.renraku.bounces.entity.BounceEvent;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.Member;

/**
 * The bounce policy's rules, apart from the database: what one classified bounce does to a member.
 * <ul>
 * <li>NONE (auto-reply, vacation notice): nothing at all — not even recorded.</li>
 * <li>COMPLAINT (ARF): the member leaves at once and the address is suppressed, whatever the member's status.</li>
 * <li>reason {@code filtered} at a Japanese carrier (docomo, au, SoftBank, Y!mobile, 楽天): the phone's own filter
 * (指定受信 / なりすまし規制) dropped our mail. Not the address's fault and fixable by the member: no suspension,
 * the member is asked to allow our domain on their page.</li>
 * <li>BLOCKED (policy, reputation: our problem): recorded, never suspends.</li>
 * <li>HARD: suspends at once, when the network's setting says so.</li>
 * <li>SOFT: suspends when it makes the counted soft bounces reach the threshold ({@link SoftBounceWindow}).</li>
 * </ul>
 * Only an ACTIVE member is suspended; for a member already suspended, left or pending, HARD and SOFT are only
 * counted (no second suspension, no second mail to the admins).
 */
public final class BounceDecision {

    public static final String FILTERED = BounceReason.FILTERED.code();

    private BounceDecision() {
    }

    /**
     * @param carrier        the member's carrier; null when the address is not a member
     * @param status         the member's status; null when the address is not a member
     * @param softSuspends   for SOFT: whether this bounce makes the counted soft bounces reach the threshold
     */
    public static BounceEvent.Outcome decide(BounceEvent.Kind kind, String reason, Carrier carrier,
                                             Member.Status status, boolean hardSuspends, boolean softSuspends) {
        if (kind == BounceEvent.Kind.NONE) {
            return BounceEvent.Outcome.IGNORED;
        }
        if (kind == BounceEvent.Kind.COMPLAINT) {
            return BounceEvent.Outcome.UNSUBSCRIBED;
        }
        if (FILTERED.equals(BounceEvent.normalisedReason(reason)) && carrier != null && carrier.japaneseMobile()) {
            return BounceEvent.Outcome.ALLOW_DOMAIN;
        }
        boolean suspends = switch (kind) {
            case HARD -> hardSuspends;
            case SOFT -> softSuspends;
            default -> false;
        };
        if (!suspends) {
            return BounceEvent.Outcome.COUNTED;
        }
        // no member: the address is suppressed all the same (a hard bounce); a member not active is not touched
        return status == null || status == Member.Status.ACTIVE ? BounceEvent.Outcome.SUSPENDED
                : BounceEvent.Outcome.COUNTED;
    }
}
