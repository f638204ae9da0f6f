package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testsupport.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /gps_state}, the hot read: the fix from memory (named or the latest vehicle's), problems
 * for a bad or unknown vehicle, and behind the platform's edges (CORS closed to other origins).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class GpsStateTest {

    @Inject
    VehicleViewWriter writer;

    @Test
    void answersTheFixOrAProblem() {
        ViewFixtures car = new ViewFixtures(writer, "hot-car");
        car.write(0, 7.5);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().queryParam("vehicle_id", "hot-car")
                        .get("/gps_state")
                        .then()
                        .statusCode(200)
                        .contentType("application/json")
                        .body("speed_meters_per_second", equalTo(7.5f)));
        // the latest vehicle, no parameter
        given().get("/gps_state").then().statusCode(200).contentType("application/json");

        given().queryParam("vehicle_id", "not a valid id!")
                .get("/gps_state")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
        given().queryParam("vehicle_id", "hot-nobody")
                .get("/gps_state")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("vehicle_id", "hot-car")
                .queryParam("vehicle_id", "hot-nobody")
                .get("/gps_state")
                .then()
                .statusCode(lessThan(500));
    }

    @Test
    void otherOriginsAreStillRefused() {
        given().header("Origin", "https://elsewhere.example")
                .get("/gps_state")
                .then()
                .statusCode(403);
    }
}
