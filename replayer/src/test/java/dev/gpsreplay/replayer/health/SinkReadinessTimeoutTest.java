package dev.gpsreplay.replayer.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Kafka readiness check is bounded by Fault Tolerance's {@code @Timeout}: against a "broker" that
 * accepts connections and never answers, with the timeout shortened below the admin call's own 2 s
 * deadline, the check is DOWN with Fault Tolerance's timeout, not the client's.
 */
@QuarkusTest
@TestProfile(SinkReadinessTimeoutTest.SilentBrokerProfile.class)
@WithTestResource(SinkReadinessTimeoutTest.SilentBroker.class)
class SinkReadinessTimeoutTest {

    public static class SilentBrokerProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink", "kafka",
                    "replay.source", "",
                    "replay.checkpoint.enabled", "false",
                    "quarkus.fault-tolerance.\"dev.gpsreplay.replayer.health.SinkReadinessCheck/kafkaTopic\".timeout.value",
                            "300",
                    "quarkus.fault-tolerance.\"dev.gpsreplay.replayer.health.SinkReadinessCheck/kafkaTopic\".timeout.unit",
                            "millis");
        }
    }

    /** A loopback port that accepts connections and never writes a byte. */
    public static class SilentBroker implements QuarkusTestResourceLifecycleManager {

        private ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        @Override
        public Map<String, String> start() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                accepted.add(server.accept());
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void stop() {
            try {
                server.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
    }

    @TestHTTPResource(management = true)
    URL management;

    @Test
    void aBrokerThatNeverAnswersIsDownOnFaultTolerancesTimeout() {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get(management + "health/ready")
                        .then()
                        .statusCode(503)
                        .body("checks.name", hasItem("replay sink"))
                        .body("checks.find { it.name == 'replay sink' }.status", equalTo("DOWN"))
                        .body(
                                "checks.find { it.name == 'replay sink' }.data.error",
                                allOf(containsString("kafkaTopic"), containsString("timed out"))));
    }
}
