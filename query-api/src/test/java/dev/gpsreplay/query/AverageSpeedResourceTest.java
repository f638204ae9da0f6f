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
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The resource API's average speed and tasks: the detailed answers beside the seed's bare ones. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class AverageSpeedResourceTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    @Inject
    VehicleViewWriter writer;

    @Test
    void averageSpeedAnswersTheWindowInDetail() {
        ViewFixtures car = new ViewFixtures(writer, "rich-avg-car");
        car.write(0, 100.0);
        SeedContractTest.awaitState("rich-avg-car", 100.0f);

        int waiting = SeedContractTest.pendingWaits(management);
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> given().queryParam("window_seconds", "2.5").get("/vehicles/rich-avg-car/average-speed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> SeedContractTest.pendingWaits(management) > waiting);
        car.write(1, 2.0);
        car.write(2, 4.0);
        car.write(3, 9.0); // past 2.5 s: closes the window, not in it

        Response response = answer.orTimeout(10, TimeUnit.SECONDS).join();
        response.then().statusCode(200);
        JsonPath result = response.jsonPath();
        assertThat(result.getString("vehicle_id")).isEqualTo("rich-avg-car");
        assertThat(result.getDouble("window_seconds")).isEqualTo(2.5);
        assertThat(result.getInt("fixes")).isEqualTo(2);
        assertThat(result.getDouble("average_speed_meters_per_second")).isEqualTo(3.0);
        // epoch seconds with their milliseconds, never rounded nor in exponent notation
        assertThat(response.asString())
                .contains("\"from_timestamp\":1577218887.999", "\"to_timestamp\":1577218890.499");
    }

    @Test
    void aWindowShorterThanTheFixIntervalAveragesTheFixInForce() {
        ViewFixtures bike = new ViewFixtures(writer, "rich-short-window");
        bike.write(0, 7.5);
        SeedContractTest.awaitState("rich-short-window", 7.5f);

        int waiting = SeedContractTest.pendingWaits(management);
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> given().queryParam("window_seconds", "0.5").get("/vehicles/rich-short-window/average-speed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> SeedContractTest.pendingWaits(management) > waiting);
        bike.write(1, 3.0); // one second later: past the window, which holds no fix

        JsonPath result = answer.orTimeout(10, TimeUnit.SECONDS)
                .join()
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(result.getInt("fixes")).isZero();
        assertThat(result.getDouble("average_speed_meters_per_second")).isEqualTo(7.5);
    }

    @Test
    void taskIsAcceptedWithItsLocationAndEndsDone() {
        ViewFixtures van = new ViewFixtures(writer, "rich-task-van");
        van.write(0, 1.0);
        SeedContractTest.awaitState("rich-task-van", 1.0f);

        Response accepted =
                given().queryParam("window_seconds", "2").post("/vehicles/rich-task-van/average-speed-tasks");
        accepted.then()
                .statusCode(202)
                .body("status", equalTo("REQUESTED"))
                .body("result", nullValue())
                .body("vehicle_id", equalTo("rich-task-van"))
                .body("window_seconds", equalTo(2.0f));
        String taskId = accepted.jsonPath().getString("task_id");
        assertThat(accepted.header("Location")).endsWith("/tasks/" + taskId);

        van.write(1, 6.0);
        van.write(2, 8.0);
        van.write(3, 1.0);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get(accepted.header("Location"))
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("DONE"))
                        .body("result.average_speed_meters_per_second", equalTo(7.0f))
                        .body("result.fixes", equalTo(2)));
        // the seed endpoint reports the same task in its shape
        given().queryParam("task_id", taskId)
                .get("/get_avg_speed_task_status")
                .then()
                .statusCode(200)
                .body("status", equalTo("DONE"))
                .body("result", equalTo(7.0f));
    }

    @Test
    void badRequestsAreProblems() {
        new ViewFixtures(writer, "rich-bad").write(0, 1.0);
        SeedContractTest.awaitState("rich-bad", 1.0f);
        for (String window : new String[] {"", "0", "-1", "NaN", "1e309", "86401", "abc"}) {
            given().queryParam("window_seconds", window)
                    .get("/vehicles/rich-bad/average-speed")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
            given().queryParam("window_seconds", window)
                    .post("/vehicles/rich-bad/average-speed-tasks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().queryParam("window_seconds", 1)
                .get("/vehicles/no-such-car/average-speed")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/tasks/0f8fad5b-d9cb-469f-a165-70867728950e")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/tasks/not-a-task").then().statusCode(400).contentType("application/problem+json");
    }
}
