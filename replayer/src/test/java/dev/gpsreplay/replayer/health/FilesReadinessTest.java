package dev.gpsreplay.replayer.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.gpsreplay.testsupport.Processes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replayer is ready only once its files play. With checkpoints on, they wait for Redis to read
 * them: here Redis is a loopback port where nothing listens, so the files start only when the
 * 10 s wait is over. Until then readiness is DOWN on "replay files" (the log sink needs nothing, so
 * that is the only reason), and {@code GET /replays} lists none; then it is UP and bus-17 plays.
 */
@QuarkusTest
@TestProfile(FilesReadinessTest.CheckpointsWithoutRedis.class)
class FilesReadinessTest {

    public static class CheckpointsWithoutRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink", "log",
                    "replay.checkpoint.enabled", "true",
                    "replay.checkpoint.startup-wait", "10s",
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + Processes.freePorts(1)[0]);
        }
    }

    @TestHTTPResource(management = true)
    URL management;

    @Test
    void notReadyUntilTheFilesPlay() {
        given().get(management + "health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'replay sink' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'replay files' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'replay files' }.data.state", equalTo("starting"))
                .body("checks.find { it.name == 'replay files' }.data.source", endsWith("bus-17.csv"));
        given().get("/replays").then().statusCode(200).body("size()", equalTo(0));

        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(200)
                        .body("checks.find { it.name == 'replay files' }.data.state", equalTo("started")));
        given().get("/replays").then().statusCode(200).body("vehicle_id", hasItem("bus-17"));
    }
}
