package org.renraku.tokens.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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

    /**
     * Spends a token for the given purpose and returns what it was issued for, or empty when it is not valid.
     * The row is locked (SELECT … FOR UPDATE) while it is read, so of two simultaneous redemptions of one
     * token — a double click, two instances — exactly one succeeds.
     */
    public Optional<OneTimeToken> redeem(@NotNull TokenPurpose purpose, String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return em.createNamedQuery(OneTimeToken.BY_HASH, OneTimeToken.class)
                .setParameter("hash", TokenDigest.digest(token))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .filter(t -> t.purpose() == purpose)
                .filter(t -> t.redeem(clock.instant()))
                .findFirst();
    }

    /**
     * What a still valid token was issued for, without spending it: a page shows its form only for a link that
     * works. Empty for an unknown, used or expired token, or one issued for another purpose.
     */
    public Optional<OneTimeToken> peek(@NotNull TokenPurpose purpose, String token) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return em.createNamedQuery(OneTimeToken.BY_HASH, OneTimeToken.class)
                .setParameter("hash", TokenDigest.digest(token))
                .getResultStream()
                .filter(t -> t.purpose() == purpose)
                .filter(t -> t.validAt(now))
                .findFirst();
    }

    /** Spends every unused token of a purpose issued for a subject (e.g. the other reset links of an admin). */
    public int spendAll(@NotNull TokenPurpose purpose, @NotBlank String subject) {
        return em.createNamedQuery(OneTimeToken.SPEND_ALL_OF_SUBJECT).setParameter("now", clock.instant())
                .setParameter("purpose", purpose).setParameter("subject", subject).executeUpdate();
    }

    /** How many tokens of a purpose were issued for a subject since a moment (to limit mails per account). */
    public long issuedSince(@NotNull TokenPurpose purpose, @NotBlank String subject, @NotNull Instant since) {
        return em.createNamedQuery(OneTimeToken.COUNT_ISSUED_SINCE, Long.class).setParameter("purpose", purpose)
                .setParameter("subject", subject).setParameter("since", since).getSingleResult();
    }

    /**
     * How many tokens of a purpose were issued since a moment for subjects starting with {@code prefix} (e.g.
     * {@code "<member id>:"}: every address change a member asked for). The prefix must not contain {@code %} or
     * {@code _}.
     */
    public long issuedWithPrefixSince(@NotNull TokenPurpose purpose, @NotBlank String prefix, @NotNull Instant since) {
        return em.createNamedQuery(OneTimeToken.COUNT_ISSUED_WITH_PREFIX_SINCE, Long.class)
                .setParameter("purpose", purpose).setParameter("prefix", like(prefix)).setParameter("since", since)
                .getSingleResult();
    }

    /** How many tokens of a purpose were issued in a network since a moment (to limit mails per network). */
    public long issuedInNetworkSince(@NotNull TokenPurpose purpose, long networkId, @NotNull Instant since) {
        return em.createNamedQuery(OneTimeToken.COUNT_ISSUED_IN_NETWORK_SINCE, Long.class)
                .setParameter("purpose", purpose).setParameter("networkId", networkId).setParameter("since", since)
                .getSingleResult();
    }

    /** Spends every unused token of a purpose whose subject starts with {@code prefix} (no {@code %} or {@code _}). */
    public int spendAllWithPrefix(@NotNull TokenPurpose purpose, @NotBlank String prefix) {
        return spendAllWithPrefix(purpose, prefix, Instant.EPOCH);
    }

    /** Spends the unused tokens of a purpose whose subject starts with {@code prefix}, issued at {@code from} or later. */
    public int spendAllWithPrefix(@NotNull TokenPurpose purpose, @NotBlank String prefix, @NotNull Instant from) {
        return em.createNamedQuery(OneTimeToken.SPEND_ALL_WITH_PREFIX).setParameter("now", clock.instant())
                .setParameter("purpose", purpose).setParameter("prefix", like(prefix)).setParameter("from", from)
                .executeUpdate();
    }

    private static String like(String prefix) {
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0 || prefix.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("A subject prefix without LIKE wildcards: " + prefix);
        }
        return prefix + "%";
    }

    private static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= 100;
    }

    /** Deletes every token that expired before the cutoff and returns how many went. */
    public int purgeExpired(@NotNull Instant cutoff) {
        return em.createNamedQuery(OneTimeToken.DELETE_EXPIRED).setParameter("cutoff", cutoff).executeUpdate();
    }
}
