package org.renraku.tokens.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.renraku.tokens.control.TokenDigest;
import org.renraku.tokens.entity.OneTimeToken;
import org.renraku.tokens.entity.TokenPurpose;

/** Issues, redeems and purges the one-time tokens behind links in mail. */
@Stateless
public class Tokens {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Issues a token and returns it; only its digest is stored, so this is the one moment the token exists
     * in clear. The caller puts it into a link and forgets it.
     */
    public String issue(@NotNull TokenPurpose purpose, Long networkId, @NotBlank String subject) {
        String token = TokenDigest.newToken();
        em.persist(new OneTimeToken(TokenDigest.digest(token), purpose, networkId, subject, clock.instant()));
        return token;
    }

    /** Spends a token for the given purpose and returns what it was issued for, or empty when it is not valid. */
    public Optional<OneTimeToken> redeem(@NotNull TokenPurpose purpose, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return em.createNamedQuery(OneTimeToken.BY_HASH, OneTimeToken.class)
                .setParameter("hash", TokenDigest.digest(token))
                .getResultStream()
                .filter(t -> t.purpose() == purpose)
                .filter(t -> t.redeem(clock.instant()))
                .findFirst();
    }

    /** Deletes every token that expired before the cutoff and returns how many went. */
    public int purgeExpired(@NotNull Instant cutoff) {
        return em.createNamedQuery(OneTimeToken.DELETE_EXPIRED).setParameter("cutoff", cutoff).executeUpdate();
    }
}
