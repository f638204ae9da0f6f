package dev.gpsreplay.replayer.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.replayer.replay.CompactTrack;
import dev.gpsreplay.replayer.replay.TrackLoader;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Redis sink waits out an outage (its {@code @Retry}): while Redis is down the replay does not
 * move on, and once Redis is back (empty, as after a crash without persistence) every fix from the
 * one it stopped at to the end of the track is in Redis's history, once and in order.
 */
@QuarkusTest
@TestProfile(RedisSinkOutageTest.Fast.class)
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RedisSinkOutageTest {

    /** bus-17 (872 fixes, about 1 s apart) at 50x: about 17 s, enough for a 2 s outage in the middle. */
    public static class Fast implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("replay.speed", "50");
        }
    }

    RedisServer redis;

    @Inject
    VehicleViewReader view;

    @Test
    void theReplayWaitsWhileRedisIsDownAndLosesNoFixAfterIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> position() >= 50);

        redis.stop();
        Thread.sleep(300); // the fix in flight fails
        int stoppedAt = position();
        Thread.sleep(2_000); // 100 fixes at 50x if it did not wait
        assertThat(position()).as("the replay waits for Redis").isLessThanOrEqualTo(stoppedAt + 1);

        redis.restart();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        given().get("/replays/bus-17").then().statusCode(200).body("state", equalTo("FINISHED")));

        CompactTrack track = TrackLoader.load(
                        Path.of(System.getProperty("gpsreplay.data.dir"), "bus-17.csv"), rejection -> {})
                .get(0)
                .track();
        FixEvent last =
                view.state("bus-17").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        assertThat(last.trackPosition()).isEqualTo(track.size() - 1);
        List<Instant> held =
                view.track("bus-17", 0, Long.MAX_VALUE, 10_000).await().atMost(Duration.ofSeconds(5)).stream()
                        .map(GpsFix::timestamp)
                        .toList();
        assertThat(held.size())
                .as("every fix from where the outage began")
                .isGreaterThanOrEqualTo(track.size() - stoppedAt);
        assertThat(held)
                .as("the track's last fixes, each once, in order")
                .isEqualTo(IntStream.range(track.size() - held.size(), track.size())
                        .mapToObj(i -> track.fix(i, 0).timestamp())
                        .toList());
    }

    private static int position() {
        return given().get("/replays/bus-17").then().statusCode(200).extract().path("position");
    }
}
