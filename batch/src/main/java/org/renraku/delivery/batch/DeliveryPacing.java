package org.renraku.delivery.batch;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.delivery.control.Pacing;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * The {@link Pacing} of a job execution: {@link Pacing#defaults()}, changed by configuration and by job parameters
 * (a job parameter wins). The same inputs give the same pacing, so a restart plans the same lanes.
 * <ul>
 *   <li>{@code pacing} / {@code renraku.delivery.pacing}: {@code off} sends as fast as the connections go (no
 *       rate, no global cap, no avoided minutes) — for benchmarks and tests; the per-connection limits stay;</li>
 *   <li>{@code messagesPerConnection} / {@code renraku.delivery.messages-per-connection}: every group's limit
 *       (still at most 100 for the Japanese mobile carriers);</li>
 *   <li>{@code renraku.delivery.connections}: parallel connections of every group;</li>
 *   <li>{@code renraku.delivery.avoid-first-minutes} (5), {@code renraku.delivery.global-per-second} (0: none).</li>
 * </ul>
 */
final class DeliveryPacing {

    static final String PARAM_PACING = "pacing";
    static final String PARAM_MESSAGES_PER_CONNECTION = "messagesPerConnection";
    private static final double UNPACED = 1_000_000;

    private DeliveryPacing() {
    }

    static Pacing of(Properties jobParameters) {
        return of(jobParameters, name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
    }

    static Pacing of(Properties jobParameters, Function<String, Optional<String>> config) {
        Properties params = jobParameters == null ? new Properties() : jobParameters;
        boolean off = "off".equalsIgnoreCase(Optional.ofNullable(params.getProperty(PARAM_PACING))
                .or(() -> config.apply("renraku.delivery.pacing")).orElse("on").strip());
        Optional<Integer> perConnection = Optional.ofNullable(params.getProperty(PARAM_MESSAGES_PER_CONNECTION))
                .or(() -> config.apply("renraku.delivery.messages-per-connection")).map(s -> Integer.parseInt(s.strip()));
        Optional<Integer> connections = config.apply("renraku.delivery.connections").map(s -> Integer.parseInt(s.strip()));
        Map<CarrierGroup, Pacing.Group> groups = new EnumMap<>(CarrierGroup.class);
        for (CarrierGroup g : CarrierGroup.values()) {
            Pacing.Group d = Pacing.Group.defaults(g);
            groups.put(g, new Pacing.Group(off ? UNPACED : d.perSecond(), off ? UNPACED : d.urgentPerSecond(),
                    perConnection.orElse(d.messagesPerConnection()), connections.orElse(d.connections())));
        }
        Pacing d = Pacing.defaults();
        int avoid = off ? 0 : config.apply("renraku.delivery.avoid-first-minutes").map(s -> Integer.parseInt(s.strip()))
                .orElse(d.avoidFirstMinutes());
        double global = off ? 0 : config.apply("renraku.delivery.global-per-second").map(s -> Double.parseDouble(s.strip()))
                .orElse(d.globalPerSecond());
        return new Pacing(groups, global, avoid, d.zone(), d.throttleStreak(), d.halvingsBeforePause(), d.pause(),
                d.recoverAfter());
    }
}
