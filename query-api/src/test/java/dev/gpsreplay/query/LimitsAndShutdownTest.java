package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The limits on what callers hold open (waits, tasks, streams: 429 with Retry-After past each), then
 * a graceful shutdown: the waiting request answers 503, the running task ends FAILED in Redis, the
 * stream completes. Tiny limits, and an application instance of its own, which the shutdown ends.
 */
@QuarkusTest
@TestProfile(LimitsAndShutdownTest.TightLimits.class)
@WithTestResource(RedisTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsAndShutdownTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    /** One wait, one task, two streams. */
    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query.max-pending-waits", "1", "query.max-running-tasks", "1", "query.max-stream-clients", "2");
        }
    }

    private static final String VAN = "limits-van";

    @Inject
    VehicleViewWriter writer;

    @Inject
    Event<ShutdownDelayInitiatedEvent> preShutdown;

    @TestHTTPResource("/")
    URI base;

    @Test
    @Order(1)
    void streamsBeyondTheLimitAre429WithRetryAfter() {
        new ViewFixtures(writer, VAN).write(0, 1.0);
        SeedContractTest.awaitState(VAN, 1.0f);
        try (SseClient first = SseClient.open(base.resolve("stream"));
                SseClient second = SseClient.open(base.resolve("vehicles/" + VAN + "/stream"))) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            // (opened as streams, so that a missing limit fails the test instead of hanging it)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> refusedStream("stream"));
            refusedStream("vehicles/" + VAN + "/stream");
        }
        // the places are given back when clients leave
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (SseClient again = SseClient.open(base.resolve("stream"))) {
                assertThat(again.status()).isEqualTo(200);
            }
        });
    }

    @Test
    @Order(2)
    void waitsAndTasksBeyondTheLimitAre429ThenShutdownEndsThemCleanly() {
        new ViewFixtures(writer, VAN).write(0, 1.0);
        SeedContractTest.awaitState(VAN, 1.0f);

        Response task = given().queryParam("window_seconds", "30").post("/vehicles/" + VAN + "/average-speed-tasks");
        task.then().statusCode(202);
        String taskId = task.jsonPath().getString("task_id");
        tooMany(given().queryParam("time_window_seconds", "30")
                .queryParam("vehicle_id", VAN)
                .post("/request_to_compute_avg_speed"));

        CompletableFuture<Response> waiting =
                CompletableFuture.supplyAsync(() -> given().queryParam("time_window_seconds", "30")
                        .queryParam("vehicle_id", VAN)
                        .get("/compute_avg_speed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> SeedContractTest.pendingWaits(management) == 1);
        tooMany(given().queryParam("window_seconds", "30").get("/vehicles/" + VAN + "/average-speed"));

        try (SseClient stream = SseClient.open(base.resolve("vehicles/" + VAN + "/stream"))) {
            assertThat(stream.nextEvent(Duration.ofSeconds(10)).name()).isEqualTo("fix");

            preShutdown.fire(new ShutdownDelayInitiatedEvent()); // what Quarkus fires first on SIGTERM

            Response answer = waiting.orTimeout(10, TimeUnit.SECONDS).join();
            answer.then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", Matchers.notNullValue())
                    .body("detail", containsString("shutting down"));
            given().get("/tasks/" + taskId)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("error", containsString("shutting down"));
            given().queryParam("task_id", taskId)
                    .get("/get_avg_speed_task_status")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("result", nullValue());
            String last;
            do {
                last = stream.next(Duration.ofSeconds(10)).comment();
            } while (!"closed: end of stream".equals(last));
        }
    }

    private void refusedStream(String path) {
        try (SseClient refused = SseClient.open(base.resolve(path))) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
    }

    private static void tooMany(Response response) {
        response.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", Matchers.matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429));
    }
}
