package dev.gpsreplay.replayer.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the Kafka channel on only when {@code replay.sink} names {@code kafka}, so the log and Redis sinks never
 * open a Kafka producer (which would log connection errors forever without a broker). A default:
 * an explicit {@code mp.messaging.outgoing.gps-fixes.enabled} still wins.
 */
public class KafkaChannelSwitch implements ConfigSourceFactory {

    static final String CHANNEL_ENABLED = "mp.messaging.outgoing.gps-fixes.enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue sink = context.getValue("replay.sink");
        // replay.sink may name several sinks: kafka,nmea
        boolean kafka = sink != null && sink.getValue() != null && java.util.Arrays.stream(sink.getValue().split(","))
                .anyMatch(name -> name.trim().equalsIgnoreCase("kafka"));
        // ordinal below application.properties (250) and the environment (300)
        return List.of(new PropertiesConfigSource(Map.of(CHANNEL_ENABLED, Boolean.toString(kafka)),
                "replay-sink-kafka-switch", 200));
    }
}
