package org.renraku.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.platform.boundary.AppSecrets;

/**
 * Keys for HMACs and encryption: the value of a configuration property (MicroProfile Config: system property,
 * environment variable such as {@code RENRAKU_DELIVERY_SECRET} for {@code renraku.delivery-secret}, or a Payara
 * password alias) or, when it is unset, a secret generated once and shared by all instances through
 * {@code app_secrets} — the mechanism {@code MemberLinks} uses for the member-link key, by name.
 */
@ApplicationScoped
public class Secrets {

    @Inject
    AppSecrets appSecrets;

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The key bytes (UTF-8 of the secret text) of {@code property}, else of {@code app_secrets.name}. */
    public byte[] key(String property, String appSecretName) {
        return cache.computeIfAbsent(property + "\u0000" + appSecretName, k -> {
            String secret = ConfigProvider.getConfig().getOptionalValue(property, String.class)
                    .filter(s -> !s.isBlank())
                    .orElseGet(() -> appSecrets.getOrCreate(appSecretName));
            return secret.getBytes(StandardCharsets.UTF_8);
        }).clone();
    }
}
