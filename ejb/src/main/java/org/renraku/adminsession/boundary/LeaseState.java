package org.renraku.adminsession.boundary;

import java.time.Instant;
import org.renraku.adminsession.entity.ReleaseReason;

/** Where a session's hold on the console stands, checked on every console request. */
public sealed interface LeaseState {

    record Active(long adminId, long networkId, Instant passwordChangedAt) implements LeaseState {
    }

    /** The session no longer holds the console: why, by whom (takeover) and when. */
    record Ended(ReleaseReason reason, String byUserId, String byName, Instant at) implements LeaseState {
    }
}
