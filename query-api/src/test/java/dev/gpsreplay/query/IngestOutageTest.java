package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The ingest waits out a Redis that stops taking writes (its {@code @Retry}, transient failures
 * only): Redis pauses every write for 3 s ({@code CLIENT PAUSE ... WRITE}, so it keeps its data and
 * nothing is rebuilt), each try times out after 300 ms, and once writes go through again every fix
 * is in the view exactly once, in order; none goes to the dead-letter topic.
 */
@QuarkusTest
@TestProfile(IngestOutageTest.ShortRedisTimeout.class)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(
        value = KafkaTestResource.class,
        scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:2,gps-fixes-dlq:1"))
class IngestOutageTest {

    private static final int FIXES = 400;

    public static class ShortRedisTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("query.ingest", "kafka", "view.redis-timeout", "300ms");
        }
    }

    KafkaBroker broker;

    RedisServer redis;

    @Inject
    JsonCodec codec;

    @Test
    void writesPausedInRedisAreRetriedUntilTheyGoThroughAndNothingIsLost() throws Exception {
        String runId = UUID.randomUUID().toString();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            send(producer, runId, 0, FIXES / 2);
            awaitSequence(FIXES / 2);

            assertThat(redisCommand("CLIENT PAUSE 3000 WRITE")).isEqualTo("+OK");
            send(producer, runId, FIXES / 2, FIXES);
            Thread.sleep(1_000); // the ingest is trying now: its writes wait, time out and are tried again
            given().get("/vehicles/paused-bus/state").then().statusCode(200).body("sequence", equalTo(FIXES / 2));
        }
        awaitSequence(FIXES);
        List<Float> speeds = given().queryParam("limit", 10000)
                .get("/vehicles/paused-bus/track")
                .then()
                .statusCode(200)
                .body("count", equalTo(FIXES))
                .extract()
                .jsonPath()
                .getList("fixes.speed_meters_per_second", Float.class);
        for (int i = 0; i < FIXES; i++) {
            assertThat(speeds.get(i)).as("fix %d", i).isEqualTo((float) (i % 40));
        }
        TopicPartition dlq = new TopicPartition("gps-fixes-dlq", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            assertThat(consumer.endOffsets(List.of(dlq)).get(dlq))
                    .as("nothing dead-lettered")
                    .isZero();
        }
    }

    private void send(KafkaProducer<String, String> producer, String runId, int from, int to) {
        for (int i = from; i < to; i++) {
            FixEvent event = new FixEvent(
                    FixEvent.SCHEMA_VERSION,
                    "paused-bus",
                    runId,
                    i + 1,
                    i,
                    FIXES,
                    Instant.now(),
                    ViewFixtures.fix(i, i % 40));
            producer.send(new ProducerRecord<>("gps-fixes", event.vehicleId(), codec.encode(event)));
        }
        producer.flush();
    }

    private static void awaitSequence(int sequence) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/vehicles/paused-bus/state")
                        .then()
                        .statusCode(200)
                        .body("sequence", equalTo(sequence)));
    }

    /** One inline command on a connection of its own (the pause spares the connection that sends it). */
    private String redisCommand(String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(3), StandardCharsets.US_ASCII);
        }
    }
}
