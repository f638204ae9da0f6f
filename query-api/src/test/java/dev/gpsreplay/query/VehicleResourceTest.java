package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.domain.Geodesy;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import org.assertj.core.data.Offset;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The resource API against a real Redis view. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class VehicleResourceTest {

    @Inject
    VehicleViewWriter writer;

    @Test
    void listsVehiclesWithTheirLatestFix() {
        ViewFixtures a = new ViewFixtures(writer, "res-list-a");
        a.write(0, 1.0);
        a.write(1, 2.0);
        new ViewFixtures(writer, "res-list-b").write(0, 3.0);
        SeedEndpointsTest.awaitState("res-list-b", 3.0f);
        SeedEndpointsTest.awaitState("res-list-a", 2.0f);

        given().get("/vehicles")
                .then()
                .statusCode(200)
                .body("vehicle_id", hasItem("res-list-a"))
                .body("find { it.vehicle_id == 'res-list-a' }.fix.speed_meters_per_second", equalTo(2.0f))
                .body("find { it.vehicle_id == 'res-list-a' }.fix.time", equalTo("2019-12-24T20:21:28.999Z"))
                .body("find { it.vehicle_id == 'res-list-a' }.sequence", equalTo(2));
        given().get("/vehicles/res-list-b/state")
                .then()
                .statusCode(200)
                .body("vehicle_id", equalTo("res-list-b"))
                .body("fix.elevation_meters", equalTo(984.0f));
    }

    @Test
    void trackIsInTimeOrderAndFilteredByTimeAndLimit() {
        ViewFixtures bus = new ViewFixtures(writer, "res-track");
        for (int i = 0; i < 10; i++) {
            bus.write(i, i);
        }
        SeedEndpointsTest.awaitState("res-track", 9.0f);

        List<String> times = given().get("/vehicles/res-track/track")
                .then()
                .statusCode(200)
                .body("count", equalTo(10))
                .extract()
                .jsonPath()
                .getList("fixes.time");
        assertThat(times).hasSize(10).isSorted();

        given().queryParam("from", "2019-12-24T20:21:29.999Z")
                .queryParam("to", "2019-12-24T20:21:32.999Z")
                .get("/vehicles/res-track/track")
                .then()
                .statusCode(200)
                .body("count", equalTo(4))
                .body("fixes[0].time", equalTo("2019-12-24T20:21:29.999Z"));
        given().queryParam("limit", 3)
                .get("/vehicles/res-track/track")
                .then()
                .statusCode(200)
                .body("count", equalTo(3))
                .body("fixes[2].speed_meters_per_second", equalTo(2.0f));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        ViewFixtures bus = new ViewFixtures(writer, "res-idempotent");
        var first = bus.write(0, 1.0);
        bus.write(1, 2.0);
        // the first event again, as Kafka may redeliver it: neither state nor history changes
        assertThat(writer.apply(first).await().indefinitely()).isFalse();
        SeedEndpointsTest.awaitState("res-idempotent", 2.0f);
        given().get("/vehicles/res-idempotent/track").then().body("count", equalTo(2));
    }

    @Test
    void statsCoverTheLastWindowUpToTheCurrentFix() {
        ViewFixtures car = new ViewFixtures(writer, "res-stats");
        double[] speeds = {0.0, 0.2, 5.0, 7.0, 9.0, 11.0};
        for (int i = 0; i < speeds.length; i++) {
            car.write(i, speeds[i]);
        }
        SeedEndpointsTest.awaitState("res-stats", 11.0f);

        JsonPath stats = given().queryParam("window_seconds", 3)
                .get("/vehicles/res-stats/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // window [2 s, 5 s]: fixes 2..5
        assertThat(stats.getInt("fixes")).isEqualTo(4);
        assertThat(stats.getDouble("average_speed_meters_per_second")).isEqualTo(8.0);
        assertThat(stats.getDouble("max_speed_meters_per_second")).isEqualTo(11.0);
        assertThat(stats.getDouble("moving_time_seconds")).isEqualTo(3.0);
        double expected = 0;
        for (int i = 3; i <= 5; i++) {
            var a = ViewFixtures.fix(i - 1, 0);
            var b = ViewFixtures.fix(i, 0);
            expected += Geodesy.distanceMeters(a.latitude(), a.longitude(), b.latitude(), b.longitude());
        }
        assertThat(stats.getDouble("distance_meters"))
                .isCloseTo(expected, Offset.offset(1e-3)); // JsonPath reads floats
        assertThat(stats.getString("from")).isEqualTo("2019-12-24T20:21:29.999Z");
        assertThat(stats.getString("to")).isEqualTo("2019-12-24T20:21:32.999Z");
    }

    @Test
    void badParametersAre400Problems() {
        new ViewFixtures(writer, "res-bad").write(0, 1.0);
        SeedEndpointsTest.awaitState("res-bad", 1.0f);
        given().queryParam("window_seconds", "x")
                .get("/vehicles/res-bad/stats")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get("/vehicles/res-bad/stats").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("window_seconds", -1)
                .get("/vehicles/res-bad/stats")
                .then()
                .statusCode(400);
        given().queryParam("from", "yesterday")
                .get("/vehicles/res-bad/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", Matchers.containsString("from"));
        given().queryParam("from", "2020-01-01T00:00:00Z")
                .queryParam("to", "2019-01-01T00:00:00Z")
                .get("/vehicles/res-bad/track")
                .then()
                .statusCode(400);
        given().queryParam("limit", 0).get("/vehicles/res-bad/track").then().statusCode(400);
        given().queryParam("limit", 10_000_000)
                .get("/vehicles/res-bad/track")
                .then()
                .statusCode(400);
    }

    @Test
    void unknownVehicleIsA404Problem() {
        for (String path :
                new String[] {"/vehicles/ghost/state", "/vehicles/ghost/track", "/vehicles/ghost/stats?window_seconds=5"
                }) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404));
        }
    }

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

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
    void openApiDocumentsEveryEndpointWithUnits() {
        JsonPath api = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(api.getMap("paths"))
                .containsKeys(
                        "/gps_state",
                        "/compute_avg_speed",
                        "/request_to_compute_avg_speed",
                        "/get_avg_speed_task_status",
                        "/vehicles",
                        "/vehicles/{vehicle_id}/state",
                        "/vehicles/{vehicle_id}/track",
                        "/vehicles/{vehicle_id}/stats");
        assertThat(api.getString("components.schemas.WindowStats.properties.distance_meters.description"))
                .contains("metres");
        assertThat(api.getString("components.schemas.LegacyFix.properties.speed_meters_per_second.description"))
                .contains("metres per second");
        // the one fix model, GpsFix, is documented under its API name, with the unit in each name
        assertThat(api.getMap("components.schemas.Fix.properties"))
                .containsKeys(
                        "time", "elevation_meters", "accuracy_meters", "bearing_degrees", "speed_meters_per_second")
                .doesNotContainKeys("timestamp", "elevation", "speed");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
