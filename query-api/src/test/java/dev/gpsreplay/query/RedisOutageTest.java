package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back empty: reads are 503 and readiness DOWN meanwhile, and the service
 * recovers by itself. Its own Redis (restricted resource) so other tests don't see the outage.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class RedisOutageTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    RedisServer redis;

    @Inject
    VehicleViewWriter writer;

    @Test
    void redisDownIs503AndNotReadyThenRecoversByItself() {
        new ViewFixtures(writer, "outage-bus").write(0, 5.0);
        SeedEndpointsTest.awaitState("outage-bus", 5.0f);
        given().get(management + "health/ready").then().statusCode(200);

        redis.stop();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(503)
                        .body("status", equalTo("DOWN")));
        // the in-memory view notices within query.view-check-interval; from then on every read is a 503
        for (String path : new String[] {
            "/gps_state",
            "/vehicles",
            "/vehicles/outage-bus/state",
            "/vehicles/outage-bus/track",
            "/vehicles/outage-bus/stats?window_seconds=5"
        }) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> given().get(path)
                            .then()
                            .statusCode(503)
                            .contentType("application/problem+json")
                            .body("status", equalTo(503)));
        }
        given().get(management + "health/live").then().statusCode(200);

        redis.restart(); // empty, as after a crash without persistence
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));
        given().queryParam("vehicle_id", "outage-bus").get("/gps_state").then().statusCode(404);

        new ViewFixtures(writer, "outage-bus").write(1, 6.0);
        SeedEndpointsTest.awaitState("outage-bus", 6.0f);
    }
}
