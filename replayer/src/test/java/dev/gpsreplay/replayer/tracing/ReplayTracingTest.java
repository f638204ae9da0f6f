package dev.gpsreplay.replayer.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.testkit.KafkaTestResource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The replayer's half of a fix's trace, against a real broker: each replayed fix has a span with its
 * vehicle id, the Kafka publish span is its child, and the record carries that publish span as the
 * W3C traceparent the consumer continues from (query-api's half: FixIngestTracingTest).
 */
@QuarkusTest
@TestProfile(ReplayTracingTest.Tracing.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:1"))
class ReplayTracingTest {

    /** Kafka sink, tracing on, spans exported at once to memory only. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink",
                    "kafka",
                    "replay.source",
                    "",
                    "quarkus.otel.sdk.disabled",
                    "false",
                    "quarkus.otel.simple",
                    "true",
                    "quarkus.otel.exporter.otlp.enabled",
                    "false");
        }
    }

    private static final AttributeKey<String> VEHICLE = AttributeKey.stringKey("vehicle.id");

    @Inject
    InMemorySpanExporter spans;

    KafkaBroker broker;

    @Test
    void eachFixIsASpanWhoseChildIsTheKafkaPublishCarriedInTheRecord() {
        String csv = """
                timestamp,latitude,longitude,speed_meters_per_second
                1577218887.999,-27.7,-51.1,1.0
                1577218888.999,-27.7001,-51.1,2.0
                1577218889.999,-27.7002,-51.1,3.0
                """;
        given().contentType("text/csv")
                .body(csv)
                .post("/replays?vehicle_id=traced-car&speed=1000")
                .then()
                .statusCode(201);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(replaySpans()).hasSize(3));
        List<SpanData> all = spans.getFinishedSpanItems();
        List<ConsumerRecord<String, String>> records = consume(3);
        assertThat(records).hasSize(3);

        for (SpanData replay : replaySpans()) {
            SpanData publish = all.stream()
                    .filter(s -> s.getKind() == SpanKind.PRODUCER
                            && s.getParentSpanId().equals(replay.getSpanId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no publish span under " + replay));
            assertThat(publish.getTraceId()).isEqualTo(replay.getTraceId());
            String traceparent = "00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01";
            assertThat(records)
                    .anySatisfy(r -> assertThat(new String(
                                    r.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                            .isEqualTo(traceparent));
        }
    }

    @Test
    void anUploadsReadIsASpanUnderItsRequestWithTheRowsItKeptAndSkipped() {
        String csv = """
                timestamp,latitude,longitude,speed_meters_per_second
                1577218887.999,-27.7,-51.1,1.0
                not-a-time,-27.7001,-51.1,2.0
                1577218889.999,-27.7002,-51.1,3.0
                """;
        given().contentType("text/csv")
                .body(csv)
                .post("/replays?vehicle_id=read-traced&speed=1000")
                .then()
                .statusCode(201);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            SpanData read = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("track read")
                            && "read-traced".equals(s.getAttributes().get(VEHICLE)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no track read span"));
            assertThat(read.getAttributes().get(AttributeKey.stringKey("track.format")))
                    .isEqualTo("CSV");
            assertThat(read.getAttributes().get(AttributeKey.longKey("track.rows_read")))
                    .isEqualTo(2L);
            assertThat(read.getAttributes().get(AttributeKey.longKey("track.rows_rejected")))
                    .isEqualTo(1L);
            SpanData request = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getSpanId().equals(read.getParentSpanId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the read's parent span was not exported"));
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getName()).isEqualTo("POST /replays");
        });
        given().delete("/replays/read-traced").then().statusCode(200);
    }

    private List<SpanData> replaySpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("replay fix")
                        && "traced-car".equals(s.getAttributes().get(VEHICLE)))
                .toList();
    }

    private List<ConsumerRecord<String, String>> consume(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "trace-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("gps-fixes"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if ("traced-car".equals(r.key())) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }
}
