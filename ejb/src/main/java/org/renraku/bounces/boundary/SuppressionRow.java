package org.renraku.bounces.boundary;

import java.time.Instant;

/**
 * One suppression as the console's suppressions page shows it: when, the address (masked unless the network
 * shows addresses), the member who has it (null when none), the reason, and its source — a bounce event, the
 * one-click unsubscribe request, an admin, or nothing recorded (added before sources were kept).
 *
 * @param source           BOUNCE, UNSUBSCRIBE, MAIL, ADMIN, or null
 * @param bounceSource     for BOUNCE: how the bounce came (SMTP at send time, DSN, ARF); else null
 * @param bounceKind       for BOUNCE: HARD, SOFT, COMPLAINT, …
 * @param bounceStatus     for BOUNCE: the enhanced status code (5.1.1), or null
 * @param bounceReason     for BOUNCE: the classifier's reason (userunknown, feedback …), or null
 * @param diagnostic       for BOUNCE: what the reporting server said (cut to 200 characters), or null
 * @param broadcastSubject for UNSUBSCRIBE: the subject of the broadcast whose link was used, or null
 * @param actor            for ADMIN: the admin's user id
 * @param liftRequestedAt  set while a lift waits for the member's confirmation
 */
public record SuppressionRow(long id, Instant createdAt, String reason, String address, Long memberId,
                             String memberName, String memberStatus, String source, String bounceSource,
                             String bounceKind, String bounceStatus, String bounceReason, String diagnostic,
                             Long broadcastId, String broadcastSubject, String actor, Instant liftRequestedAt,
                             String liftRequestedBy) implements java.io.Serializable {

    /** Whether the member must confirm by link before this suppression goes (a complaint or an unsubscription). */
    public boolean needsConsent() {
        return SuppressionAdministration.needsConsent(reason);
    }

    public boolean waitingForMember() {
        return liftRequestedAt != null;
    }
}
