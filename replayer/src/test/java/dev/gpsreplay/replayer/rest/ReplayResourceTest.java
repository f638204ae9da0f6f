package dev.gpsreplay.replayer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The control API, with the sample bus replaying into a real Redis. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ReplayResourceTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final String UPLOAD = """
            timestamp,latitude,longitude,elevation,speed_meters_per_second
            1577218887.999,-27.71784157,-51.09886587,984.2,1.0
            1577218888.999,-27.71784152,-51.09886576,984.3,2.0
            not-a-time,-27.71784152,-51.09886576,984.3,2.0
            1577218889.999,-27.71784157,-51.09886577,984.4,3.0
            1577218890.999,95.0,-51.09886577,984.4,3.0
            """;

    @Inject
    VehicleViewReader view;

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        for (String path : List.of("/q/health", "/q/health/ready", "/q/health/live", "/q/metrics")) {
            given().get(path).then().statusCode(404);
        }
        given().get(management + "health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get(management + "metrics").then().statusCode(200).body(containsString("# TYPE"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get(management + "swagger-ui/").then().statusCode(404);
    }

    @Test
    void theConfiguredTrackReplaysIntoRedis() {
        given().get("/replays").then().statusCode(200).body("vehicle_id", hasItem("bus-17"));
        given().get("/replays/bus-17")
                .then()
                .statusCode(200)
                .body("source", containsString("bus-17.csv"))
                .body("total", equalTo(872))
                .body("rows_rejected", equalTo(0))
                .body("speed", equalTo(1.0f));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Optional<FixEvent> state = view.state("bus-17").await().atMost(Duration.ofSeconds(2));
            assertThat(state).isPresent();
            assertThat(state.get().trackSize()).isEqualTo(872);
        });
        given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void pauseResumeSpeedAndSeek() {
        given().post("/replays/bus-17/pause").then().statusCode(200).body("state", equalTo("PAUSED"));
        int pausedAt = given().get("/replays/bus-17").then().extract().path("position");
        given().post("/replays/bus-17/seek?position=500")
                .then()
                .statusCode(200)
                .body("position", equalTo(500))
                .body("state", equalTo("PAUSED"));
        assertThat(pausedAt).isLessThan(500);

        given().put("/replays/bus-17/speed?factor=50").then().statusCode(200).body("speed", equalTo(50.0f));
        given().post("/replays/bus-17/resume").then().statusCode(200).body("state", equalTo("PLAYING"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/replays/bus-17").then().body("position", greaterThan(505)));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(view.state("bus-17")
                                .await()
                                .atMost(Duration.ofSeconds(2))
                                .orElseThrow()
                                .trackPosition())
                        .isGreaterThanOrEqualTo(500));
        given().put("/replays/bus-17/speed?factor=1").then().statusCode(200);
    }

    @Test
    void badControlParametersAre400Problems() {
        given().put("/replays/bus-17/speed?factor=fast")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("factor"));
        given().put("/replays/bus-17/speed?factor=0").then().statusCode(400);
        given().put("/replays/bus-17/speed?factor=-2").then().statusCode(400);
        given().put("/replays/bus-17/speed?factor=NaN").then().statusCode(400);
        given().put("/replays/bus-17/speed").then().statusCode(400);
        given().post("/replays/bus-17/seek?position=872")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("0 and 871"));
        given().post("/replays/bus-17/seek?position=x").then().statusCode(400);
    }

    @Test
    void unknownVehicleIs404() {
        for (String path : List.of("/replays/ghost/pause", "/replays/ghost/resume", "/replays/ghost/seek?position=1")) {
            given().post(path).then().statusCode(404).contentType("application/problem+json");
        }
        given().get("/replays/ghost").then().statusCode(404);
    }

    @Test
    void uploadedTrackReplaysWithItsBadRowsCounted() {
        given().contentType("text/csv")
                .body(UPLOAD)
                .post("/replays?vehicle_id=upload-ok&speed=100&loop=false")
                .then()
                .statusCode(201)
                .header("Location", containsString("/replays/upload-ok"))
                .body("speed", equalTo(100.0f))
                .body("loop", equalTo(false))
                .body("vehicle_id", equalTo("upload-ok"))
                .body("total", equalTo(3))
                .body("rows_rejected", equalTo(2))
                .body("source", equalTo("upload"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(view.track("upload-ok", 0, Long.MAX_VALUE, 100)
                                .await()
                                .atMost(Duration.ofSeconds(2)))
                        .hasSize(3));

        String metrics = given().get(management + "metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .containsPattern("gps_replay_rows_rejected_total\\{reason=\"not_a_number\"[^}]*} [1-9]")
                .containsPattern("gps_replay_rows_rejected_total\\{reason=\"out_of_range\"[^}]*} [1-9]")
                .contains("gps_replay_schedule_lateness_seconds_bucket")
                .containsPattern("gps_replay_schedule_lateness_seconds_bucket\\{[^}]*le=\"0.005\"")
                // a total, not a series per vehicle (replay.metrics.per-vehicle=false)
                .containsPattern("gps_replay_fixes_emitted_total(\\{[^}]*})? [1-9]")
                .doesNotContain("vehicle=\"upload-ok\"");

        given().contentType("text/csv")
                .body(UPLOAD)
                .post("/replays?vehicle_id=upload-ok")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().delete("/replays/upload-ok").then().statusCode(200);
        given().get("/replays/upload-ok").then().statusCode(404);
    }

    @Test
    void uploadWithNoUsableRowIsA400ListingTheRows() {
        String bad = """
                timestamp,latitude,longitude
                1577218887.999,91.5,-51.1
                1577218888.999,-27.7,abc
                """;
        given().contentType("text/csv")
                .body(bad)
                .post("/replays?vehicle_id=upload-bad")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("line 2", "line 3")))
                .body("errors[0].reason", containsString("latitude"))
                .body("errors[1].reason", containsString("longitude"));
        given().contentType("text/csv")
                .body(UPLOAD)
                .post("/replays?vehicle_id=bad%20id")
                .then()
                .statusCode(400);
        given().contentType("text/csv")
                .body(UPLOAD)
                .post("/replays?vehicle_id=upload-x&speed=0")
                .then()
                .statusCode(400);
        given().contentType("text/csv")
                .body(UPLOAD)
                .post("/replays?vehicle_id=upload-x&loop=maybe")
                .then()
                .statusCode(400)
                .body("detail", containsString("loop"));
        given().contentType("text/csv").body(UPLOAD).post("/replays").then().statusCode(400);
        given().get("/replays/upload-bad").then().statusCode(404);
    }
}
