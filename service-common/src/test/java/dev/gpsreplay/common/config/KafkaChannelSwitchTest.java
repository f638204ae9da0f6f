package dev.gpsreplay.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switch inside a real SmallRye Config, as each service builds it. */
class KafkaChannelSwitchTest {

    private static final String PRODUCER = "mp.messaging.outgoing.gps-fixes.enabled";
    private static final String CONSUMER = "mp.messaging.incoming.gps-fixes-in.enabled";

    @Test
    void theReplayersProducerIsOnOnlyWithTheKafkaSink() {
        Map<String, String> replayer = Map.of("mp.messaging.outgoing.gps-fixes.connector", "smallrye-kafka");
        assertThat(config(replayer, Map.of("replay.sink", " Kafka ")).getValue(PRODUCER, Boolean.class))
                .isTrue();
        assertThat(config(replayer, Map.of("replay.sink", "redis")).getValue(PRODUCER, Boolean.class))
                .isFalse();
        assertThat(config(replayer, Map.of()).getValue(PRODUCER, Boolean.class)).isFalse();
        // query-api's key is not set in the replayer, which has no such channel.
        assertThat(config(replayer, Map.of()).getOptionalValue(CONSUMER, Boolean.class))
                .isEmpty();
    }

    @Test
    void queryApisConsumerIsOnOnlyWithKafkaIngest() {
        Map<String, String> queryApi = Map.of("mp.messaging.incoming.gps-fixes-in.connector", "smallrye-kafka");
        assertThat(config(queryApi, Map.of("query.ingest", "kafka")).getValue(CONSUMER, Boolean.class))
                .isTrue();
        assertThat(config(queryApi, Map.of("query.ingest", "none")).getValue(CONSUMER, Boolean.class))
                .isFalse();
        assertThat(config(queryApi, Map.of()).getOptionalValue(PRODUCER, Boolean.class))
                .isEmpty();
    }

    @Test
    void anExplicitSettingWins() {
        Map<String, String> replayer = Map.of("mp.messaging.outgoing.gps-fixes.connector", "smallrye-kafka");
        assertThat(config(replayer, Map.of("replay.sink", "kafka", PRODUCER, "false"))
                        .getValue(PRODUCER, Boolean.class))
                .isFalse();
    }

    @Test
    void theConsumerTracesRecordsOnlyWhileTracingIsOn() {
        String tracing = "mp.messaging.incoming.gps-fixes-in.tracing-enabled";
        Map<String, String> queryApi = Map.of(
                "mp.messaging.incoming.gps-fixes-in.connector", "smallrye-kafka", "quarkus.otel.sdk.disabled", "true");
        assertThat(config(queryApi, Map.of()).getValue(tracing, Boolean.class)).isFalse();
        assertThat(config(queryApi, Map.of("quarkus.otel.sdk.disabled", "false"))
                        .getValue(tracing, Boolean.class))
                .isTrue();
        assertThat(config(queryApi, Map.of("quarkus.otel.sdk.disabled", "false", tracing, "false"))
                        .getValue(tracing, Boolean.class))
                .as("an explicit setting wins")
                .isFalse();
    }

    /** application.properties (ordinal 250) and the environment (300), then the switch (200). */
    private static SmallRyeConfig config(Map<String, String> applicationProperties, Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new KafkaChannelSwitch())
                .build();
    }
}
