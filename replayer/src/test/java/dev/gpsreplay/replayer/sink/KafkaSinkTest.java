package dev.gpsreplay.replayer.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** replay.sink=kafka against a real broker: every fix published once, in order, keyed; a broker outage pauses the replay. */
@QuarkusTest
@TestProfile(KafkaSinkTest.KafkaSinkProfile.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:3"))
class KafkaSinkTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    /** The event-driven variant: the sample taxi (698 fixes, 12 min) replayed 1000 times faster. */
    public static class KafkaSinkProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink",
                    "kafka",
                    "replay.speed",
                    "1000",
                    "replay.source",
                    System.getProperty("gpsreplay.data.dir") + "/taxi-42.csv");
        }
    }

    KafkaBroker broker;

    @Inject
    JsonCodec codec;

    @Test
    void everyFixIsPublishedOnceInOrderKeyedByVehicle() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/replays/taxi-42")
                        .then()
                        .body("state", equalTo("FINISHED"))
                        .body("fixes_emitted", equalTo(698)));

        List<ConsumerRecord<String, String>> records = consumeVehicle("taxi-42", 698);
        assertThat(records).hasSize(698);
        List<FixEvent> events =
                records.stream().map(r -> codec.decodeEvent(r.value())).toList();
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).isEqualTo(i + 1);
            assertThat(events.get(i).trackPosition()).isEqualTo(i);
        }
        assertThat(events).extracting(FixEvent::schemaVersion).containsOnly(FixEvent.SCHEMA_VERSION);
        assertThat(records).allSatisfy(r -> {
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/json");
            assertThat(new String(r.headers().lastHeader("schema-version").value(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(FixEvent.SCHEMA_VERSION));
        });
        assertThat(records)
                .extracting(ConsumerRecord::partition)
                .containsOnly(records.get(0).partition());
    }

    @Test
    void kafkaAwayPausesTheReplayWhichGoesOnWhereItWasWithNothingLost() throws Exception {
        // long enough to still play when the broker is gone, however slow the machine; sped up once it is back
        given().contentType("text/csv")
                .body(track(3000))
                .post("/replays?vehicle_id=outage-van&speed=20")
                .then()
                .statusCode(201)
                .body("speed", equalTo(20.0f));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/replays/outage-van").then().body("fixes_emitted", greaterThan(40)));

        broker.kill();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> given().get(management + "health/ready").then().statusCode(503));
        // the replay stops within about the stall threshold and stays put while Kafka is away
        await().atMost(Duration.ofSeconds(10)).until(() -> positionStableFor(Duration.ofSeconds(2)));
        int stalledAt = given().get("/replays/outage-van").then().extract().path("position");
        given().get("/replays/outage-van").then().body("state", equalTo("PLAYING"));
        given().get(management + "health/live").then().statusCode(200);

        broker.restart();
        given().put("/replays/outage-van/speed?factor=1000").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/replays/outage-van")
                        .then()
                        .body("state", equalTo("FINISHED"))
                        .body("fixes_emitted", equalTo(3000)));
        assertThat(stalledAt).isLessThan(3000);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get(management + "health/ready").then().statusCode(200));

        List<FixEvent> events = consumeVehicle("outage-van", 3000).stream()
                .map(r -> codec.decodeEvent(r.value()))
                .toList();
        // applied as the view applies them: a fix sent again after a failed send (same sequence) is dropped
        List<Long> applied = new ArrayList<>();
        for (FixEvent event : events) {
            if (applied.isEmpty() || event.sequence() > applied.get(applied.size() - 1)) {
                applied.add(event.sequence());
            }
        }
        assertThat(applied)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 3000).boxed().toList());
    }

    private boolean positionStableFor(Duration duration) throws InterruptedException {
        int before = given().get("/replays/outage-van").then().extract().path("position");
        Thread.sleep(duration.toMillis());
        int after = given().get("/replays/outage-van").then().extract().path("position");
        return before == after;
    }

    /** All records of one vehicle on the topic, from the beginning, until {@code expected} are read or 30 s pass. */
    private List<ConsumerRecord<String, String>> consumeVehicle(String vehicleId, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("gps-fixes"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (vehicleId.equals(r.key())) {
                        records.add(r);
                    }
                });
                if (records.size() >= expected) {
                    // read a little longer: a duplicate would show up here
                    consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                        if (vehicleId.equals(r.key())) {
                            records.add(r);
                        }
                    });
                    break;
                }
            }
        }
        return records;
    }

    private static String track(int fixes) {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude,speed_meters_per_second\n");
        for (int i = 0; i < fixes; i++) {
            csv.append(1577218887.999 + i)
                    .append(',')
                    .append(-27.7 + i * 1e-4)
                    .append(",-51.1,")
                    .append(i % 20)
                    .append('\n');
        }
        return csv.toString();
    }
}
