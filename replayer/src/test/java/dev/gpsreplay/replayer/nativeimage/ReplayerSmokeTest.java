package dev.gpsreplay.replayer.nativeimage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The replayer's smallest whole-service check: health, and one replay uploaded, controlled and
 * deleted through the control API, with its JSON and problem bodies. Runs on the JVM here and, as
 * {@link ReplayerNativeIT}, against the native executable in the {@code native} profile, where it
 * catches what only native mode breaks (reflection for Jackson, resources, config).
 *
 * <p>It holds in both runs: on the JVM the test profile replays data/ into Redis; the native
 * executable runs the prod profile (the log sink, no source). Each run starts its own Redis.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ReplayerSmokeTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final String TRACK = """
            timestamp,latitude,longitude,elevation,speed_meters_per_second
            1577218887.999,-27.71784157,-51.09886587,984.2,1.0
            1577218888.999,-27.71784152,-51.09886576,984.3,2.0
            1577218889.999,-27.71784147,-51.09886565,984.4,3.0
            """;

    @Test
    void healthChecksAreUp() {
        for (String check : new String[] {"live", "ready", "started"}) {
            given().get(management + "health/" + check).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void anUploadedTrackReplaysAndCanBeControlledAndDeleted() {
        String vehicle = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("text/csv")
                .body(TRACK)
                .post("/replays?vehicle_id=" + vehicle + "&speed=0.01")
                .then()
                .statusCode(201)
                .body("vehicle_id", equalTo(vehicle))
                .body("total", equalTo(3))
                .body("rows_rejected", equalTo(0));
        given().get("/replays").then().statusCode(200).body("vehicle_id", hasItem(vehicle));

        given().post("/replays/" + vehicle + "/pause")
                .then()
                .statusCode(200)
                .body("state", oneOf("PAUSED", "FINISHED"));
        given().put("/replays/" + vehicle + "/speed?factor=fast")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("factor"));

        given().delete("/replays/" + vehicle).then().statusCode(200).body("vehicle_id", equalTo(vehicle));
        given().get("/replays/" + vehicle).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aTrackWithNoUsableRowIsA400ListingItsBadRows() {
        given().contentType("text/csv")
                .body("timestamp,latitude,longitude\nnot-a-time,95.0,-51.1\n")
                .post("/replays?vehicle_id=smoke-bad")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("line 2"));
    }

    @Test
    void metricsAndTheApiDocumentAreServed() {
        given().get(management + "metrics").then().statusCode(200).body(containsString("# TYPE"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/replays"));
    }
}
