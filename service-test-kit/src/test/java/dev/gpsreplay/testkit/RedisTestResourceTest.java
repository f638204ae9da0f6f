package dev.gpsreplay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpsreplay.testsupport.RedisServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resource's contract, driven the way Quarkus drives it: start, inject into the test instance, stop. */
class RedisTestResourceTest {

    static class SomeTest {
        RedisServer redis;
        String otherType;
    }

    @Test
    void startsRedisPointsQuarkusAtItAndInjectsIt() throws IOException {
        RedisTestResource resource = new RedisTestResource();
        Map<String, String> config = resource.start();
        try {
            SomeTest test = new SomeTest();
            resource.inject(FieldInjector.into(test));

            assertThat(test.redis).isNotNull();
            assertThat(test.otherType).isNull();
            assertThat(config).containsExactly(Map.entry("quarkus.redis.hosts", test.redis.uri()));
            try (Socket socket = new Socket("127.0.0.1", test.redis.port())) {
                socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                        .isEqualTo("+PONG\r\n");
            }

            resource.stop();

            assertThat(test.redis.isRunning()).isFalse();
        } finally {
            resource.stop(); // idempotent
        }
    }
}
