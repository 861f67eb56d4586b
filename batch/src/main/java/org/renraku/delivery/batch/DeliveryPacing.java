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
 * The {@link Pacing} of a job execution: the operator's limits per carrier group ({@code CarrierLimits}), changed
 * by configuration and by job parameters (a job parameter wins). The same inputs give the same pacing, so a restart
 * plans the same lanes.
 * <ul>
 *   <li>{@code pacing} / {@code renraku.delivery.pacing}: {@code off} sends as fast as the connections go (no
 *       rate, no quiet minutes) — for benchmarks and tests; the connection limits stay;</li>
 *   <li>{@code messagesPerConnection} / {@code renraku.delivery.messages-per-connection}: every group's limit
 *       (still at most 100 for the Japanese mobile carriers).</li>
 * </ul>
 */
final class DeliveryPacing {

    static final String PARAM_PACING = "pacing";
    static final String PARAM_MESSAGES_PER_CONNECTION = "messagesPerConnection";

    private DeliveryPacing() {
    }

    static Pacing of(Properties jobParameters, Map<CarrierGroup, Pacing.Group> limits) {
        return of(jobParameters, limits, name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
    }

    static Pacing of(Properties jobParameters, Map<CarrierGroup, Pacing.Group> limits,
            Function<String, Optional<String>> config) {
        Properties params = jobParameters == null ? new Properties() : jobParameters;
        boolean off = "off".equalsIgnoreCase(Optional.ofNullable(params.getProperty(PARAM_PACING))
                .or(() -> config.apply("renraku.delivery.pacing")).orElse("on").strip());
        Optional<Integer> perConnection = Optional.ofNullable(params.getProperty(PARAM_MESSAGES_PER_CONNECTION))
                .or(() -> config.apply("renraku.delivery.messages-per-connection")).map(s -> Integer.parseInt(s.strip()));
        Map<CarrierGroup, Pacing.Group> groups = new EnumMap<>(CarrierGroup.class);
        for (CarrierGroup g : CarrierGroup.values()) {
            Pacing.Group l = limits.getOrDefault(g, Pacing.Group.defaults(g));
            groups.put(g, new Pacing.Group(l.perSecond(), l.urgentPerSecond(),
                    perConnection.orElse(l.messagesPerConnection()), l.connections()));
        }
        return Pacing.defaults().withGroups(groups, !off);
    }
}
