package org.renraku.adminsession.boundary;

import java.time.Instant;

/** The outcome of trying to take a network's console. */
public sealed interface Acquisition {

    /** The admin holds the console; {@code leaseToken} goes into the HTTP session and nowhere else. */
    record Granted(String leaseToken, long adminId, long networkId, String userId, String displayName,
                   String networkName, String displacedUserId, Instant passwordChangedAt) implements Acquisition {
    }

    /** 現在、他の管理者が使用中です: who holds it and since when. */
    record InUse(String holderUserId, String holderName, Instant since) implements Acquisition {
    }

    /** The operator suspended the admin's network: nobody logs in until it is reopened. */
    record NetworkSuspended(String networkName) implements Acquisition {
    }

    /** No active admin with that user ID (callers authenticate first, so this is a race with a removal). */
    record NoSuchAdmin() implements Acquisition {
    }
}
