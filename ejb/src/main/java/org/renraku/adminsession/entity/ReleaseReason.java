package org.renraku.adminsession.entity;

/** Why an admin stopped holding a network's console. */
public enum ReleaseReason {
    /** The admin logged out: the console is free at once. */
    LOGOUT,
    /** No request for longer than the idle timeout (a browser closed without logging out). */
    IDLE,
    /** Another admin used 「現在使用中を無視」. */
    TAKEOVER,
    /** The instance that held the session restarted or stopped; its sessions are gone. */
    RESTART,
    /** The admin's password was changed or reset: every session of theirs ends. */
    PASSWORD_CHANGED,
    /** The admin was removed from the network. */
    REMOVED,
    /** The operator suspended the network: nobody uses its console until it is reopened. */
    NETWORK_SUSPENDED
}
