package org.renraku.mail.control;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a mail bounced, in Sisimai's vocabulary (https://libsisimai.org/en/reason/), with what it means for the
 * address: a hard bounce (the address is dead), a soft one, or no bounce at all. One vocabulary for the whole
 * product: the bounce classifier, the SMTP replies met at send time and the hygiene page all speak it.
 * Hard and soft follow Sisimai 4: userunknown, hostunknown and hasmoved are hard; notaccept is hard for a
 * permanent (5xx) refusal and soft for a temporary one; every other bounce reason is soft, undefined included,
 * so that an unknown text never removes an address.
 */
public enum BounceReason {
    USERUNKNOWN, HOSTUNKNOWN, HASMOVED, NOTACCEPT,
    MAILBOXFULL, MESGTOOBIG, EXCEEDLIMIT, SUSPEND, NORELAYING, FILTERED, REJECTED, BLOCKED, SPAMDETECTED,
    POLICYVIOLATION, VIRUSDETECTED, SECURITYERROR, SYSTEMERROR, SYSTEMFULL, NETWORKERROR, TOOMANYCONN,
    CONTENTERROR, MAILERERROR, SYNTAXERROR, EXPIRED, ONHOLD, UNDEFINED,
    /** Not bounces: an auto-reply, a complaint report, a delivery report. */
    VACATION, FEEDBACK, DELIVERED;

    /** The name Sisimai and the TSV output use (lower case). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key of this reason's label in the web bundles ({@code hygiene.reason.userunknown}, …), ja and en. */
    public String labelKey() {
        return "hygiene.reason." + code();
    }

    /**
     * True for the reasons that say the receiver refused our traffic (a block list, spam or policy verdict, a rate
     * limit, a security check), not that the address is bad: hygiene must not suspend a member for them.
     */
    public boolean refusesOurTraffic() {
        return this == BLOCKED || this == SPAMDETECTED || this == POLICYVIOLATION || this == TOOMANYCONN
                || this == SECURITYERROR;
    }

    /** True for the reasons that are not a failed delivery at all. */
    public boolean notABounce() {
        return this == VACATION || this == FEEDBACK || this == DELIVERED;
    }

    /**
     * Hard, soft or none for this reason.
     *
     * @param temporary true when the refusal was temporary (a 4xx reply or a 4.x.x status): only notaccept cares
     */
    public BounceKind kind(boolean temporary) {
        return switch (this) {
            case VACATION, FEEDBACK, DELIVERED -> BounceKind.NONE;
            case USERUNKNOWN, HOSTUNKNOWN, HASMOVED -> BounceKind.HARD;
            case NOTACCEPT -> temporary ? BounceKind.SOFT : BounceKind.HARD;
            default -> BounceKind.SOFT;
        };
    }

    /** The reason of a name ("userunknown", case-insensitive), if it is one. */
    public static Optional<BounceReason> of(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(code.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The reason of a name, or UNDEFINED for "none", "" or a name outside the vocabulary. */
    public static BounceReason ofOrUndefined(String code) {
        return of(code).orElse(UNDEFINED);
    }
}
