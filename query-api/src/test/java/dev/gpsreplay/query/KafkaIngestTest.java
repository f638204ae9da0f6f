package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.query.live.IngestEchoes;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testkit.RedisTestResource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** query.ingest=kafka: fix events from a real broker end in the real Redis view exactly once, in order. */
@QuarkusTest
@TestProfile(KafkaIngestTest.KafkaIngest.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:3,gps-fixes-dlq:1"))
class KafkaIngestTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    /** The event-driven variant's setting. */
    public static class KafkaIngest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("query.ingest", "kafka");
        }
    }

    KafkaBroker broker;

    @Inject
    JsonCodec codec;

    @Inject
    IngestEchoes echoes;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void disconnect() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void everyPublishedFixReachesTheViewOnceInOrder() {
        long recognizedBefore = echoes.recognized();
        List<FixEvent> events = ViewFixtures.run("kafka-bus", 200);
        events.forEach(this::send);
        producer.flush();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().queryParam("vehicle_id", "kafka-bus")
                        .get("/gps_state")
                        .then()
                        .statusCode(200)
                        .body("speed_meters_per_second", equalTo(199.0f)));
        List<Float> speeds = ViewFixtures.historySpeeds("kafka-bus", 200);
        for (int i = 0; i < speeds.size(); i++) {
            assertThat(speeds.get(i)).isEqualTo((float) i);
        }
        given().get("/vehicles/kafka-bus/state").then().body("sequence", equalTo(200));
        // the live view took these fixes from their pub/sub echo without decoding it again, and
        // awaits no more echoes
        assertThat(echoes.recognized() - recognizedBefore).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> echoes.size() == 0);
        // consumer lag, from the Kafka client's own meters
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(given().get(management + "metrics").asString())
                                .contains("kafka_consumer_fetch_manager_records_lag"));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        List<FixEvent> events = ViewFixtures.run("kafka-redelivered", 10);
        events.forEach(this::send);
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/vehicles/kafka-redelivered/state")
                        .then()
                        .statusCode(200)
                        .body("sequence", equalTo(10)));

        // the whole run again, as after a consumer crash before its offsets were committed
        events.forEach(this::send);
        FixEvent marker = ViewFixtures.run("kafka-marker", 1).get(0);
        send(marker);
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get("/vehicles/kafka-marker/state").then().statusCode(200));
        // every redelivered record was consumed before... only that same partition's order is guaranteed,
        // so also wait for the duplicates counter to show all ten
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesCounted() >= 10);

        given().get("/vehicles/kafka-redelivered/track").then().body("count", equalTo(10));
        // duplicates cause no echo, and none is awaited for them
        await().atMost(Duration.ofSeconds(10)).until(() -> echoes.size() == 0);
        given().get("/vehicles/kafka-redelivered/state")
                .then()
                .body("sequence", equalTo(10))
                .body("fix.speed_meters_per_second", equalTo(9.0f));
    }

    @Test
    void anEventOfSchemaVersion1FromAnOlderReplayerIsReadAsTheSameFix() {
        String runId = UUID.randomUUID().toString();
        // as the previous release's replayer wrote it: the fix in the seed's names, epoch seconds
        String version1 = """
                {"schema_version":1,"vehicle_id":"kafka-v1","run_id":"%s","sequence":1,"track_position":0,\
                "track_size":2,"emitted_at":"%s","fix":{"timestamp":1577218887.999,"latitude":-27.71784157,\
                "longitude":-51.09886587,"elevation":984.2,"accuracy":4.0,"bearing":125.5,\
                "speed_meters_per_second":10.4,"satellites":14,"hdop":0.8,"vdop":1.6,"pdop":1.8,\
                "distance_meters":0.0,"elapsed_time_seconds":0.0}}""".formatted(runId, Instant.now());
        producer.send(new ProducerRecord<>("gps-fixes", "kafka-v1", version1));
        send(new FixEvent(
                FixEvent.SCHEMA_VERSION,
                "kafka-v1",
                runId,
                2,
                1,
                2,
                Instant.now(),
                new GpsFix(
                        Instant.parse("2019-12-24T20:21:28.999Z"),
                        -27.7179,
                        -51.0988,
                        984.9,
                        4.0,
                        126.0,
                        11.0,
                        14,
                        0.8,
                        1.6,
                        1.8,
                        11.2,
                        1.0)));
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/vehicles/kafka-v1/track")
                        .then()
                        .statusCode(200)
                        .body("count", equalTo(2))
                        .body("fixes[0].time", equalTo("2019-12-24T20:21:27.999Z"))
                        .body("fixes[0].elevation_meters", equalTo(984.2f))
                        .body("fixes[0].accuracy_meters", equalTo(4.0f))
                        .body("fixes[0].bearing_degrees", equalTo(125.5f))
                        .body("fixes[0].speed_meters_per_second", equalTo(10.4f))
                        .body("fixes[1].time", equalTo("2019-12-24T20:21:28.999Z")));
        // and the seed's own endpoint still answers the seed's JSON
        assertThat(given().get("/gps_state?vehicle_id=kafka-v1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .startsWith("{\"timestamp\":1577218888.999,\"latitude\":-27.7179,\"longitude\":-51.0988,"
                        + "\"elevation\":984.9,\"accuracy\":4.0,\"bearing\":126.0,\"speed_meters_per_second\":11.0,");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndIngestGoesOn() {
        String wrongSchemaNoVehicle = codec.encode(
                new FixEvent(99, "", UUID.randomUUID().toString(), 1, 0, 1, Instant.now(), ViewFixtures.fix(0, 1)));
        producer.send(new ProducerRecord<>("gps-fixes", "kafka-poison", "{not json"));
        producer.send(new ProducerRecord<>("gps-fixes", "kafka-poison", wrongSchemaNoVehicle));
        ViewFixtures.run("kafka-poison", 3).forEach(this::send);
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/vehicles/kafka-poison/state")
                        .then()
                        .statusCode(200)
                        .body("sequence", equalTo(3)));

        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, String> dlq = dlqConsumer()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlq.poll(Duration.ofMillis(200))
                        .forEach(r -> reasons.put(
                                r.value(),
                                new String(
                                        r.headers()
                                                .lastHeader("dead-letter-reason")
                                                .value(),
                                        StandardCharsets.UTF_8)));
                return reasons.containsKey("{not json") && reasons.containsKey(wrongSchemaNoVehicle);
            });
        }
        assertThat(reasons.get("{not json")).contains("not a fix event");
        assertThat(reasons.get(wrongSchemaNoVehicle)).contains("schema_version must be 1 to 2, got 99");
        assertThat(rejectedCounted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anEventOfAnOlderRunRedeliveredAfterANewerRunChangesNothing() {
        List<FixEvent> older = ViewFixtures.run("kafka-runs", 3);
        List<FixEvent> newer = new ArrayList<>();
        String newerRun = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            newer.add(new FixEvent(
                    FixEvent.SCHEMA_VERSION,
                    "kafka-runs",
                    newerRun,
                    i + 1,
                    i,
                    2,
                    Instant.now().plusSeconds(5),
                    ViewFixtures.fix(100 + i, 50 + i)));
        }
        newer.forEach(this::send);
        older.forEach(this::send); // e.g. the old run's records redelivered after a rebalance
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/vehicles/kafka-runs/state")
                        .then()
                        .statusCode(200)
                        .body("fix.speed_meters_per_second", equalTo(51.0f)));
        await().atMost(Duration.ofSeconds(30)).until(() -> counted("older_run") >= 3);
        given().get("/vehicles/kafka-runs/state")
                .then()
                .body("sequence", equalTo(2))
                .body("fix.speed_meters_per_second", equalTo(51.0f));
        given().get("/vehicles/kafka-runs/track").then().body("count", equalTo(2));
    }

    private KafkaConsumer<String, String> dlqConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("gps-fixes-dlq"));
        return consumer;
    }

    private double rejectedCounted() {
        return counted("rejected");
    }

    private double counted(String result) {
        String metrics = given().get(management + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("gps_ingest_events_total") && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private void send(FixEvent event) {
        producer.send(new ProducerRecord<>("gps-fixes", event.vehicleId(), codec.encode(event)));
    }

    private double duplicatesCounted() {
        String metrics = given().get(management + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("gps_ingest_events_total") && l.contains("result=\"duplicate\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
