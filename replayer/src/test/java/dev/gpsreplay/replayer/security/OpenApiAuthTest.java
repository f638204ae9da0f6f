package dev.gpsreplay.replayer.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation the replayer documents that is not a read (GET, HEAD, OPTIONS) changes what is
 * replayed, so each needs an operator token: listed from the live OpenAPI document, so that a new
 * endpoint is covered the day it is added.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@Anonymous
class OpenApiAuthTest {

    private static final Set<String> READS = Set.of("get", "head", "options");

    /** One documented operation: its method, its path with parameters filled in, and a body type. */
    record Operation(String method, String path, String contentType) {}

    @Test
    void everyChangingOperationIsA401WithoutTokenAndA403WithoutTheGroup() throws Exception {
        List<Operation> operations = changingOperations();
        assertThat(operations)
                .extracting(o -> o.method() + " " + o.path())
                .contains(
                        "POST /replays",
                        "POST /replays/bus-17/pause",
                        "POST /replays/bus-17/resume",
                        "PUT /replays/bus-17/speed",
                        "POST /replays/bus-17/seek",
                        "DELETE /replays/bus-17");

        String reader = TestTokens.withGroups("reader");
        for (Operation operation : operations) {
            Response anonymous = call(given(), operation);
            assertThat(anonymous.statusCode())
                    .as("%s without a token", operation)
                    .isEqualTo(401);
            assertThat(anonymous.contentType())
                    .as("%s without a token", operation)
                    .startsWith("application/problem+json");

            Response noGroup = call(given().auth().oauth2(reader), operation);
            assertThat(noGroup.statusCode())
                    .as("%s without the operator group", operation)
                    .isEqualTo(403);
            assertThat(noGroup.contentType())
                    .as("%s without the group", operation)
                    .startsWith("application/problem+json");
        }
        // the replay survived all of that
        given().get("/replays/bus-17").then().statusCode(200);
    }

    private static List<Operation> changingOperations() throws Exception {
        String document = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode root = new ObjectMapper().readTree(document);
        JsonNode paths = root.get("paths");
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                String verb = method.getKey().toLowerCase(Locale.ROOT);
                if (READS.contains(verb) || verb.equals("parameters")) {
                    continue;
                }
                JsonNode body = method.getValue().path("requestBody");
                if (body.has("$ref")) { // a shared body: #/components/requestBodies/<name>
                    String name = body.get("$ref").asText().replace("#/components/requestBodies/", "");
                    body = root.path("components").path("requestBodies").path(name);
                }
                JsonNode content = body.path("content");
                String type = content.isObject() && content.fieldNames().hasNext()
                        ? content.fieldNames().next()
                        : null;
                operations.add(new Operation(
                        verb.toUpperCase(Locale.ROOT), path.getKey().replaceAll("\\{[^}]+}", "bus-17"), type));
            }
        }
        return operations;
    }

    private static Response call(RequestSpecification request, Operation operation) {
        if (operation.contentType() != null) {
            request = request.contentType(operation.contentType()).body("timestamp,latitude,longitude\n");
        }
        return request.request(operation.method(), operation.path());
    }
}
