package org.renraku.platform.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import jakarta.inject.Inject;

/**
 * Secrets the application makes itself (the key that signs members' personal links) when configuration gives
 * none, kept in {@code app_secrets} so that every instance uses the same one. The first writer wins: each
 * instance offers a random secret with {@code INSERT IGNORE} and then reads whatever the table holds.
 */
@Stateless
public class AppSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** The secret of that name, generated (256 random bits, base64url) on the first call anywhere. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String getOrCreate(String name) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String offered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        em.createNativeQuery("INSERT IGNORE INTO app_secrets (name, secret, created_at) VALUES (?, ?, ?)")
                .setParameter(1, name).setParameter(2, offered)
                .setParameter(3, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .executeUpdate();
        return (String) em.createNativeQuery("SELECT secret FROM app_secrets WHERE name = ?")
                .setParameter(1, name).getSingleResult();
    }
}
