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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
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
        List<FixEvent> run = ViewFixtures.run("paused-bus", FIXES);
        ViewFixtures.publish(broker, codec, run.subList(0, FIXES / 2));
        awaitSequence(FIXES / 2);

        assertThat(redisCommand("CLIENT PAUSE 3000 WRITE")).isEqualTo("+OK");
        ViewFixtures.publish(broker, codec, run.subList(FIXES / 2, FIXES));
        Thread.sleep(1_000); // the ingest is trying now: its writes wait, time out and are tried again
        given().get("/vehicles/paused-bus/state").then().statusCode(200).body("sequence", equalTo(FIXES / 2));

        awaitSequence(FIXES);
        assertThat(ViewFixtures.historySpeeds("paused-bus", FIXES))
                .as("every fix once, in order")
                .isEqualTo(IntStream.range(0, FIXES).mapToObj(i -> (float) i).toList());
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
