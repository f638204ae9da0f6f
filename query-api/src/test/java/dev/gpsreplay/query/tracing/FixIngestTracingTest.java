package dev.gpsreplay.query.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.query.ViewFixtures;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * query-api's half of a fix's trace, against a real broker and Redis: a record whose traceparent
 * names the replayer's publish span (ReplayTracingTest shows the replayer writes exactly that) is
 * consumed in a span that is that span's child, in the same trace, and the Redis write of the view
 * is the consume span's child. The view's own operations are spans too: its load from Redis and
 * its seek on the topic.
 */
@QuarkusTest
@TestProfile(FixIngestTracingTest.Tracing.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:1"))
class FixIngestTracingTest {

    /** Kafka ingest, tracing on, spans exported at once to memory only. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query.ingest",
                    "kafka",
                    "quarkus.otel.sdk.disabled",
                    "false",
                    "quarkus.otel.simple",
                    "true",
                    "quarkus.otel.exporter.otlp.enabled",
                    "false");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Inject
    JsonCodec codec;

    KafkaBroker broker;

    @Test
    void consumeIsAChildOfThePublishAndTheRedisWriteAChildOfTheConsume() {
        String traceId = hex(16);
        String publishSpanId = hex(8);
        FixEvent event = new FixEvent(
                FixEvent.SCHEMA_VERSION,
                "traced-bus",
                UUID.randomUUID().toString(),
                1,
                0,
                1,
                Instant.now(),
                ViewFixtures.fix(0, 4.0));
        ProducerRecord<String, String> record = new ProducerRecord<>("gps-fixes", "traced-bus", codec.encode(event));
        record.headers()
                .add("traceparent", ("00-" + traceId + "-" + publishSpanId + "-01").getBytes(StandardCharsets.UTF_8));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(record);
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> given().get("/vehicles/traced-bus/state").then().statusCode(200));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SpanData consume = spans.getFinishedSpanItems().stream()
                    .filter(s ->
                            s.getKind() == SpanKind.CONSUMER && s.getTraceId().equals(traceId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no consume span in trace " + traceId));
            assertThat(consume.getParentSpanId()).isEqualTo(publishSpanId);
            SpanData write = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("redis apply-fix")
                            && s.getTraceId().equals(traceId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Redis write span in trace " + traceId));
            assertThat(write.getParentSpanId()).isEqualTo(consume.getSpanId());
            assertThat(write.getKind()).isEqualTo(SpanKind.CLIENT);
        });
    }

    @Test
    void theViewsLoadFromRedisAndItsSeekOnTheTopicAreSpans() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            SpanData resync = named("live view resync");
            assertThat(resync.getAttributes().get(AttributeKey.stringKey("redis.run_id")))
                    .isNotBlank();
            SpanData seek = named("view seek");
            assertThat(seek.getAttributes().get(AttributeKey.booleanKey("view.lost")))
                    .isFalse();
            assertThat(seek.getAttributes().get(AttributeKey.longKey("kafka.partitions")))
                    .isEqualTo(1L);
        });
    }

    private SpanData named(String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " span"));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros (an invalid id)
        return HexFormat.of().formatHex(random);
    }
}
