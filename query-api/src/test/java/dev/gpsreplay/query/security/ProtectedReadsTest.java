package dev.gpsreplay.query.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.query.ViewFixtures;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gpsreplay.auth.protect-reads=true closes every REST endpoint to callers without a reader or
 * operator token (real tokens, signed with the test key); probes and scrapers under /q stay open.
 */
@QuarkusTest
@TestProfile(ProtectedReadsTest.ProtectReads.class)
@WithTestResource(RedisTestResource.class)
class ProtectedReadsTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    /** Reads closed. */
    public static class ProtectReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gpsreplay.auth.protect-reads", "true");
        }
    }

    private static final String[] READS = {
        "/gps_state",
        "/vehicles",
        "/vehicles/nobody/state",
        "/get_avg_speed_task_status?task_id=0f8fad5b-d9cb-469f-a165-70867728950e",
        "/stream"
    };

    @Inject
    VehicleViewWriter writer;

    @Test
    void withoutATokenEveryReadIsA401Problem() {
        // a vehicle in the view, so the hot reads have an answer they must not give
        new ViewFixtures(writer, "protected-bus").write(0, 2.0);
        for (String path : new String[] {"/vehicles/protected-bus/state", "/gps_state?vehicle_id=protected-bus"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(token("reader")).get(path).then().statusCode(200);
        }
        for (String path : READS) {
            given().get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401));
        }
        given().queryParam("time_window_seconds", "1")
                .post("/request_to_compute_avg_speed")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutReaderOrOperatorIsA403Problem() {
        given().auth()
                .oauth2(token("guest"))
                .get("/vehicles")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void readersAndOperatorsMayRead() {
        given().auth().oauth2(token("reader")).get("/vehicles").then().statusCode(200);
        given().auth().oauth2(token("operator")).get("/vehicles").then().statusCode(200);
        given().auth()
                .oauth2(token("reader"))
                .get("/vehicles/nobody/state")
                .then()
                .statusCode(404);
    }

    @Test
    void probesStayOpen() {
        given().get(management + "health/live").then().statusCode(200);
        given().get(management + "metrics").then().statusCode(200);
    }

    private static String token(String group) {
        return Jwt.issuer("gps-replay")
                .upn("test-user")
                .groups(Set.of(group))
                .expiresIn(3600)
                .sign();
    }
}
