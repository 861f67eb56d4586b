package org.renraku.inbound.boundary;

import java.io.Serializable;
import java.time.Instant;

/**
 * One inquiry as the console's inquiries page shows it: {@code from} already masked unless the network shows
 * full addresses; {@code memberName} when the sender is a member of the network; subject and body exactly as
 * received (the page escapes them); {@code handledAt} null while open.
 */
public record InquiryRow(long id, String from, boolean fromMasked, String memberName, String subject, String body,
                         Instant receivedAt, Instant handledAt) implements Serializable {

    public boolean handled() {
        return handledAt != null;
    }
}
