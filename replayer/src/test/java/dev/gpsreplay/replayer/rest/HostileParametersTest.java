package dev.gpsreplay.replayer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testkit.HostileValues;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every replayer parameter with every hostile value, as an operator: never a 5xx, and the replays
 * still answer afterwards. The target replay is one uploaded here, so other tests' replays keep
 * their state.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class HostileParametersTest {

    private static final String TARGET = "hostile-target";
    private static final String TRACK = """
            timestamp,latitude,longitude,speed_meters_per_second
            1577218887.999,-27.71784157,-51.09886587,0.0
            1577218888.999,-27.71784152,-51.09886576,1.5
            1577218889.999,-27.71784150,-51.09886570,1.6
            """;

    @Test
    void noParameterValueCausesA5xx() {
        given().contentType("text/csv")
                .body(TRACK)
                .queryParam("vehicle_id", TARGET)
                .queryParam("loop", "true")
                .post("/replays")
                .then()
                .statusCode(201);

        Map<String, Function<String, Response>> requests = Map.ofEntries(
                Map.entry("GET /replays/{id}", v -> raw().get("/replays/" + segment(v))),
                Map.entry("pause {id}", v -> raw().post("/replays/" + segment(v) + "/pause")),
                Map.entry("resume {id}", v -> raw().post("/replays/" + segment(v) + "/resume")),
                Map.entry("speed {id}", v -> raw().queryParam("factor", "1").put("/replays/" + segment(v) + "/speed")),
                Map.entry("speed factor", v -> given().queryParam("factor", v).put("/replays/{id}/speed", TARGET)),
                Map.entry("seek {id}", v -> raw().queryParam("position", "0").post("/replays/" + segment(v) + "/seek")),
                Map.entry(
                        "seek position", v -> given().queryParam("position", v).post("/replays/{id}/seek", TARGET)),
                Map.entry("DELETE {id}", v -> v.equals(TARGET) ? null : raw().delete("/replays/" + segment(v))),
                Map.entry(
                        "upload vehicle_id",
                        v -> given().contentType("text/csv")
                                .body(TRACK)
                                .queryParam("vehicle_id", v)
                                .post("/replays")),
                Map.entry(
                        "upload speed",
                        v -> given().contentType("text/csv")
                                .body(TRACK)
                                .queryParam("vehicle_id", "hostile-speed")
                                .queryParam("speed", v)
                                .post("/replays")),
                Map.entry(
                        "upload loop",
                        v -> given().contentType("text/csv")
                                .body(TRACK)
                                .queryParam("vehicle_id", "hostile-loop")
                                .queryParam("loop", v)
                                .post("/replays")));

        for (String value : HostileValues.ALL) {
            requests.forEach((what, request) -> {
                Response response = request.apply(value);
                if (response != null) {
                    assertThat(response.statusCode())
                            .as("%s = '%s'", what, abbreviated(value))
                            .isLessThan(500);
                }
            });
            // an upload that was accepted made a vehicle: forget it, so the next value meets the same state
            for (String made : new String[] {value, "hostile-speed", "hostile-loop"}) {
                if (!made.equals(TARGET) && made.matches("[A-Za-z0-9._-]{1,64}")) {
                    given().delete("/replays/{id}", made);
                }
            }
        }
        given().get("/replays/{id}", TARGET).then().statusCode(200);
        given().get("/replays").then().statusCode(200);
        given().delete("/replays/{id}", TARGET).then().statusCode(200);
    }

    /** A request whose path is sent as given: values are put in it percent-encoded by {@link #segment}. */
    private static RequestSpecification raw() {
        return given().urlEncodingEnabled(false);
    }

    /** The value as one path segment, every reserved character percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
    }
}
