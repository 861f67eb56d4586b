package org.renraku.members.boundary;

/** What {@link Registrations#startByMail} did with a blank mail. */
public enum RegistrationOutcome {
    /** A registration link was mailed to the sender. */
    LINK_SENT,
    /** The sender is already an active member of the network. */
    ALREADY_MEMBER,
    /** The network does not accept new members now. */
    JOINING_CLOSED
}
