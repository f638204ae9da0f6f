package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What both variants must answer, end to end with the packaged jars as processes: whole tracks are
 * replayed fast, then query-api's answers are checked against the files themselves. Each variant
 * runs these same checks against the same files, so their answers are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplayedTracksContract {

    private static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    private Path tracks;
    private final List<AutoCloseable> started = new ArrayList<>();
    private Stack stack;
    private ServiceProcess queryApi;
    private ServiceProcess replayer;
    private final Map<String, ExpectedTrack> expected = new LinkedHashMap<>();

    /** The stack of one variant: its dependencies, then query-api, then the replayer replaying {@code tracks}. */
    abstract Stack start(Path tracks, List<AutoCloseable> started);

    /** The two services of a started stack. */
    record Stack(ServiceProcess queryApi, ServiceProcess replayer) {}

    /**
     * The event-driven variant without its replayers: Redis, a broker with the fixes topic in three
     * partitions, and two query-api instances consuming it in one group into that Redis.
     */
    record EventDriven(
            ServiceProcess queryApi, ServiceProcess secondQueryApi, String bootstrapServers, String redisUri) {

        static EventDriven start(List<AutoCloseable> started) {
            RedisServer redis = RedisServer.start();
            started.add(redis);
            KafkaBroker kafka = KafkaBroker.start();
            started.add(kafka);
            kafka.createTopic("gps-fixes", 3);
            Map<String, String> queryEnv = Map.of(
                    "QUARKUS_REDIS_HOSTS",
                    redis.uri(),
                    "QUERY_INGEST",
                    "kafka",
                    "KAFKA_BOOTSTRAP_SERVERS",
                    kafka.bootstrapServers());
            ServiceProcess queryApi = ServiceProcess.start("query-api", queryEnv);
            started.add(queryApi);
            ServiceProcess second = ServiceProcess.start("query-api", queryEnv);
            started.add(second);
            return new EventDriven(queryApi, second, kafka.bootstrapServers(), redis.uri());
        }

        /** A replayer of {@code tracks} to this broker, fast and once, with {@code extra} settings. */
        ServiceProcess startReplayer(Path tracks, List<AutoCloseable> started, Map<String, String> extra) {
            // the replayer publishes to Kafka; Redis only holds its checkpoints
            Map<String, String> env = new HashMap<>(Map.of(
                    "REPLAY_SINK",
                    "kafka",
                    "KAFKA_BOOTSTRAP_SERVERS",
                    bootstrapServers,
                    "REPLAY_SOURCE",
                    tracks.toString(),
                    "REPLAY_SPEED",
                    "2000",
                    "REPLAY_LOOP",
                    "false",
                    "QUARKUS_REDIS_HOSTS",
                    redisUri));
            env.putAll(extra);
            ServiceProcess replayer = ServiceProcess.start("replayer", env);
            started.add(replayer);
            return replayer;
        }
    }

    @BeforeAll
    void startStack() throws IOException {
        tracks = Files.createTempDirectory("gps-replay-tracks");
        copy(Path.of(System.getProperty("gpsreplay.data.dir"), "bus-17.csv"));
        copy(Path.of(System.getProperty("gpsreplay.data.dir"), "taxi-42.csv"));
        Path real = Path.of(System.getProperty("gpsreplay.shared.dir"), "data", "dataset_gps.csv");
        if (Files.isRegularFile(real)) { // the real drive lives outside the repo; used where present
            copy(real);
        }
        stack = start(tracks, started);
        queryApi = stack.queryApi();
        replayer = stack.replayer();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().baseUri(replayer.baseUri())
                        .get("/replays")
                        .then()
                        .statusCode(200)
                        .body("state", everyItem(equalTo("FINISHED"))));
        // the view may trail the replay (Kafka in between): wait until each vehicle's last fix is in
        for (var entry : expected.entrySet()) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().baseUri(queryApi.baseUri())
                            .get("/vehicles/" + entry.getKey() + "/state")
                            .then()
                            .statusCode(200)
                            .body(
                                    "track_position",
                                    equalTo(entry.getValue().rows().size() - 1)));
        }
    }

    /** The running stack, for a variant's own checks. */
    Stack stack() {
        return stack;
    }

    /** The vehicles the stack replays: one per track file. */
    Set<String> expectedVehicles() {
        return expected.keySet();
    }

    @AfterAll
    void stopStack() {
        Collections.reverse(started);
        for (AutoCloseable part : started) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + part + ": " + e);
            }
        }
    }

    @Test
    void everyFixOfEveryTrackIsInTheViewInOrder() {
        for (var entry : expected.entrySet()) {
            ExpectedTrack track = entry.getValue();
            JsonPath page = given().config(DOUBLES)
                    .baseUri(queryApi.baseUri())
                    .queryParam("limit", 10000)
                    .get("/vehicles/" + entry.getKey() + "/track")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(page.getInt("count"))
                    .as(entry.getKey())
                    .isEqualTo(track.rows().size());
            List<String> times = page.getList("fixes.time");
            List<Double> latitudes = page.getList("fixes.latitude", Double.class);
            List<Double> speeds = page.getList("fixes.speed_meters_per_second", Double.class);
            for (int i = 0; i < track.rows().size(); i++) {
                ExpectedTrack.Row row = track.rows().get(i);
                assertThat(Instant.parse(times.get(i)).toEpochMilli()).isEqualTo(row.epochMillis());
                assertThat(latitudes.get(i)).isEqualTo(row.latitude());
                assertThat(speeds.get(i)).isEqualTo(row.speed());
            }
        }
    }

    @Test
    void gpsStateIsEachTracksLastRow() {
        for (var entry : expected.entrySet()) {
            JsonPath state = given().config(DOUBLES)
                    .baseUri(queryApi.baseUri())
                    .queryParam("vehicle_id", entry.getKey())
                    .get("/gps_state")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            ExpectedTrack.Row last = entry.getValue().last();
            assertThat(state.getDouble("latitude")).isEqualTo(last.latitude());
            assertThat(state.getDouble("longitude")).isEqualTo(last.longitude());
            assertThat(state.getDouble("speed_meters_per_second")).isEqualTo(last.speed());
            assertThat(Math.round(state.getDouble("timestamp") * 1000)).isEqualTo(last.epochMillis());
        }
        List<String> vehicles = given().baseUri(queryApi.baseUri())
                .get("/vehicles")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("vehicle_id");
        assertThat(vehicles).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void statsMatchWhatTheFileSays() {
        for (var entry : expected.entrySet()) {
            ExpectedTrack track = entry.getValue();
            for (int window : new int[] {10, 60, 300}) {
                long to = track.last().epochMillis();
                List<ExpectedTrack.Row> rows = track.between(to - window * 1000L, to);
                JsonPath stats = given().config(DOUBLES)
                        .baseUri(queryApi.baseUri())
                        .queryParam("window_seconds", window)
                        .get("/vehicles/" + entry.getKey() + "/stats")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                String what = entry.getKey() + " over " + window + " s";
                assertThat(stats.getInt("fixes")).as(what).isEqualTo(rows.size());
                assertThat(stats.getDouble("average_speed_meters_per_second"))
                        .as(what)
                        .isCloseTo(ExpectedTrack.meanSpeed(rows), within(1e-9));
                assertThat(stats.getDouble("max_speed_meters_per_second"))
                        .as(what)
                        .isEqualTo(ExpectedTrack.maxSpeed(rows));
                assertThat(stats.getDouble("distance_meters"))
                        .as(what)
                        .isCloseTo(ExpectedTrack.distance(rows), within(1e-6));
                assertThat(stats.getDouble("moving_time_seconds"))
                        .as(what)
                        .isCloseTo(ExpectedTrack.movingSeconds(rows, 0.5), within(1e-9));
            }
        }
    }

    private void copy(Path file) throws IOException {
        Files.copy(file, tracks.resolve(file.getFileName()));
        String name = file.getFileName().toString();
        expected.put(name.substring(0, name.lastIndexOf('.')), ExpectedTrack.read(file));
    }
}
