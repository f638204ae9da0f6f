package dev.gpsreplay.replayer.replay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.replayer.replay.TrackLoader.LoadedTrack;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * #9.6 on a real Redis: the replayer starts with a checkpoint of bus-17 in Redis (as a replayer
 * stopped there left it) and goes on from it with the same run; it keeps the checkpoint up to date as
 * it delivers (a paused one too, after Redis restarted empty), and deleting the replay deletes it. The restart of the real process is in
 * system-tests' {@code ServiceFaultsIT}.
 */
@QuarkusTest
@TestProfile(ReplayCheckpointsTest.Checkpointing.class)
@WithTestResource(ReplayCheckpointsTest.SeededCheckpoint.class)
class ReplayCheckpointsTest {

    static final String RUN = "run-before-the-restart";
    static final int POSITION = 500;

    /** The configured bus-17 into Redis at 20x, checkpoints on and written every 100 ms. */
    public static class Checkpointing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.checkpoint.enabled", "true", "replay.checkpoint.interval", "100ms", "replay.speed", "20");
        }
    }

    /** A real Redis holding bus-17's checkpoint at fix 500, and an unreadable one of another vehicle. */
    public static class SeededCheckpoint extends RedisTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            LoadedTrack bus = TrackLoader.load(
                            Path.of(System.getProperty("gpsreplay.data.dir"), "bus-17.csv"), rejection -> {})
                    .get(0);
            ReplayCheckpoint checkpoint = new ReplayCheckpoint(
                    RUN,
                    POSITION,
                    0,
                    POSITION,
                    POSITION,
                    false,
                    bus.file().toString(),
                    bus.track().size(),
                    ReplayCheckpoint.spanMillis(bus.track()));
            Vertx vertx = Vertx.vertx();
            try {
                Redis redis = Redis.createClient(vertx, config.get("quarkus.redis.hosts"));
                redis.send(Request.cmd(Command.HSET)
                                .arg(ReplayCheckpoints.KEY)
                                .arg("bus-17")
                                .arg(new ObjectMapper().writeValueAsString(checkpoint))
                                .arg("van-07")
                                .arg("{not json"))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                redis.close();
            } catch (Exception e) {
                stop();
                throw new IllegalStateException("could not seed the checkpoint", e);
            } finally {
                vertx.close();
            }
            return config;
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    VehicleViewReader view;

    RedisServer redisServer;

    private ReplayCheckpoint checkpoint() throws IOException {
        return new ObjectMapper()
                .readValue(redis.hash(String.class).hget(ReplayCheckpoints.KEY, "bus-17"), ReplayCheckpoint.class);
    }

    @Test
    void goesOnFromItsCheckpointKeepsItAndForgetsItWithTheReplay() throws Exception {
        JsonPath status =
                given().get("/replays/bus-17").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("run_id")).as("the run goes on").isEqualTo(RUN);
        assertThat(status.getInt("position"))
                .as("from the checkpoint, not from the start")
                .isGreaterThanOrEqualTo(POSITION);
        assertThat(status.getLong("fixes_emitted")).isGreaterThanOrEqualTo(POSITION);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            FixEvent state =
                    view.state("bus-17").await().atMost(Duration.ofSeconds(2)).orElseThrow();
            assertThat(state.runId()).isEqualTo(RUN);
            assertThat(state.trackPosition()).isGreaterThan(POSITION);
            // fix 500 went out as sequence 501, the one after the checkpoint's
            assertThat(state.sequence()).as("the sequence goes on").isEqualTo(state.trackPosition() + 1L);
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ReplayCheckpoint written = checkpoint();
            assertThat(written.runId()).isEqualTo(RUN);
            assertThat(written.position()).isGreaterThan(POSITION + 5);
            assertThat(written.sequence()).isEqualTo(written.position());
        });

        // paused, its checkpoint no longer changes; Redis restarted empty gets it back all the same
        given().post("/replays/bus-17/pause").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpoint().paused());
        redisServer.restart();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(redis.hash(String.class).hexists(ReplayCheckpoints.KEY, "bus-17"))
                        .isTrue());
        assertThat(checkpoint().paused()).isTrue();
        assertThat(checkpoint().runId()).isEqualTo(RUN);

        given().delete("/replays/bus-17").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(redis.hash(String.class).hexists(ReplayCheckpoints.KEY, "bus-17"))
                        .isFalse());
    }
}
