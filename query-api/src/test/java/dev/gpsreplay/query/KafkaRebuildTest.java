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
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Redis is a cache that rebuilds itself (#9.5): a whole track replayed through a real broker, then
 * Redis restarted empty: the view comes back from the topic, every fix exactly once, in order.
 */
@QuarkusTest
@TestProfile(KafkaIngestTest.KafkaIngest.class)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(
        value = KafkaTestResource.class,
        scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:2,gps-fixes-dlq:1"))
class KafkaRebuildTest {

    private static final int FIXES = 1316;

    KafkaBroker broker;

    RedisServer redis;

    @Inject
    JsonCodec codec;

    @Test
    void redisRestartedEmptyIsRebuiltFromTheTopicExactly() {
        String runId = UUID.randomUUID().toString();
        List<FixEvent> events = new ArrayList<>();
        for (int i = 0; i < FIXES; i++) {
            events.add(new FixEvent(
                    FixEvent.SCHEMA_VERSION,
                    "rebuilt-bus",
                    runId,
                    i + 1,
                    i,
                    FIXES,
                    Instant.now(),
                    ViewFixtures.fix(i, i % 40)));
        }
        events.addAll(ViewFixtures.run("other-bus", 1));
        ViewFixtures.publish(broker, codec, events);
        awaitWholeHistory();

        redis.restart(); // empty, as after a crash without persistence

        awaitWholeHistory();
        given().get("/vehicles/other-bus/state").then().statusCode(200).body("sequence", equalTo(1));
        given().queryParam("vehicle_id", "rebuilt-bus")
                .get("/gps_state")
                .then()
                .statusCode(200)
                .body("speed_meters_per_second", equalTo((float) ((FIXES - 1) % 40)));
    }

    private void awaitWholeHistory() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            given().get("/vehicles/rebuilt-bus/state").then().statusCode(200).body("sequence", equalTo(FIXES));
            ViewFixtures.historySpeeds("rebuilt-bus", FIXES);
        });
        List<Float> speeds = ViewFixtures.historySpeeds("rebuilt-bus", FIXES);
        for (int i = 0; i < FIXES; i++) {
            assertThat(speeds.get(i)).isEqualTo((float) (i % 40));
        }
    }
}
