package dev.gpsreplay.query.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.Method;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard's proxy to the replayer's control API: each call reaches the replayer as the
 * replayer's own API expects it (method, path, query, body, Content-Type, the caller's
 * Authorization and no other credential), and the replayer's answer comes back unchanged.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(FakeReplayer.class)
class ReplayerProxyTest {

    private static final String PROBLEM_404 = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"detail\":\"No replay of vehicle 'nope'\",\"instance\":\"/replays/nope/pause\"}";

    private FakeReplayer replayer;

    @BeforeEach
    void reset() {
        replayer = FakeReplayer.current;
        replayer.drain();
        replayer.answer(200, "application/json", "[]", Map.of());
    }

    @Test
    void listIsForwardedWithTheCallersAuthorizationAndAnsweredUnchanged() throws Exception {
        String replays = "[{\"vehicle_id\":\"bus-17\",\"state\":\"PAUSED\",\"position\":41,\"total\":872}]";
        replayer.answer(200, "application/json", replays, Map.of());

        Response response =
                given().header("Authorization", "Bearer operator-token").get("/replayer/replays");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.asString()).isEqualTo(replays);
        FakeReplayer.Received received = replayer.next();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.path()).isEqualTo("/replays");
        assertThat(received.header("Authorization")).isEqualTo("Bearer operator-token");
    }

    @Test
    void theProxyAddsNoCredentialOfItsOwn() throws Exception {
        given().get("/replayer/replays").then().statusCode(200);

        FakeReplayer.Received received = replayer.next();
        assertThat(received.header("Authorization")).isNull();
        assertThat(received.headers().keySet()).noneMatch(name -> name.contains("auth") || name.contains("cookie"));
    }

    @ParameterizedTest
    @CsvSource({
        "POST,   /replayer/replays/bus-17/pause,               /replays/bus-17/pause,  ''",
        "POST,   /replayer/replays/bus-17/resume,              /replays/bus-17/resume, ''",
        "PUT,    /replayer/replays/bus-17/speed?factor=2.5,    /replays/bus-17/speed,  factor=2.5",
        "POST,   /replayer/replays/bus-17/seek?position=100,   /replays/bus-17/seek,   position=100",
        "DELETE, /replayer/replays/bus-17,                     /replays/bus-17,        ''",
        "POST,   /replayer/replays/a%20b.c/pause,              /replays/a%20b.c/pause, ''",
    })
    void eachControlReachesTheSameCallOfTheReplayer(String method, String path, String replayerPath, String query)
            throws Exception {
        String status = "{\"vehicle_id\":\"bus-17\",\"state\":\"PAUSED\",\"speed\":2.5}";
        replayer.answer(200, "application/json", status, Map.of());

        Response response = given().urlEncodingEnabled(false)
                .header("Authorization", "Bearer t")
                .request(Method.valueOf(method), path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).isEqualTo(status);
        FakeReplayer.Received received = replayer.next();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(replayerPath);
        assertThat(received.query() == null ? "" : received.query()).isEqualTo(query);
        assertThat(received.header("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void theReplayersProblemsComeBackUnchanged() throws Exception {
        replayer.answer(404, "application/problem+json", PROBLEM_404, Map.of());

        Response response = given().post("/replayer/replays/nope/pause");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.asString()).isEqualTo(PROBLEM_404);
        replayer.next();
    }

    @Test
    void anAuthenticationChallengeIsPassedOn() throws Exception {
        String problem = "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"a bearer token is required\"}";
        replayer.answer(401, "application/problem+json", problem, Map.of("WWW-Authenticate", "Bearer"));

        given().post("/replayer/replays/bus-17/pause")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("detail", equalTo("a bearer token is required"));
        replayer.next();
    }

    @Test
    void anUploadReachesTheReplayerWithItsTypeBytesAndParameters() throws Exception {
        String gpx = "<gpx version=\"1.1\"><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2020-01-01T00:00:00Z</time>"
                + "</trkpt></trkseg></trk></gpx>";
        replayer.answer(
                201,
                "application/json",
                "{\"vehicle_id\":\"truck-3\",\"total\":1}",
                Map.of("Location", replayer.baseUri() + "/replays/truck-3"));

        // as a browser sends it: the type alone, no charset added by the client library
        given().config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("Authorization", "Bearer t")
                .contentType("application/gpx+xml")
                .body(gpx.getBytes(StandardCharsets.UTF_8))
                .queryParam("vehicle_id", "truck-3")
                .queryParam("speed", "10")
                .queryParam("loop", "true")
                .post("/replayer/replays")
                .then()
                .statusCode(201)
                .header("Location", "/replayer/replays/truck-3")
                .body("vehicle_id", equalTo("truck-3"));

        FakeReplayer.Received received = replayer.next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/replays");
        assertThat(received.query()).isEqualTo("vehicle_id=truck-3&speed=10&loop=true");
        assertThat(received.header("Content-Type")).isEqualTo("application/gpx+xml");
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo(gpx);
        assertThat(received.header("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void anUploadOverTheLimitIsA413AndNeverReachesTheReplayer() {
        byte[] big = new byte[1025]; // query.replayer-max-upload is 1K in this test
        Arrays.fill(big, (byte) 'x');

        given().contentType("text/csv")
                .body(big)
                .queryParam("vehicle_id", "big")
                .post("/replayer/replays")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("query.replayer-max-upload"));
        assertThat(replayer.drain()).isEmpty();
    }

    @Test
    void anUnreachableReplayerIsA503WithRetryAfter() {
        replayer.close();
        try {
            given().header("Authorization", "Bearer t")
                    .get("/replayer/replays")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503))
                    .body("detail", containsString("cannot be reached"));
        } finally {
            replayer.listen();
        }
    }

    @Test
    void thePageReadsTheTileSettings() {
        given().get("/dashboard/config")
                .then()
                .statusCode(200)
                .body("tiles_url", equalTo("http://127.0.0.1:1/tiles/{z}/{x}/{y}.png"))
                .body("tiles_attribution", equalTo("&copy; test tiles"));
    }

    @Test
    void theProxyIsDocumentedInOpenApi() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/replayer/replays'.get", Matchers.notNullValue())
                // the replayer's own upload body, declared once for both services
                .body(
                        "paths.'/replayer/replays'.post.requestBody.'$ref'",
                        equalTo("#/components/requestBodies/TrackUpload"))
                .body(
                        "components.requestBodies.TrackUpload.content.keySet()",
                        Matchers.containsInAnyOrder(
                                "text/csv",
                                "application/gpx+xml",
                                "application/x-nmea",
                                "text/x-nmea",
                                "application/octet-stream"))
                .body("paths.'/replayer/replays/{vehicle_id}/pause'.post", Matchers.notNullValue())
                .body("paths.'/replayer/replays/{vehicle_id}/resume'.post", Matchers.notNullValue())
                .body("paths.'/replayer/replays/{vehicle_id}/speed'.put", Matchers.notNullValue())
                .body("paths.'/replayer/replays/{vehicle_id}/seek'.post", Matchers.notNullValue())
                .body("paths.'/replayer/replays/{vehicle_id}'.delete", Matchers.notNullValue())
                .body("paths.'/dashboard/config'.get", Matchers.notNullValue());
    }
}
