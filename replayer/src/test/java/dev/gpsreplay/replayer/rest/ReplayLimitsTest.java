package dev.gpsreplay.replayer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import dev.gpsreplay.replayer.replay.Shard;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's limits and refusals, as problems from the REST edge: never a 500, never a ghost replay. */
@QuarkusTest
@TestProfile(ReplayLimitsTest.Limits.class)
class ReplayLimitsTest {

    /** Log sink, no source; 2 replays at most, 50 fixes/s of budget, shard 0 of 2. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink",
                    "log",
                    "replay.source",
                    "",
                    "replay.max-replays",
                    "2",
                    "replay.max-emission-rate",
                    "50",
                    "replay.shard",
                    "0/2");
        }
    }

    private static final String TRACK = """
            timestamp,latitude,longitude,speed_meters_per_second
            1577218887.999,-27.7,-51.1,1.0
            1577218888.999,-27.7001,-51.1,2.0
            1577218889.999,-27.7002,-51.1,3.0
            """;

    @AfterEach
    void deleteAll() {
        given().get("/replays")
                .then()
                .extract()
                .<List<String>>path("vehicle_id")
                .forEach(id -> given().delete("/replays/" + id));
    }

    @Test
    void aVehicleOfAnotherShardIsRefusedNamingTheShard() {
        String foreign = vehicleOfShard(1);
        given().contentType("text/csv")
                .body(TRACK)
                .post("/replays?vehicle_id=" + foreign)
                .then()
                .statusCode(421)
                .contentType("application/problem+json")
                .body("detail", containsString("shard 1/2"))
                .body("detail", containsString("shard 0/2"));
        given().get("/replays/" + foreign).then().statusCode(404);
    }

    @Test
    void moreReplaysThanTheLimitIs429WithRetryAfter() {
        upload(vehicleOfShard(0, 0)).then().statusCode(201);
        upload(vehicleOfShard(0, 1)).then().statusCode(201);
        upload(vehicleOfShard(0, 2))
                .then()
                .statusCode(429)
                .header("Retry-After", "10")
                .contentType("application/problem+json")
                .body("detail", containsString("replay.max-replays"));
        given().get("/replays").then().body("size()", equalTo(2));
    }

    @Test
    void exceedingTheEmissionBudgetIs429() {
        String id = vehicleOfShard(0, 0);
        upload(id).then().statusCode(201);
        given().put("/replays/" + id + "/speed?factor=100")
                .then()
                .statusCode(429)
                .body("detail", containsString("replay.max-emission-rate"));
        given().put("/replays/" + id + "/speed?factor=40")
                .then()
                .statusCode(200)
                .body("speed", equalTo(40.0f));
        given().contentType("text/csv")
                .body(TRACK)
                .post("/replays?speed=1000&vehicle_id=" + vehicleOfShard(0, 1))
                .then()
                .statusCode(429);
    }

    @Test
    void unknownReplaysAndSeeksOutsideTheTrackAreProblems() {
        given().post("/replays/nobody/pause")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("nobody"));
        String id = vehicleOfShard(0, 0);
        upload(id).then().statusCode(201);
        given().post("/replays/" + id + "/seek?position=3")
                .then()
                .statusCode(400)
                .body("detail", containsString("between 0 and 2"));
        given().post("/replays/" + id + "/seek?position=2")
                .then()
                .statusCode(200)
                .body("position", equalTo(3));
        upload(id).then().statusCode(409);
    }

    @Test
    void aTrackWhoseTimesCannotBeReplayedLeavesNoGhost() {
        String id = vehicleOfShard(0, 0);
        Response response = given().contentType("text/csv").body("""
                timestamp,latitude,longitude
                1577218887.999,-27.7,-51.1
                +300000000-01-01T00:00:00Z,-27.7,-51.1
                """).post("/replays?vehicle_id=" + id);
        response.then().statusCode(lessThan(500));
        if (response.statusCode() == 400) {
            given().get("/replays/" + id).then().statusCode(404);
        } else { // the reader itself rejected the row
            assertThat(response.<Integer>path("rows_rejected")).isEqualTo(1);
        }
        upload(vehicleOfShard(0, 1)).then().statusCode(201); // the id count is not held by a ghost
    }

    private static Response upload(String vehicleId) {
        return given().contentType("text/csv").body(TRACK).post("/replays?vehicle_id=" + vehicleId);
    }

    private static String vehicleOfShard(int shard) {
        return vehicleOfShard(shard, 0);
    }

    /** The {@code n}-th id of the form {@code car-K} that hashes to {@code shard} of 2. */
    private static String vehicleOfShard(int shard, int n) {
        return IntStream.range(0, 1000)
                .mapToObj(k -> "car-" + k)
                .filter(id -> Shard.of(id, 2) == shard)
                .skip(n)
                .findFirst()
                .orElseThrow();
    }
}
