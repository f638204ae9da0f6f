package dev.gpsreplay.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.gpsreplay.common.view.VehicleViewWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away: open streams end, new subscriptions are 503 problems, and streaming works again
 * once Redis is back. Its own Redis, so other tests don't see the outage.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class StreamOutageTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    private static final Duration WAIT = Duration.ofSeconds(15);

    RedisServer redis;

    @Inject
    VehicleViewWriter writer;

    @TestHTTPResource("/")
    URI base;

    @Test
    void redisDownEndsStreamsAndNewOnesAre503UntilItIsBack() {
        new ViewFixtures(writer, "stream-outage").write(0, 5.0);
        SeedEndpointsTest.awaitState("stream-outage", 5.0f);

        try (SseClient client = SseClient.open(base.resolve("stream"))) {
            assertThat(client.nextEvent(WAIT).id()).isEqualTo("stream-outage:1");
            redis.stop();
            // the stream ends: the reader reports the end of the body
            SseClient.Event end = client.next(WAIT);
            while (end.comment() != null && end.comment().equals("keep-alive")) {
                end = client.next(WAIT);
            }
            assertThat(end.comment()).startsWith("closed");

            for (String path : new String[] {"/stream", "/vehicles/stream-outage/stream"}) {
                given().accept("text/event-stream")
                        .get(path)
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .body("status", equalTo(503))
                        .header("Retry-After", "1");
            }
        } finally {
            if (!redis.isRunning()) {
                redis.restart(); // empty, as after a crash without persistence
            }
        }
        await().atMost(WAIT)
                .untilAsserted(
                        () -> given().get(management + "health/ready").then().statusCode(200));
        given().accept("text/event-stream")
                .get("/vehicles/stream-outage/stream")
                .then()
                .statusCode(404);
        try (SseClient client = SseClient.open(base.resolve("stream"))) {
            new ViewFixtures(writer, "stream-outage").write(1, 6.0);
            assertThat(client.nextEvent(WAIT).id()).isEqualTo("stream-outage:1"); // a new run of the view
        }
    }
}
