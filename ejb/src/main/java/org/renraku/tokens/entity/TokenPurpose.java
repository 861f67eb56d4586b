package org.renraku.tokens.entity;

import java.time.Duration;

/** What a one-time link in a mail is for, and how long it stays valid. */
public enum TokenPurpose {
    /** 「パスワードをお忘れの方」: the link to set a new admin password. */
    PASSWORD_RESET(Duration.ofMinutes(30)),
    /** An invited admin sets a first password. */
    ADMIN_INVITATION(Duration.ofDays(7)),
    /** The reply to a blank mail: the registration form of a new member. */
    MEMBER_REGISTRATION(Duration.ofDays(1)),
    /** A member confirms a new mail address. */
    ADDRESS_CHANGE(Duration.ofDays(1)),
    /**
     * The former address of a member undoes an address change: the link in the notice to the old
     * address restores it and revokes the personal links. Long enough for a parent who reads mail weekly.
     */
    ADDRESS_UNDO(Duration.ofDays(7)),
    /** 「退会」 by mail: the member confirms from their own mailbox (the From of a mail proves nothing). */
    LEAVE_CONFIRMATION(Duration.ofDays(3)),
    /** A member agrees to receive mail again after an admin lifted their complaint or unsubscription. */
    SUPPRESSION_LIFT(Duration.ofDays(7));

    private final Duration validity;

    TokenPurpose(Duration validity) {
        this.validity = validity;
    }

    public Duration validity() {
        return validity;
    }
}
