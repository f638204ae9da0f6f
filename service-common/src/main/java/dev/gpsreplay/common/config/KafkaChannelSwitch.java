package dev.gpsreplay.common.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns a service's Kafka channel on only when its setting asks for Kafka, so that the log, Redis and
 * REST variants never open a Kafka client (which would log connection errors forever without a
 * broker): the replayer's {@code gps-fixes} producer with {@code replay.sink=kafka}, query-api's
 * {@code gps-fixes-in} consumer with {@code query.ingest=kafka}. A switch applies only where its
 * channel has a connector configured, so each service gets its own key only. These are defaults
 * (ordinal 200, below application.properties and the environment): an explicit
 * {@code mp.messaging.*.enabled} still wins.
 *
 * <p>Likewise a channel traces its records only while tracing is on ({@code quarkus.otel.sdk.disabled}
 * false): with it off, SmallRye would still build a span for every record (7 % of query-api's ingest
 * time at top speed, bench/ profile) for nothing.
 */
public class KafkaChannelSwitch implements ConfigSourceFactory {

    /** Each channel's configuration prefix, and the setting that must be {@code kafka} to turn it on. */
    static final Map<String, String> SWITCHES = Map.of(
            "mp.messaging.outgoing.gps-fixes", "replay.sink",
            "mp.messaging.incoming.gps-fixes-in", "query.ingest");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> enabled = new HashMap<>();
        boolean tracingOn = !"true".equalsIgnoreCase(value(context, "quarkus.otel.sdk.disabled"));
        SWITCHES.forEach((channel, setting) -> {
            if (value(context, channel + ".connector") != null) {
                enabled.put(channel + ".enabled", Boolean.toString(namesKafka(value(context, setting))));
                enabled.put(channel + ".tracing-enabled", Boolean.toString(tracingOn));
            }
        });
        return List.of(new PropertiesConfigSource(enabled, "kafka-channel-switch", 200));
    }

    /** A setting may name several sinks at once ({@code replay.sink=kafka,nmea}). */
    static boolean namesKafka(String setting) {
        return setting != null
                && Arrays.stream(setting.split(","))
                        .anyMatch(name -> name.trim().equalsIgnoreCase("kafka"));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null
                ? null
                : value.getValue().trim();
    }
}
