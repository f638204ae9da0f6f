package dev.gpsreplay.replayer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testkit.OpenApiDocument;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error response the replayer documents is a problem+json body of the one Problem schema (ProblemResponsesFilter). */
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
                        "GET /replays/{vehicle_id} 404",
                        "POST /replays/{vehicle_id}/pause 404",
                        "POST /replays/{vehicle_id}/resume 409");
        assertThat(errors)
                .allSatisfy((response, isProblem) ->
                        assertThat(isProblem).as(response).isTrue());
        assertThat(api.getMap("components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "detail", "instance", "errors");
        assertThat(api.getString("info.title")).isEqualTo("GPS Replay - replayer");
    }
}
