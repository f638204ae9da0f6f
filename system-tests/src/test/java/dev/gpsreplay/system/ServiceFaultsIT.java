package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * #9.8: the services' own crashes and stops, mid-replay, in the event-driven variant with the packaged
 * jars as processes. query-api is killed -9 (no shutdown: its last batch is written but neither
 * recorded nor committed), then stopped with SIGTERM (graceful); the replayer is stopped with SIGTERM
 * (it delivers what it handed to Kafka and writes its checkpoints) and started again: each file replay
 * goes on where it was, with the same run; then it is killed -9 and started again: each replay goes on
 * from its last checkpoint (at most a second old), and what it sends again the view drops as
 * redeliveries. Each comes back on the same port. At the end the view holds every fix of every track exactly once,
 * in order, and each vehicle's state is its track's last fix: nothing lost, nothing doubled.
 */
class ServiceFaultsIT {

    private static final int VEHICLES = 3;
    private static final int FIXES = 2400;
    /** 2,400 s of track at speed 80: 30 s per replay, time for three faults in one run. */
    private static final String SPEED = "80";
    /** The first fix's time, epoch seconds; one fix a second after it. */
    private static final long FIRST = 1715673600L;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() {
        Collections.reverse(started);
        for (AutoCloseable part : started) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("closing " + part + ": " + e);
            }
        }
    }

    /** The tracks, a Redis and a broker with the fixes topic in three partitions; the services' settings for them. */
    private record Backbone(Path tracks, RedisServer redis, KafkaBroker kafka) {

        Map<String, String> queryApi() {
            return Map.of(
                    "QUARKUS_REDIS_HOSTS",
                    redis.uri(),
                    "QUERY_INGEST",
                    "kafka",
                    "KAFKA_BOOTSTRAP_SERVERS",
                    kafka.bootstrapServers());
        }

        Map<String, String> replayer(String speed) {
            return Map.of(
                    "REPLAY_SINK",
                    "kafka",
                    "KAFKA_BOOTSTRAP_SERVERS",
                    kafka.bootstrapServers(),
                    "REPLAY_SOURCE",
                    tracks.toString(),
                    "REPLAY_SPEED",
                    speed,
                    "REPLAY_LOOP",
                    "false",
                    "QUARKUS_REDIS_HOSTS",
                    redis.uri()); // its checkpoints
        }
    }

    private Backbone backbone() throws IOException {
        Path tracks = Files.createTempDirectory("gps-replay-faults");
        for (int v = 0; v < VEHICLES; v++) {
            Files.writeString(tracks.resolve("fault-" + v + ".csv"), track(v));
        }
        RedisServer redis = RedisServer.start();
        started.add(redis);
        KafkaBroker kafka = KafkaBroker.start();
        started.add(kafka);
        kafka.createTopic("gps-fixes", 3);
        return new Backbone(tracks, redis, kafka);
    }

    @Test
    void killedOrStoppedMidReplayLosesNothingAndDoublesNothing() throws IOException {
        Backbone backbone = backbone();
        ServiceProcess queryApi = ServiceProcess.start("query-api", backbone.queryApi());
        started.add(queryApi::close);
        ServiceProcess replayer = ServiceProcess.start("replayer", backbone.replayer(SPEED));
        started.add(replayer::close);

        awaitProgress(queryApi, 300);
        queryApi.kill();
        queryApi = queryApi.restart();
        started.add(queryApi::close);

        awaitProgress(queryApi, 800);
        assertThat(queryApi.terminate(Duration.ofSeconds(30)))
                .as("query-api exits after SIGTERM")
                .isNotNegative();
        queryApi = queryApi.restart();
        started.add(queryApi::close);

        awaitProgress(queryApi, 1300);
        Map<String, Integer> before = positions(replayer);
        assertThat(replayer.terminate(Duration.ofSeconds(30)))
                .as("the replayer exits after SIGTERM")
                .isNotNegative();
        replayer = replayer.restart();
        started.add(replayer::close);
        Map<String, String> runs = runIds(replayer);
        Map<String, Integer> after = positions(replayer);
        for (String id : before.keySet()) {
            assertThat(after.get(id))
                    .as("%s goes on where it was stopped, not from the start", id)
                    .isGreaterThanOrEqualTo(before.get(id));
        }

        awaitProgress(queryApi, 1800);
        replayer.kill();
        replayer = replayer.restart();
        started.add(replayer::close);
        assertThat(runIds(replayer))
                .as("after kill -9 too, each replay goes on with its run")
                .isEqualTo(runs);
        assertThat(positions(replayer).values())
                .as("from a checkpoint, not from the start")
                .allSatisfy(position -> assertThat(position).isGreaterThan(1300));

        awaitCompleteView(replayer, queryApi);
    }

    @Test
    void startedWhileRedisAndKafkaAreDownTheServicesWaitThenWork() throws Exception {
        Backbone backbone = backbone();
        // their addresses are known, nothing answers on them
        backbone.redis().stop();
        backbone.kafka().kill();
        ServiceProcess queryApi = ServiceProcess.launch("query-api", backbone.queryApi());
        started.add(queryApi::close);
        ServiceProcess replayer = ServiceProcess.launch("replayer", backbone.replayer("400"));
        started.add(replayer::close);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> queryApi.readyStatus() == 503 && replayer.readyStatus() == 503);
        Thread.sleep(3_000); // a while without its dependencies: up, waiting, not ready
        assertThat(queryApi.readyStatus())
                .as("query-api's readiness while Redis and Kafka are down")
                .isEqualTo(503);
        assertThat(replayer.readyStatus())
                .as("the replayer's readiness while Kafka is down")
                .isEqualTo(503);

        backbone.redis().restart();
        backbone.kafka().restart();
        queryApi.awaitReady(Duration.ofSeconds(90));
        replayer.awaitReady(Duration.ofSeconds(90));
        awaitCompleteView(replayer, queryApi);
    }

    /** Waits until the replays have finished and the view holds them; checks every vehicle's history. */
    private static void awaitCompleteView(ServiceProcess replayer, ServiceProcess queryApi) {
        String replayerUri = replayer.baseUri();
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> given().baseUri(replayerUri)
                        .get("/replays")
                        .then()
                        .statusCode(200)
                        .body("state", everyItem(equalTo("FINISHED"))));
        String queryUri = queryApi.baseUri();
        for (int v = 0; v < VEHICLES; v++) {
            String id = "fault-" + v;
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().baseUri(queryUri)
                            .get("/vehicles/" + id + "/state")
                            .then()
                            .statusCode(200)
                            .body("track_position", equalTo(FIXES - 1)));
            List<Long> times = given()
                    .baseUri(queryUri)
                    .queryParam("limit", 10000)
                    .get("/vehicles/" + id + "/track")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("fixes.time", String.class)
                    .stream()
                    .map(t -> Instant.parse(t).getEpochSecond())
                    .toList();
            assertThat(times)
                    .as("%s's history: every fix once, in order", id)
                    .hasSize(FIXES)
                    .isEqualTo(LongStream.range(FIRST, FIRST + FIXES).boxed().toList());
        }
    }

    /** Each vehicle's replay position, once the replayer lists all of them. */
    private static Map<String, Integer> positions(ServiceProcess replayer) {
        return replays(replayer).getMap("collectEntries { [it.vehicle_id, it.position] }");
    }

    private static Map<String, String> runIds(ServiceProcess replayer) {
        return replays(replayer).getMap("collectEntries { [it.vehicle_id, it.run_id] }");
    }

    private static JsonPath replays(ServiceProcess replayer) {
        String uri = replayer.baseUri();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().baseUri(uri)
                        .get("/replays")
                        .then()
                        .statusCode(200)
                        .body("size()", equalTo(VEHICLES)));
        return given().baseUri(uri)
                .get("/replays")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Waits until every vehicle's state in the view is at least {@code position} fixes into its track. */
    private static void awaitProgress(ServiceProcess queryApi, int position) {
        String uri = queryApi.baseUri();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (int v = 0; v < VEHICLES; v++) {
                var response = given().baseUri(uri).get("/vehicles/fault-" + v + "/state");
                if (response.statusCode() != 200 || response.jsonPath().getInt("track_position") < position) {
                    return false;
                }
            }
            return true;
        });
    }

    private static String track(int vehicle) {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude,speed_meters_per_second\n");
        for (int i = 0; i < FIXES; i++) {
            csv.append(FIRST + i)
                    .append(',')
                    .append(-30.0 + vehicle * 0.1 + i * 1e-5)
                    .append(",-51.2,")
                    .append(i % 25)
                    .append('\n');
        }
        return csv.toString();
    }
}
