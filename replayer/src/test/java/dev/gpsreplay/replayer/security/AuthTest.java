package dev.gpsreplay.replayer.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Who may change replays: an operator token is needed, checked for real (signature, issuer, expiry,
 * group); reads stay open; every refusal is a problem+json.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@Anonymous
class AuthTest {

    private static final String PAUSE = "/replays/bus-17/pause";

    @Test
    void noTokenIsA401ProblemWithABearerChallenge() {
        refused(given().post(PAUSE), 401).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aTokenWithoutTheOperatorGroupIsA403Problem() {
        refused(given().auth().oauth2(TestTokens.withGroups("reader")).put("/replays/bus-17/speed?factor=2"), 403);
    }

    @Test
    void badTokensAre401Problems() throws Exception {
        refused(given().auth().oauth2("not-a-jwt").post(PAUSE), 401);
        refused(
                given().auth()
                        .oauth2(Jwt.issuer("someone-else")
                                .groups(Set.of("operator"))
                                .expiresIn(600)
                                .sign())
                        .post(PAUSE),
                401);
        long past = System.currentTimeMillis() / 1000 - 3600;
        refused(
                given().auth()
                        .oauth2(Jwt.issuer(TestTokens.ISSUER)
                                .groups(Set.of("operator"))
                                .issuedAt(past - 60)
                                .expiresAt(past)
                                .sign())
                        .post(PAUSE),
                401);
        // signed with a key the service does not know
        Path keys = Files.createTempDirectory("other-keys");
        String forged = runTokenScript(keys);
        refused(given().auth().oauth2(forged).post(PAUSE), 401);
    }

    @Test
    void readsStayOpen() {
        given().get("/replays").then().statusCode(200);
        given().get("/replays/bus-17").then().statusCode(200);
    }

    @Test
    void theScriptsTokenIsAcceptedByTheReplayer() throws Exception {
        // the script signs with the pair in KEY_DIR: give it the pair this replayer trusts
        Path keys = Files.createTempDirectory("operator-keys");
        try (var in = AuthTest.class.getResourceAsStream("/test-keys/privateKey.pem")) {
            Files.copy(in, keys.resolve("privateKey.pem"));
        }
        String token = runTokenScript(keys);
        given().auth().oauth2(token).post(PAUSE).then().statusCode(200).body("state", equalTo("PAUSED"));
        given().auth()
                .oauth2(token)
                .post("/replays/bus-17/resume")
                .then()
                .statusCode(200)
                .body("state", equalTo("PLAYING"));
    }

    @Test
    void otherOriginsAreNotAllowedByCors() {
        String evil = "https://evil.example";
        // preflight of a cross-site control call: no permission granted
        String allowed = given().header("Origin", evil)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .options(PAUSE)
                .header("Access-Control-Allow-Origin");
        assertThat(allowed).isNotEqualTo(evil).isNotEqualTo("*");
        // a simple cross-site read: the browser gets no permission to read it
        String read = given().header("Origin", evil).get("/replays").header("Access-Control-Allow-Origin");
        assertThat(read).isNotEqualTo(evil).isNotEqualTo("*");
    }

    private static ValidatableResponse refused(Response response, int status) {
        return response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("instance", Matchers.startsWith("/replays"));
    }

    /** Runs scripts/operator-token.sh KEY_DIR and returns what it prints. */
    static String runTokenScript(Path keyDir) throws IOException, InterruptedException {
        Path script =
                Path.of("..", "scripts", "operator-token.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", script.toString(), keyDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as("exit status of %s", script).isZero();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return token;
    }
}
