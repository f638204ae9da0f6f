package dev.gpsreplay.replayer.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * #9.3: the broker killed -9 ten times mid-replay, with the producer under load, some outages longer
 * than the delivery timeout (so sends fail for good and the sink replaces its producer). Afterwards
 * the topic, applied as the view applies it (a sequence at or below the last applied one is dropped),
 * gives every fix of every vehicle exactly once, in order, with no gap.
 */
@QuarkusTest
@TestProfile(KafkaCrashRecoveryTest.ShortTimeouts.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:3"))
class KafkaCrashRecoveryTest {

    /** Kafka sink, no source; delivery and metadata timeouts short enough for a test to outlast them. */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink",
                    "kafka",
                    "replay.source",
                    "",
                    "gps.fixes.producer.delivery.timeout.ms",
                    "5000",
                    "gps.fixes.producer.request.timeout.ms",
                    "2000",
                    "gps.fixes.producer.max.block.ms",
                    "5000",
                    "gps.fixes.producer.reconnect.backoff.max.ms",
                    "500");
        }
    }

    private static final int VEHICLES = 4;
    private static final int FIXES = 4000;
    private static final int KILLS = 10;

    KafkaBroker broker;

    @Inject
    JsonCodec codec;

    @Inject
    KafkaSink sink;

    @Test
    void tenBrokerCrashesLoseNothingAndFreezeNothing() throws Exception {
        for (int v = 0; v < VEHICLES; v++) {
            given().contentType("text/csv")
                    .body(track(FIXES))
                    .post("/replays?vehicle_id=crash-" + v + "&speed=100")
                    .then()
                    .statusCode(201);
        }
        for (int kill = 0; kill < KILLS; kill++) {
            long before = emitted();
            await().atMost(Duration.ofSeconds(180)).until(() -> emitted() >= before + 150);
            broker.kill();
            // every other outage outlasts the 5 s delivery timeout: sends fail for good
            Thread.sleep(kill % 2 == 0 ? 1_000 : 7_000);
            broker.restart();
        }
        for (int v = 0; v < VEHICLES; v++) {
            given().put("/replays/crash-" + v + "/speed?factor=2000").then().statusCode(200);
        }
        for (int v = 0; v < VEHICLES; v++) {
            String id = "crash-" + v;
            await().atMost(Duration.ofSeconds(180))
                    .untilAsserted(() -> given().get("/replays/" + id)
                            .then()
                            .body("state", equalTo("FINISHED"))
                            .body("fixes_emitted", equalTo(FIXES)));
        }
        assertThat(sink.producersCreated())
                .as("the producer was replaced after failing for good")
                .isGreaterThan(1);

        Map<String, Long> applied = applyTopic();
        for (int v = 0; v < VEHICLES; v++) {
            assertThat(applied.get("crash-" + v))
                    .as("crash-%d's last applied sequence", v)
                    .isEqualTo(FIXES);
        }
    }

    private long emitted() {
        List<Integer> counts = given().get("/replays").then().extract().path("fixes_emitted");
        return counts.stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * Reads the topic from the start and applies it as the view does: per vehicle, a sequence at or
     * below the last applied is dropped; any other must be exactly the next one (no gap).
     */
    private Map<String, Long> applyTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Long> last = new HashMap<>();
        Map<String, String> runs = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("gps-fixes"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !allApplied(last)) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    FixEvent event = codec.decodeEvent(record.value());
                    assertThat(runs.computeIfAbsent(event.vehicleId(), id -> event.runId()))
                            .isEqualTo(event.runId());
                    long applied = last.getOrDefault(event.vehicleId(), 0L);
                    if (event.sequence() > applied) {
                        assertThat(event.sequence())
                                .as("%s after %d", event.vehicleId(), applied)
                                .isEqualTo(applied + 1);
                        last.put(event.vehicleId(), event.sequence());
                    }
                });
            }
        }
        return last;
    }

    private static boolean allApplied(Map<String, Long> last) {
        return last.size() == VEHICLES && last.values().stream().allMatch(s -> s == FIXES);
    }

    private static String track(int fixes) {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude,speed_meters_per_second\n");
        for (int i = 0; i < fixes; i++) {
            csv.append(1577218887.999 + i)
                    .append(',')
                    .append(-27.7 + i * 1e-5)
                    .append(",-51.1,")
                    .append(i % 20)
                    .append('\n');
        }
        return csv.toString();
    }
}
