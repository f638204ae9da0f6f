package dev.gpsreplay.replayer.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The public key is configured but not there (deploy/'s optional Secret not created yet): the service
 * runs, and a token, even a good one, is a 401 problem saying why, never a 500.
 */
@QuarkusTest
@TestProfile(MissingPublicKeyTest.KeyNotThere.class)
@WithTestResource(RedisTestResource.class)
@Anonymous
class MissingPublicKeyTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    public static class KeyNotThere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", "/etc/gps-replay/operator/not-there.pem");
        }
    }

    @Test
    void aTokenIsA401ProblemAndTheServiceRuns() {
        for (int attempt = 0; attempt < 2; attempt++) { // the key is looked for again on each request
            given().auth()
                    .oauth2(TestTokens.operator())
                    .post("/replays/bus-17/pause")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401))
                    .body("detail", containsString("mp.jwt.verify.publickey.location"));
        }
        given().post("/replays/bus-17/pause").then().statusCode(401);
        given().get("/replays/bus-17").then().statusCode(200);
        given().get(management + "health/ready").then().statusCode(200);
    }
}
