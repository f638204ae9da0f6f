package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fallback for machines without redis-server on the PATH: the binary bundled in the
 * embedded-redis jar must really start. Forced here, since this machine may well have redis-server.
 */
class EmbeddedRedisFallbackTest {

    @Test
    void fallsBackToTheBundledBinaryWhenThePathHasNone() throws IOException {
        Path binary = RedisServer.resolveBinary(null, "/no/such/dir");

        assertThat(binary).isEqualTo(RedisServer.embeddedBinary());
        try (RedisServer redis = RedisServer.start(binary)) {
            assertThat(Resp.command(redis.port(), "SET", "k", "v")).isEqualTo("OK");
            assertThat(Resp.command(redis.port(), "GET", "k")).isEqualTo("v");
            // embedded-redis 1.4.3 bundles 6.2.x, so this proves which binary answered.
            assertThat(Resp.command(redis.port(), "INFO", "server")).contains("redis_version:6.2.");
            redis.restart();
            assertThat(Resp.command(redis.port(), "DBSIZE")).isEqualTo("0");
        }
    }

    @Test
    void overrideSelectsTheBinary() throws IOException {
        String embedded = RedisServer.embeddedBinary().toString();
        String previous = System.setProperty(RedisServer.BINARY_OVERRIDE, embedded);
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.binary()).hasToString(embedded);
            assertThat(Resp.command(redis.port(), "PING")).isEqualTo("PONG");
        } finally {
            if (previous == null) {
                System.clearProperty(RedisServer.BINARY_OVERRIDE);
            } else {
                System.setProperty(RedisServer.BINARY_OVERRIDE, previous);
            }
        }
    }
}
