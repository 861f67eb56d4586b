package org.renraku.members.boundary;

/** What {@link Registrations#startByMail} did with a blank mail. */
public enum RegistrationOutcome {
    /** A registration mail with a one-time link went out. */
    LINK_SENT,
    /** The address is already an active member: a mail with their personal page link went out instead. */
    ALREADY_MEMBER,
    /** The network does not accept new members now (or does not exist): nothing was sent. */
    JOINING_CLOSED,
    /** The address is a member an admin suspended: not reactivated by mail, nothing was sent. */
    SUSPENDED
}
