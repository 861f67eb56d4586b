package org.renraku.platform.batch;

/** Job ids: each is the name of a JSL file in META-INF/batch-jobs of this module. */
public final class JobNames {

    public static final String PURGE_EXPIRED_TOKENS = "purge-expired-tokens";
    /** Sends one broadcast; the id is also {@code org.renraku.delivery.boundary.BroadcastStarter.JOB}. */
    public static final String BROADCAST_DELIVERY = "broadcast-delivery";
    /** Reads the bounce mailbox once through. */
    public static final String BOUNCE_PROCESSING = "bounce-processing";

    private JobNames() {
    }
}
