package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed system's endpoints against a real Redis view. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class SeedEndpointsTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    @Inject
    VehicleViewWriter writer;

    @Test
    void gpsStateIsTheLatestFixInTheSeedModel() {
        ViewFixtures bus = new ViewFixtures(writer, "seed-state-bus");
        bus.write(0, 3.0);
        bus.write(1, 4.5);
        awaitState("seed-state-bus", 4.5f);

        Map<String, Object> state = given().queryParam("vehicle_id", "seed-state-bus")
                .get("/gps_state")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(state)
                .containsOnlyKeys(
                        "timestamp",
                        "latitude",
                        "longitude",
                        "elevation",
                        "accuracy",
                        "bearing",
                        "speed_meters_per_second",
                        "satellites",
                        "hdop",
                        "vdop",
                        "pdop",
                        "distance_meters",
                        "elapsed_time_seconds");
        // the seed printed epoch seconds with a fraction, never in exponent notation
        String body = given().queryParam("vehicle_id", "seed-state-bus")
                .get("/gps_state")
                .asString();
        assertThat(body).contains("\"timestamp\":1577218888.999");
    }

    @Test
    void gpsStateWithoutVehicleIsTheMostRecentlyUpdatedVehicle() {
        new ViewFixtures(writer, "seed-older").write(0, 1.0);
        ViewFixtures newer = new ViewFixtures(writer, "seed-newer");
        newer.write(0, 7.25);
        awaitState("seed-newer", 7.25f);

        given().get("/gps_state").then().statusCode(200).body("speed_meters_per_second", equalTo(7.25f));
    }

    @Test
    void unknownVehicleIsA404Problem() {
        given().queryParam("vehicle_id", "no-such-vehicle")
                .get("/gps_state")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("instance", equalTo("/gps_state"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "abc",
                "-5",
                "0",
                "0.0",
                "-0",
                "NaN",
                "Infinity",
                "1e309",
                "0x1p3",
                "10d",
                "86400.001",
                "99999999999",
                "10; DROP"
            })
    void badWindowIsA400Problem(String window) {
        new ViewFixtures(writer, "seed-bad-window").write(0, 1.0);
        for (String path : new String[] {"/compute_avg_speed", "/request_to_compute_avg_speed"}) {
            var request = given().queryParam("time_window_seconds", window).queryParam("vehicle_id", "seed-bad-window");
            var response = path.startsWith("/request") ? request.post(path) : request.get(path);
            response.then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", Matchers.containsString("time_window_seconds"));
        }
    }

    @Test
    void missingWindowIsA400Problem() {
        given().get("/compute_avg_speed")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("time_window_seconds is required"));
    }

    @Test
    void invalidVehicleIdIsA400Problem() {
        given().queryParam("vehicle_id", "../etc/passwd")
                .get("/gps_state")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "1", "0.001", "1e1", "86400"})
    void decimalWindowsAreAcceptedAsTheSeedDid(String window) {
        new ViewFixtures(writer, "seed-float-window").write(0, 1.0);
        awaitState("seed-float-window", 1.0f);
        given().queryParam("time_window_seconds", window)
                .queryParam("vehicle_id", "seed-float-window")
                .post("/request_to_compute_avg_speed")
                .then()
                .statusCode(200)
                .contentType("application/json");
    }

    @Test
    void computeAvgSpeedAveragesTheNextWindowOnceItCloses() {
        ViewFixtures car = new ViewFixtures(writer, "seed-avg-car");
        car.write(0, 100.0); // the current fix: before the window, not in it
        awaitState("seed-avg-car", 100.0f);

        int waiting = SeedContractTest.pendingWaits(management);
        CompletableFuture<String> answer =
                CompletableFuture.supplyAsync(() -> given().queryParam("time_window_seconds", 3)
                        .queryParam("vehicle_id", "seed-avg-car")
                        .get("/compute_avg_speed")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        await().atMost(Duration.ofSeconds(10)).until(() -> SeedContractTest.pendingWaits(management) > waiting);
        car.write(1, 2.0);
        car.write(2, 4.0);
        assertThat(answer).isNotDone();
        car.write(3, 9.0); // t0 + 3 s closes the window (inclusive)
        car.write(4, 50.0); // after the window

        assertThat(answer.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("5.0");
    }

    @Test
    void averageSpeedTaskGoesFromRequestedToDone() {
        ViewFixtures van = new ViewFixtures(writer, "seed-task-van");
        van.write(0, 1.0);
        awaitState("seed-task-van", 1.0f);

        String taskId = given().queryParam("time_window_seconds", 2)
                .queryParam("vehicle_id", "seed-task-van")
                .post("/request_to_compute_avg_speed")
                .then()
                .statusCode(200)
                .extract()
                .as(String.class);

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().queryParam("task_id", taskId)
                        .get("/get_avg_speed_task_status")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("RUNNING"))
                        .body("result", nullValue()));

        van.write(1, 6.0);
        van.write(2, 8.0);
        van.write(3, 1.0);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().queryParam("task_id", taskId)
                        .get("/get_avg_speed_task_status")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("DONE"))
                        .body("result", equalTo(7.0f)));
        String metrics = given().get(management + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String status : new String[] {"REQUESTED", "RUNNING", "DONE"}) {
            assertThat(metrics).containsPattern("gps_tasks_total\\{status=\"" + status + "\"[^}]*} [1-9]");
        }
        assertThat(metrics).contains("gps_view_update_latency_seconds_count");
    }

    @Test
    void unknownTaskIsA404AndAMalformedOneA400() {
        given().queryParam("task_id", "0f8fad5b-d9cb-469f-a165-70867728950e")
                .get("/get_avg_speed_task_status")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("task_id", "nope")
                .get("/get_avg_speed_task_status")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/get_avg_speed_task_status").then().statusCode(400).contentType("application/problem+json");
    }

    static void awaitState(String vehicleId, float speed) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().queryParam("vehicle_id", vehicleId)
                        .get("/gps_state")
                        .then()
                        .statusCode(200)
                        .body("speed_meters_per_second", equalTo(speed)));
    }
}
