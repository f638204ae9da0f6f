package dev.gpsreplay.query.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the Kafka consumer on only when {@code query.ingest=kafka}: in the REST variant query-api
 * opens no Kafka client at all. A default: an explicit
 * {@code mp.messaging.incoming.gps-fixes-in.enabled} still wins.
 */
public class KafkaChannelSwitch implements ConfigSourceFactory {

    static final String CHANNEL_ENABLED = "mp.messaging.incoming.gps-fixes-in.enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue ingest = context.getValue("query.ingest");
        boolean kafka = ingest != null && ingest.getValue() != null
                && ingest.getValue().trim().equalsIgnoreCase("kafka");
        // ordinal below application.properties (250) and the environment (300)
        return List.of(new PropertiesConfigSource(Map.of(CHANNEL_ENABLED, Boolean.toString(kafka)),
                "query-ingest-kafka-switch", 200));
    }
}
