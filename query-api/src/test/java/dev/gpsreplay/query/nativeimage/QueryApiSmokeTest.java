package dev.gpsreplay.query.nativeimage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.gpsreplay.testkit.RedisTestResource;
import dev.gpsreplay.testsupport.RedisServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * query-api's smallest whole-service check: health, a fix event arriving on the view's Redis
 * channel and served back as JSON (the fix event schema read, the vehicle state written), and
 * problem bodies. Runs on the JVM here and, as {@link QueryApiNativeIT}, against the native
 * executable in the {@code native} profile, where it catches what only native mode breaks
 * (reflection for Jackson, resources, config). Each run starts its own Redis.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class QueryApiSmokeTest {

    /** Health and metrics answer on the management interface, not on the serving port. */
    @TestHTTPResource(management = true)
    URL management;

    /** The channel every applied fix is published on (ViewKeys.FIXES_CHANNEL). */
    private static final String FIXES_CHANNEL = "gps:fixes";

    RedisServer redis;

    @BeforeEach
    void viewIsInStepWithRedis() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));
    }

    @Test
    void healthChecksAreUp() {
        for (String check : new String[] {"live", "ready", "started"}) {
            given().get(management + "health/" + check).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void aFixEventOnTheViewChannelIsServed() throws IOException {
        String vehicle = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        String event = """
                {"schema_version":2,"vehicle_id":"%s","run_id":"%s","sequence":1,"track_position":0,\
                "track_size":1,"emitted_at":"2026-11-22T10:15:30.123Z","fix":{"time":"2019-12-24T20:21:27.999Z",\
                "latitude":-27.71784157,"longitude":-51.09886587,"elevation_meters":984.2,"accuracy_meters":4.0,\
                "bearing_degrees":125.5,"speed_meters_per_second":10.4,"satellites":14,"hdop":0.8,"vdop":1.6,\
                "pdop":1.8,"distance_meters":0.0,"elapsed_time_seconds":0.0}}""".formatted(vehicle, UUID.randomUUID());
        assertThat(publish(FIXES_CHANNEL, event))
                .as("subscribers of %s", FIXES_CHANNEL)
                .isPositive();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().get("/vehicles/" + vehicle + "/state")
                        .then()
                        .statusCode(200)
                        .body("vehicle_id", equalTo(vehicle))
                        .body("track_size", equalTo(1)));
        given().get("/gps_state?vehicle_id=" + vehicle)
                .then()
                .statusCode(200)
                .body("latitude", equalTo(-27.71784157f))
                .body("speed_meters_per_second", equalTo(10.4f));
        given().get("/vehicles").then().statusCode(200).body("vehicle_id", hasItem(vehicle));
    }

    @Test
    void badRequestsAreProblems() {
        given().get("/vehicles/no-such-vehicle/state")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/compute_avg_speed?time_window_seconds=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("time_window_seconds"));
        given().get("/get_avg_speed_task_status?task_id=" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theDashboardMetricsAndTheApiDocumentAreServed() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().get(management + "metrics").then().statusCode(200).body(containsString("# TYPE"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/gps_state"));
    }

    /** PUBLISH over a bare RESP connection (the test must not depend on the app's Redis client); the subscriber count. */
    private long publish(String channel, String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", redis.port()), 2_000);
            socket.setSoTimeout(2_000);
            StringBuilder command = new StringBuilder("*3\r\n");
            for (String part : new String[] {"PUBLISH", channel, message}) {
                command.append('$')
                        .append(part.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = readLine(socket.getInputStream());
            assertThat(reply).as("Redis's reply to PUBLISH").startsWith(":");
            return Long.parseLong(reply.substring(1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
