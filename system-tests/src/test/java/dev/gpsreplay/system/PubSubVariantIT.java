package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event-driven variant: replayer → Kafka → query-api → Redis, with two query-api instances in one
 * consumer group sharing one Redis view. The contract's checks run against the first instance, so
 * they pass only if the second applied its share of the partitions.
 */
class PubSubVariantIT extends ReplayedTracksContract {

    private ServiceProcess secondQueryApi;

    @Override
    Stack start(Path tracks, List<AutoCloseable> started) {
        EventDriven backbone = EventDriven.start(started);
        secondQueryApi = backbone.secondQueryApi();
        return new Stack(backbone.queryApi(), backbone.startReplayer(tracks, started, Map.of()));
    }

    @Test
    void bothInstancesServeTheSameView() {
        String first = given().baseUri(stack().queryApi().baseUri())
                .get("/vehicles")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String second = given().baseUri(secondQueryApi.baseUri())
                .get("/vehicles")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(second).isEqualTo(first);
        for (String vehicle : expectedVehicles()) {
            String path = "/vehicles/" + vehicle + "/stats?window_seconds=120";
            assertThat(given().baseUri(secondQueryApi.baseUri()).get(path).asString())
                    .isEqualTo(given().baseUri(stack().queryApi().baseUri())
                            .get(path)
                            .asString());
        }
    }
}
