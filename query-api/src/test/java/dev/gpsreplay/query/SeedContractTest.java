package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The seed's clients decode our average-speed answers exactly as they decoded the seed's: each answer
 * is pinned against a recorded seed answer (src/test/resources/seed-examples) by JSON type, keys and
 * value kinds, with the view written into a real Redis.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class SeedContractTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    VehicleViewWriter writer;

    @Test
    void computeAvgSpeedIsABareFloatLikeTheSeeds() {
        ViewFixtures car = new ViewFixtures(writer, "contract-car");
        car.write(0, 100.0);
        awaitState("contract-car", 100.0f);

        int waiting = pendingWaits(management);
        CompletableFuture<Response> answer =
                CompletableFuture.supplyAsync(() -> given().queryParam("time_window_seconds", "2.5")
                        .queryParam("vehicle_id", "contract-car")
                        .get("/compute_avg_speed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingWaits(management) > waiting);
        car.write(1, 4.0);
        car.write(2, 6.0);
        car.write(3, 50.0); // closes the 2.5 s window; not in it

        Response response = answer.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertSameShape("compute_avg_speed.json", response.asString());
        // float(r.json()) in the seed's client
        assertThat(readTree(response.asString()).asDouble()).isEqualTo(5.0);
    }

    @Test
    void taskEndpointsAnswerTheSeedsIdStringAndStatusObject() {
        ViewFixtures van = new ViewFixtures(writer, "contract-van");
        van.write(0, 1.0);
        awaitState("contract-van", 1.0f);

        Response requested = given().queryParam("time_window_seconds", "1.5")
                .queryParam("vehicle_id", "contract-van")
                .post("/request_to_compute_avg_speed");
        // FastAPI answered a POST with 200
        assertThat(requested.statusCode()).isEqualTo(200);
        assertSameShape("request_to_compute_avg_speed.json", requested.asString());
        String taskId = readTree(requested.asString()).asText();
        assertThat(UUID.fromString(taskId)).hasToString(taskId);

        Response pending = status(taskId);
        assertSameShape("get_avg_speed_task_status.requested.json", pending.asString());
        assertThat(readTree(pending.asString()).get("status").asText()).isIn("REQUESTED", "RUNNING");

        van.write(1, 6.0);
        van.write(2, 9.0); // past the window's end (1.5 s): closes it, not in it
        await().atMost(Duration.ofSeconds(10))
                .until(() -> readTree(status(taskId).asString())
                        .get("status")
                        .asText()
                        .equals("DONE"));
        String done = status(taskId).asString();
        assertSameShape("get_avg_speed_task_status.done.json", done);
        assertThat(readTree(done).get("result").asDouble()).isEqualTo(6.0);
    }

    private static Response status(String taskId) {
        Response response = given().queryParam("task_id", taskId).get("/get_avg_speed_task_status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response;
    }

    /** Requests to the average-speed endpoints waiting now, from the gauge gps_average_waits. */
    static int pendingWaits(URL management) {
        String metrics = given().get(management + "metrics").asString();
        return metrics.lines()
                .filter(l -> l.startsWith("gps_average_waits"))
                .findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElse(0);
    }

    /** Same JSON type as the recorded seed answer; for objects the same keys, each with the same type. */
    static void assertSameShape(String example, String answer) {
        JsonNode expected = readTree(resource(example));
        JsonNode actual = readTree(answer);
        assertThat(actual.getNodeType()).as("JSON type of %s", answer).isEqualTo(expected.getNodeType());
        if (expected.isNumber()) {
            // Python floats print with a point or an exponent; an integer would decode as int
            assertThat(actual.isFloatingPointNumber())
                    .as("%s is a float", answer)
                    .isTrue();
        }
        if (expected.isObject()) {
            List<String> keys = StreamSupport.stream(((Iterable<String>) expected::fieldNames).spliterator(), false)
                    .toList();
            assertThat(actual.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrderElementsOf(keys);
            keys.forEach(key -> {
                JsonNode e = expected.get(key);
                JsonNode a = actual.get(key);
                assertThat(a.getNodeType()).as("type of %s in %s", key, answer).isEqualTo(e.getNodeType());
                if (e.isFloatingPointNumber()) {
                    assertThat(a.isFloatingPointNumber())
                            .as("%s of %s is a float", key, answer)
                            .isTrue();
                }
            });
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = SeedContractTest.class.getResourceAsStream("/seed-examples/" + name)) {
            assertThat(in).as("seed example %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The view has the vehicle's fix; generous, as the first request of a test JVM may wait for the view's load. */
    static void awaitState(String vehicleId, float speed) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().queryParam("vehicle_id", vehicleId)
                        .get("/gps_state")
                        .then()
                        .statusCode(200)
                        .body("speed_meters_per_second", Matchers.equalTo(speed)));
    }
}
