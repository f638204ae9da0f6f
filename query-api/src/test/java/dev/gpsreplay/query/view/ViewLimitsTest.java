package dev.gpsreplay.query.view;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.query.RawRedis;
import dev.gpsreplay.query.ViewFixtures;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The view's limits (#9.2): history by count and by age, idle vehicles expire from Redis and from the live view. */
@QuarkusTest
@TestProfile(ViewLimitsTest.SmallLimits.class)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ViewLimitsTest {

    /** Small limits, so the test sees them act. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("view.history-size", "5", "view.history-max-age", "60s", "view.vehicle-idle-ttl", "8s");
        }
    }

    RedisServer redis;

    @Inject
    VehicleViewWriter writer;

    @Test
    void historyIsBoundedByCountAndByAge() throws Exception {
        ViewFixtures bus = new ViewFixtures(writer, "limits-bus");
        for (int i = 0; i < 10; i++) {
            bus.write(i, i);
        }
        try (RawRedis raw = new RawRedis(redis.port())) {
            // the newest 5 by track time
            assertThat(raw.call("ZCARD", ViewKeys.track("limits-bus"))).isEqualTo(5L);
            assertThat(raw.call("ZRANGE", ViewKeys.track("limits-bus"), "0", "0", "WITHSCORES"))
                    .asList()
                    .last()
                    .isEqualTo(Long.toString(ViewFixtures.fix(5, 5).timestamp().toEpochMilli()));

            bus.write(9 + 61, 70); // 61 s of track time later: all the others are older than 60 s before it
            bus.write(9 + 62, 71);
            assertThat(raw.call("ZCARD", ViewKeys.track("limits-bus"))).isEqualTo(2L);
        }
    }

    @Test
    void anIdleVehicleExpiresFromRedisAndFromTheLiveView() throws Exception {
        new ViewFixtures(writer, "idle-bus").write(0, 1.0);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> given().get("/vehicles/idle-bus/state").then().statusCode(200));
        try (RawRedis raw = new RawRedis(redis.port())) {
            assertThat((Long) raw.call("PTTL", ViewKeys.state("idle-bus"))).isBetween(1L, 8000L);
            assertThat((Long) raw.call("PTTL", ViewKeys.track("idle-bus"))).isBetween(1L, 8000L);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get("/vehicles/idle-bus/state").then().statusCode(404));
        try (RawRedis raw = new RawRedis(redis.port())) {
            assertThat(raw.call("EXISTS", ViewKeys.state("idle-bus"), ViewKeys.track("idle-bus")))
                    .isEqualTo(0L);
            // the next write anywhere prunes the index entry
            new ViewFixtures(writer, "active-bus").write(0, 2.0);
            assertThat(raw.call("ZSCORE", ViewKeys.VEHICLES, "idle-bus")).isNull();
            assertThat(raw.call("ZSCORE", ViewKeys.VEHICLES, "active-bus")).isNotNull();
        }
        assertThat(given().get("/vehicles").jsonPath().getList("vehicle_id")).doesNotContain("idle-bus");
    }
}
