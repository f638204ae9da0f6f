package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.legacy.LegacyFix;
import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.testkit.RedisTestResource;
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

    @Inject
    JsonCodec codec;

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
    void theHotReadsAnswerExactlyTheBytesOfTheFixAndTheStateFromMemory() {
        FixEvent event = new ViewFixtures(writer, "hot-bytes").write(3, 4.25);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/vehicles/hot-bytes/state")
                        .then()
                        .statusCode(200)
                        .body("sequence", equalTo(1)));
        assertThat(given().get("/vehicles/hot-bytes/state")
                        .then()
                        .statusCode(200)
                        .contentType("application/json")
                        .extract()
                        .asString())
                .isEqualTo(codec.encode(VehicleState.of(event)));
        assertThat(given().queryParam("vehicle_id", "hot-bytes")
                        .get("/gps_state")
                        .then()
                        .statusCode(200)
                        .contentType("application/json")
                        .extract()
                        .asString())
                .isEqualTo(codec.encode(LegacyFix.of(event.fix())));
        // what the hot route leaves to the resource: a path id that is not a vehicle id
        given().get("/vehicles/not%20valid/state").then().statusCode(400).contentType("application/problem+json");
        given().get("/vehicles/hot-nobody/state").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void otherOriginsAreStillRefused() {
        new ViewFixtures(writer, "hot-cors").write(0, 1.0); // a vehicle the hot route could answer
        given().header("Origin", "https://elsewhere.example")
                .get("/gps_state")
                .then()
                .statusCode(403);
    }
}
