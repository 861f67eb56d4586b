package org.renraku.bounces.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.bounces.entity.Suppression;
import org.renraku.members.entity.Member;

/**
 * RFC 8058 one-click unsubscribe: the token of a broadcast's {@code List-Unsubscribe} URL names one member of one
 * broadcast ({@link DeliveryToken}, HMAC-checked). Unsubscribing suppresses the member's address in the network
 * and makes the member LEFT (退会) in the same transaction, at once; a second request changes nothing and is
 * answered the same. A token that does not verify, or whose broadcast and member are not of the same network,
 * changes nothing. The same call serves the one-click POST and the {@code mailto:} address of List-Unsubscribe
 * (a mail to {@code unsubscribe+<token>@<bounce domain>}, read by {@link BounceIntake}).
 */
@Stateless
public class Unsubscribes {

    private static final Logger LOG = Logger.getLogger(Unsubscribes.class.getName());

    /**
     * What the confirmation page shows: the network's name, and whether the member is already off the list (for
     * {@link #unsubscribe}: was already, so that this request changed nothing).
     */
    public record Target(String networkName, boolean alreadyLeft) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ComposerSettings composer;

    @Inject
    Suppressions suppressions;

    /** The network a token belongs to, for the confirmation page; empty for an invalid token. Changes nothing. */
    public Optional<Target> peek(String token) {
        return member(token, false).map(m -> new Target(m.network().name(),
                m.status() == Member.Status.LEFT || suppressions.find(m.network().id(), m.email()).isPresent()));
    }

    /**
     * Unsubscribes the member the token names; empty for an invalid token (nothing changed). The target's
     * {@code alreadyLeft} tells that the member was left and suppressed before, so that nothing changed.
     */
    public Optional<Target> unsubscribe(String token) {
        Optional<Member> found = member(token, true);
        long broadcast = found.isPresent() ? DeliveryToken.parse(token, composer.tokenKey(),
                DeliveryToken.Purpose.UNSUBSCRIBE).orElseThrow().broadcastId() : 0;
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Member m = found.get();
        boolean added = suppressions.suppress(m.network().id(), m.email(), Suppression.Reason.UNSUBSCRIBED,
                Suppression.Source.unsubscribe(broadcast));
        boolean wasLeft = m.status() == Member.Status.LEFT;
        if (!wasLeft) {
            m.leave(clock.instant());
        }
        if (added) {
            LOG.info(() -> "Unsubscribe (List-Unsubscribe): member " + m.id() + " of network " + m.network().id());
        }
        return Optional.of(new Target(m.network().name(), wasLeft && !added));
    }

    private Optional<Member> member(String token, boolean lock) {
        Optional<DeliveryToken> parsed = DeliveryToken.parse(token, composer.tokenKey(), DeliveryToken.Purpose.UNSUBSCRIBE);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Broadcast broadcast = em.find(Broadcast.class, parsed.get().broadcastId());
        Member member = lock ? em.find(Member.class, parsed.get().memberId(), LockModeType.PESSIMISTIC_WRITE)
                : em.find(Member.class, parsed.get().memberId());
        if (broadcast == null || member == null
                || !broadcast.network().id().equals(member.network().id())) {
            return Optional.empty();
        }
        return Optional.of(member);
    }
}
