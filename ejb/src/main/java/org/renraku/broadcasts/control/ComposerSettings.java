package org.renraku.broadcasts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.delivery.control.DeliveryToken;
import org.renraku.delivery.control.MessageComposer;
import org.renraku.platform.boundary.AppSecrets;

/**
 * Where broadcast mail says it comes from and where its links point, from the configuration
 * ({@link MessageComposer.Settings}), and the key of the delivery tokens ({@code renraku.delivery-secret}, else
 * {@code app_secrets} {@value DeliveryToken#SECRET_NAME}, shared by all instances).
 * <p>
 * The one-click unsubscribe URL is {@code <base-url>/api/unsubscribe/<token>} ({@link #UNSUBSCRIBE_PATH}), always
 * https as RFC 8058 requires (an http base URL of a development machine is written as https).
 */
@ApplicationScoped
public class ComposerSettings {

    /** The JAX-RS path of the one-click endpoint below the base URL; the token follows. */
    public static final String UNSUBSCRIBE_PATH = "/api/unsubscribe/";

    @Inject
    @ConfigProperty(name = "renraku.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "renraku.mail.from", defaultValue = "noreply@localhost")
    String from;

    @Inject
    @ConfigProperty(name = "renraku.bounce-domain")
    Optional<String> bounceDomain;

    @Inject
    @ConfigProperty(name = MessageComposer.CONFIG_ATTACHMENT_LIMIT, defaultValue = "3145728")
    long attachmentLimit;

    @Inject
    @ConfigProperty(name = DeliveryToken.SECRET_PROPERTY)
    Optional<String> configuredSecret;

    @Inject
    AppSecrets appSecrets;

    private volatile byte[] key;

    public MessageComposer.Settings settings() {
        String domain = domainOf(from);
        String bounce = bounceDomain.filter(s -> !s.isBlank()).map(String::strip).orElse(domain);
        return new MessageComposer.Settings(from, domain, bounce, "bounce", unsubscribeUrlPrefix(baseUrl),
                "unsubscribe", domain, attachmentLimit);
    }

    public long attachmentLimit() {
        return attachmentLimit;
    }

    public byte[] tokenKey() {
        byte[] k = key;
        if (k == null) {
            String secret = configuredSecret.filter(s -> !s.isBlank())
                    .orElseGet(() -> appSecrets.getOrCreate(DeliveryToken.SECRET_NAME));
            k = secret.getBytes(StandardCharsets.UTF_8);
            key = k;
        }
        return k.clone();
    }

    /** {@code https://host/api/unsubscribe/} from the base URL (http becomes https, a trailing slash is dropped). */
    public static String unsubscribeUrlPrefix(String base) {
        String url = base.strip();
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.toLowerCase(Locale.ROOT).startsWith("http://")) {
            url = "https://" + url.substring("http://".length());
        }
        return url + UNSUBSCRIBE_PATH;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String d = at < 0 ? address : address.substring(at + 1);
        d = d.replace(">", "").strip();
        return d.isEmpty() ? "localhost" : d;
    }
}
