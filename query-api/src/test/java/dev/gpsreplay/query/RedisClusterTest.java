package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.testkit.KafkaTestResource;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * #8.3, the view on a real Redis Cluster (three masters, {@code quarkus.redis.client-type=cluster}):
 * the event-driven ingest writes every vehicle's keys into its hash-tag slot (the Lua apply touches
 * one slot), the global keys beside them, and the reads, the fleet list and the seed's endpoint
 * answer from the cluster exactly as from one server. Redeliveries stay idempotent.
 */
@QuarkusTest
@TestProfile(KafkaIngestTest.KafkaIngest.class)
@WithTestResource(RedisClusterTestResource.class)
@WithTestResource(
        value = KafkaTestResource.class,
        initArgs = @ResourceArg(name = KafkaTestResource.TOPICS, value = "gps-fixes:3,gps-fixes-dlq:1"))
class RedisClusterTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final int VEHICLES = 12;
    private static final int FIXES = 40;

    KafkaBroker broker;

    RedisCluster cluster;

    @Inject
    JsonCodec codec;

    @Test
    void theViewLivesInTheClusterAndReadsAsFromOneServer() {
        List<String> ids =
                IntStream.range(0, VEHICLES).mapToObj(i -> "cluster-" + i).toList();
        List<FixEvent> events = new ArrayList<>();
        for (String id : ids) {
            List<FixEvent> run = ViewFixtures.run(id, FIXES);
            events.addAll(run);
            events.addAll(run.subList(0, FIXES / 2)); // the first half again: a redelivery after a consumer crash
        }
        ViewFixtures.publish(broker, codec, events);

        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/vehicles/" + id + "/state")
                            .then()
                            .statusCode(200)
                            .body("sequence", equalTo(FIXES)));
            assertThat(ViewFixtures.historySpeeds(id, FIXES))
                    .as("%s's history: every fix once, in order", id)
                    .isEqualTo(
                            IntStream.range(0, FIXES).mapToObj(i -> (float) i).toList());
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(given().queryParam("limit", 1000)
                                .get("/vehicles")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("vehicle_id", String.class))
                        .containsExactlyInAnyOrderElementsOf(ids));
        given().get("/gps_state").then().statusCode(200);
        given().queryParam("vehicle_id", "cluster-3")
                .get("/gps_state")
                .then()
                .statusCode(200)
                .body("speed_meters_per_second", equalTo((float) (FIXES - 1)));
        given().get(management + "health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(cluster.keysPerNode())
                .as("the vehicles' keys are spread over every node")
                .allSatisfy(keys -> assertThat(keys).isPositive());
    }
}
