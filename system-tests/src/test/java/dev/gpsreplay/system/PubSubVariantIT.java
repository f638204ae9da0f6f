package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
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
        RedisServer redis = RedisServer.start();
        started.add(redis);
        KafkaBroker kafka = KafkaBroker.start();
        started.add(kafka);
        kafka.createTopic("gps-fixes", 3);
        Map<String, String> queryEnv = Map.of("QUARKUS_REDIS_HOSTS", redis.uri(), "QUERY_INGEST", "kafka",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        ServiceProcess queryApi = ServiceProcess.start("query-api", queryEnv);
        started.add(queryApi);
        secondQueryApi = ServiceProcess.start("query-api", queryEnv);
        started.add(secondQueryApi);
        // no Redis for the replayer: in this variant it only talks to Kafka
        ServiceProcess replayer = ServiceProcess.start("replayer", Map.of("REPLAY_SINK", "kafka",
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "REPLAY_SOURCE", tracks.toString(),
                "REPLAY_SPEED", "2000", "REPLAY_LOOP", "false"));
        started.add(replayer);
        return new Stack(queryApi, replayer);
    }

    @Test
    void bothInstancesServeTheSameView() {
        String first = given().baseUri(stack().queryApi().baseUri()).get("/vehicles").then().statusCode(200)
                .extract().asString();
        String second = given().baseUri(secondQueryApi.baseUri()).get("/vehicles").then().statusCode(200)
                .extract().asString();
        assertThat(second).isEqualTo(first);
        for (String vehicle : expectedVehicles()) {
            String path = "/vehicles/" + vehicle + "/stats?window_seconds=120";
            assertThat(given().baseUri(secondQueryApi.baseUri()).get(path).asString())
                    .isEqualTo(given().baseUri(stack().queryApi().baseUri()).get(path).asString());
        }
    }
}
