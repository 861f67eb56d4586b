package org.renraku.delivery.boundary;

import java.util.Objects;
import org.renraku.delivery.control.ReplyPolicy;
import org.renraku.members.entity.EmailAddress;

/**
 * A CDI event: the receiving server refused a delivery permanently at send time ({@link Deliveries#replied}). It is
 * fired synchronously inside the sending job's transaction; the bounces feature observes it and records it like a
 * bounce ({@code org.renraku.bounces.boundary.BouncePolicy}), so delivery never calls bounces.
 *
 * @param reason     Sisimai's word for it (userunknown, blocked, mailboxfull, mesgtoobig, undefined)
 * @param statusCode the enhanced status (5.1.1), null when none
 * @param smtpCode   the SMTP reply code (550)
 * @param diagnostic the server's text
 */
public record RefusedAtSend(long networkId, long deliveryId, long memberId, EmailAddress email,
                            ReplyPolicy.Refusal kind, String reason, String statusCode, int smtpCode,
                            String diagnostic) {
    public RefusedAtSend {
        Objects.requireNonNull(kind, "kind");
    }
}
