package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.event.SeedFix;
import dev.gpsreplay.testsupport.RedisTestResource;
import dev.gpsreplay.testsupport.kafka.InjectKafkaBroker;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import dev.gpsreplay.testsupport.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** query.ingest=kafka: fix events from a real broker end in the real Redis view exactly once, in order. */
@QuarkusTest
@TestProfile(KafkaIngestTest.KafkaIngest.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = KafkaTestResource.TOPICS,
        value = "gps-fixes:3"))
class KafkaIngestTest {

    /** The event-driven variant's setting. */
    public static class KafkaIngest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("query.ingest", "kafka");
        }
    }

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    JsonCodec codec;

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
        List<FixEvent> events = run("kafka-bus", 200);
        events.forEach(this::send);
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("vehicle_id", "kafka-bus")
                .get("/gps_state").then().statusCode(200).body("speed_meters_per_second", equalTo(199.0f)));
        List<Float> speeds = given().queryParam("limit", 10000).get("/vehicles/kafka-bus/track")
                .then().statusCode(200).body("count", equalTo(200)).extract().jsonPath()
                .getList("fixes.speed_meters_per_second", Float.class);
        for (int i = 0; i < speeds.size(); i++) {
            assertThat(speeds.get(i)).isEqualTo((float) i);
        }
        given().get("/vehicles/kafka-bus/state").then().body("sequence", equalTo(200));
        // consumer lag, from the Kafka client's own meters
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(given().get("/q/metrics").asString())
                .contains("kafka_consumer_fetch_manager_records_lag"));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        List<FixEvent> events = run("kafka-redelivered", 10);
        events.forEach(this::send);
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/vehicles/kafka-redelivered/state")
                .then().statusCode(200).body("sequence", equalTo(10)));

        // the whole run again, as after a consumer crash before its offsets were committed
        events.forEach(this::send);
        FixEvent marker = run("kafka-marker", 1).get(0);
        send(marker);
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/vehicles/kafka-marker/state")
                .then().statusCode(200));
        // every redelivered record was consumed before... only that same partition's order is guaranteed,
        // so also wait for the duplicates counter to show all ten
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesCounted() >= 10);

        given().get("/vehicles/kafka-redelivered/track").then().body("count", equalTo(10));
        given().get("/vehicles/kafka-redelivered/state").then().body("sequence", equalTo(10))
                .body("fix.speed_meters_per_second", equalTo(9.0f));
    }

    @Test
    void aRecordThatIsNotAFixEventIsSkippedAndTheStreamGoesOn() {
        producer.send(new ProducerRecord<>("gps-fixes", "kafka-poison", "{not json"));
        producer.send(new ProducerRecord<>("gps-fixes", "kafka-poison", "{\"schema_version\":1}"));
        run("kafka-poison", 3).forEach(this::send);
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/vehicles/kafka-poison/state")
                .then().statusCode(200).body("sequence", equalTo(3)));
    }

    private void send(FixEvent event) {
        producer.send(new ProducerRecord<>("gps-fixes", event.vehicleId(), codec.encode(event)));
    }

    private static List<FixEvent> run(String vehicleId, int count) {
        String runId = UUID.randomUUID().toString();
        List<FixEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new FixEvent(FixEvent.SCHEMA_VERSION, vehicleId, runId, i + 1, i, count, Instant.now(),
                    SeedFix.of(ViewFixtures.fix(i, i))));
        }
        return events;
    }

    private static double duplicatesCounted() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("gps_ingest_events_total") && l.contains("result=\"duplicate\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
