package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testkit.OpenApiDocument;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every error response query-api documents is a problem+json body of the one Problem schema
 * (ProblemResponsesFilter); the track reads' shared parameters ({@code TrackQuery}) are documented on both.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class OpenApiProblemsTest {

    @Test
    void everyDocumentedErrorIsAProblem() {
        JsonPath api = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Boolean> errors = OpenApiDocument.errorResponses(api.getMap(""));
        assertThat(errors)
                .containsKeys(
                        "GET /gps_state 404",
                        "GET /compute_avg_speed 400",
                        "GET /vehicles/{vehicle_id}/track 400",
                        "GET /stream 503");
        assertThat(errors)
                .allSatisfy((response, isProblem) ->
                        assertThat(isProblem).as(response).isTrue());
        assertThat(api.getMap("components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(api.getString("info.title")).isEqualTo("GPS Replay - query-api");
    }

    @Test
    void bothTrackReadsDocumentTheirSharedRangeParameters() {
        JsonPath api = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String path : new String[] {"/vehicles/{vehicle_id}/track", "/vehicles/{vehicle_id}/track.gpx"}) {
            String parameters = "paths['" + path + "'].get.parameters";
            assertThat(api.getList(parameters + ".findAll { it.in == 'query' }.name", String.class))
                    .as(path)
                    .containsExactlyInAnyOrder("from", "to", "limit");
            assertThat(api.getString(parameters + ".find { it.name == 'limit' }.description"))
                    .as(path)
                    .contains("query.track-max-limit");
        }
    }
}
