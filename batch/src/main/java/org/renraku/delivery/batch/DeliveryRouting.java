package org.renraku.delivery.batch;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * Which hop a lane's connection goes to, from configuration:
 * <ul>
 *   <li>{@code renraku.delivery.route} = {@code direct} (default): every shaped carrier group (all but OTHER)
 *       delivers straight to the recipient domain's MX, so the group's limits sit on the connection to the
 *       carrier; OTHER goes through the relay (the mail resource {@code java:app/mail/renraku}). {@code relay}:
 *       everything through the relay — for installations that must use a smarthost; the limits must then be set
 *       in the relay;</li>
 *   <li>{@code renraku.delivery.mx-port} (25): the port of the MXs (tests point it at their receiving servers);</li>
 *   <li>{@code renraku.delivery.ehlo-name} (the host of {@code renraku.base-url}): the name given in EHLO to MXs.</li>
 * </ul>
 * A job started with the {@code smtpHost} parameter sends everything to that host (a relay given for the run).
 * <p>
 * Connections to MXs use opportunistic STARTTLS: TLS when the MX offers it, without verifying its certificate
 * (as MTAs do for opportunistic TLS, RFC 7435: an unverified encryption beats none; a failed handshake falls back
 * to plain text), never required.
 */
record DeliveryRouting(boolean direct, int mxPort, String ehloName) {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** A reply, or a write, that takes longer than this breaks the connection (RFC 5321 §4.5.3.2 allows more). */
    static final Duration IO_TIMEOUT = Duration.ofMinutes(2);

    static DeliveryRouting of(boolean relayGivenForTheRun) {
        return of(relayGivenForTheRun, name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
    }

    static DeliveryRouting of(boolean relayGivenForTheRun, Function<String, Optional<String>> config) {
        String route = config.apply("renraku.delivery.route").map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).orElse("direct");
        if (!route.equals("direct") && !route.equals("relay")) {
            throw new IllegalArgumentException("renraku.delivery.route is 'direct' or 'relay', not '" + route + "'");
        }
        String portText = config.apply("renraku.delivery.mx-port").map(String::strip).filter(s -> !s.isEmpty())
                .orElse("25");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("renraku.delivery.mx-port is a port number, not '" + portText + "'");
        }
        String ehlo = config.apply("renraku.delivery.ehlo-name").map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(() -> baseUrlHost(config.apply("renraku.base-url").orElse("http://localhost:8080")));
        return new DeliveryRouting(route.equals("direct") && !relayGivenForTheRun, port, ehlo);
    }

    private static String baseUrlHost(String baseUrl) {
        try {
            String host = URI.create(baseUrl.strip()).getHost();
            return host == null || host.isBlank() ? "localhost" : host;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("renraku.base-url is not a URL: '" + baseUrl + "'", e);
        }
    }

    /** True when a lane of {@code group} delivers straight to the recipients' MX. */
    boolean direct(CarrierGroup group) {
        return direct && group != CarrierGroup.OTHER;
    }

    /** The SMTP properties of connections to MXs: no login, EHLO name, timeouts, STARTTLS when offered (or not). */
    Properties mxProperties(boolean startTls) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.port", Integer.toString(mxPort));
        p.setProperty("mail.smtp.auth", "false");
        p.setProperty("mail.smtp.localhost", ehloName);
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(IO_TIMEOUT.toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(IO_TIMEOUT.toMillis()));
        p.setProperty("mail.smtp.starttls.enable", Boolean.toString(startTls));
        p.setProperty("mail.smtp.starttls.required", "false");
        // opportunistic TLS: an MX's certificate is not verified (its name is often not the MX name we looked up)
        p.setProperty("mail.smtp.ssl.trust", "*");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        return p;
    }
}
