package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.HostileValues;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Every query-api parameter with every hostile value: never a 5xx (a 400 that names the parameter,
 * a 404, or an answer), and the service still answers afterwards.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class HostileParametersTest {

    private static final String KNOWN = "hostile-known";
    /** No vehicle has this id: requests that would wait for a window answer 404 at once instead. */
    private static final String UNKNOWN = "hostile-nobody";

    @Inject
    VehicleViewWriter writer;

    @Test
    void noParameterValueCausesA5xx() {
        new ViewFixtures(writer, KNOWN).write(0, 3.0);
        SeedContractTest.awaitState(KNOWN, 3.0f);

        // each entry: what is varied, and the request that sends it (other parameters valid)
        Map<String, Function<String, Response>> requests = Map.ofEntries(
                Map.entry("gps_state vehicle_id", v -> get(q("vehicle_id", v), "/gps_state")),
                Map.entry(
                        "compute_avg_speed time_window_seconds",
                        v -> get(q("time_window_seconds", v).queryParam("vehicle_id", UNKNOWN), "/compute_avg_speed")),
                Map.entry(
                        "compute_avg_speed vehicle_id",
                        v -> v.isBlank()
                                ? null
                                : get(q("vehicle_id", v).queryParam("time_window_seconds", "1"), "/compute_avg_speed")),
                Map.entry(
                        "request_to_compute_avg_speed time_window_seconds",
                        v -> post(
                                q("time_window_seconds", v).queryParam("vehicle_id", UNKNOWN),
                                "/request_to_compute_avg_speed")),
                Map.entry(
                        "request_to_compute_avg_speed vehicle_id",
                        v -> v.isBlank()
                                ? null
                                : post(
                                        q("vehicle_id", v).queryParam("time_window_seconds", "1"),
                                        "/request_to_compute_avg_speed")),
                Map.entry("get_avg_speed_task_status task_id", v -> get(q("task_id", v), "/get_avg_speed_task_status")),
                Map.entry("/tasks/{task_id}", v -> get(given(), "/tasks/{id}", v)),
                Map.entry("/vehicles/{id}/state", v -> get(given(), "/vehicles/{id}/state", v)),
                Map.entry("/vehicles/{id}/track", v -> get(given(), "/vehicles/{id}/track", v)),
                Map.entry("track from", v -> get(q("from", v), "/vehicles/{id}/track", KNOWN)),
                Map.entry("track to", v -> get(q("to", v), "/vehicles/{id}/track", KNOWN)),
                Map.entry("track limit", v -> get(q("limit", v), "/vehicles/{id}/track", KNOWN)),
                Map.entry("/vehicles/{id}/stats", v -> get(q("window_seconds", "60"), "/vehicles/{id}/stats", v)),
                Map.entry("stats window_seconds", v -> get(q("window_seconds", v), "/vehicles/{id}/stats", KNOWN)),
                Map.entry(
                        "/vehicles/{id}/average-speed",
                        v -> get(q("window_seconds", "1"), "/vehicles/{id}/average-speed", v)),
                Map.entry(
                        "average-speed window_seconds",
                        v -> get(q("window_seconds", v), "/vehicles/{id}/average-speed", UNKNOWN)),
                Map.entry(
                        "average-speed-tasks window_seconds",
                        v -> post(q("window_seconds", v), "/vehicles/{id}/average-speed-tasks", UNKNOWN)),
                Map.entry(
                        "/vehicles/{id}/average-speed-tasks",
                        v -> post(q("window_seconds", "1"), "/vehicles/{id}/average-speed-tasks", v)),
                Map.entry("/vehicles/{id}/stream", v -> get(given(), "/vehicles/{id}/stream", v)));

        for (String value : HostileValues.ALL) {
            requests.forEach((what, request) -> {
                Response response = request.apply(value);
                if (response != null) {
                    assertThat(response.statusCode())
                            .as("%s = '%s'", what, abbreviated(value))
                            .isLessThan(500);
                    if (response.statusCode() == 400) {
                        assertThat(response.contentType())
                                .as("%s = '%s'", what, abbreviated(value))
                                .startsWith("application/problem+json");
                    }
                }
            });
        }
        given().queryParam("vehicle_id", KNOWN).get("/gps_state").then().statusCode(200);
    }

    private static RequestSpecification q(String name, String value) {
        return given().queryParam(name, value);
    }

    private static Response get(RequestSpecification request, String path, String... pathParams) {
        return request.urlEncodingEnabled(plain(pathParams)).get(withSegments(path, pathParams));
    }

    private static Response post(RequestSpecification request, String path, String... pathParams) {
        return request.urlEncodingEnabled(plain(pathParams)).post(withSegments(path, pathParams));
    }

    /** Ids that need no encoding: then RestAssured encodes the (hostile) query values as usual. */
    private static boolean plain(String... values) {
        return Arrays.stream(values).allMatch(v -> v.matches("[A-Za-z0-9._-]+"));
    }

    /**
     * The path with its {id} replaced by the value percent-encoded (sent as it is, so that a value
     * such as "{}" is not taken for a template). Query values are then plain, as every test's are.
     */
    private static String withSegments(String path, String... values) {
        String result = path;
        for (String value : values) {
            result = result.replaceFirst(
                    "\\{id}",
                    Matcher.quoteReplacement(
                            URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return result;
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
    }
}
