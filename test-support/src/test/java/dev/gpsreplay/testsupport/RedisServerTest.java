package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real redis-server processes: whichever {@link RedisServer#start()} picks on this machine. */
class RedisServerTest {

    @Test
    void startsOnLoopbackAndAnswersPing() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.isRunning()).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(Resp.command(redis.port(), "PING")).isEqualTo("PONG");
            assertThat(Resp.command(redis.port(), "CONFIG", "GET", "bind")).isEqualTo("bind\n127.0.0.1");
        }
    }

    @Test
    void hasNoPersistence() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(Resp.command(redis.port(), "CONFIG", "GET", "save")).isEqualTo("save\n");
            assertThat(Resp.command(redis.port(), "CONFIG", "GET", "appendonly"))
                    .isEqualTo("appendonly\nno");
        }
    }

    @Test
    void setThenGetRoundTrips() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(Resp.command(redis.port(), "SET", "vehicle:42", "Zürich → Genève"))
                    .isEqualTo("OK");
            assertThat(Resp.command(redis.port(), "GET", "vehicle:42")).isEqualTo("Zürich → Genève");
            assertThat(Resp.command(redis.port(), "GET", "missing")).isNull();
        }
    }

    @Test
    void stopMakesThePortRefuseConnections() {
        try (RedisServer redis = RedisServer.start()) {
            redis.stop();

            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> connect(redis.port())).isInstanceOf(ConnectException.class);
            redis.stop(); // idempotent
        }
    }

    @Test
    void restartComesBackEmptyOnTheSamePort() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            Resp.command(port, "SET", "k", "v");
            Resp.command(port, "SAVE"); // even an explicit snapshot must not survive a restart

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.isRunning()).isTrue();
            assertThat(Resp.command(port, "DBSIZE")).isEqualTo("0");
        }
    }

    @Test
    void restartsAfterStop() throws IOException {
        try (RedisServer redis = RedisServer.start()) {
            redis.stop();
            redis.restart();
            assertThat(Resp.command(redis.port(), "PING")).isEqualTo("PONG");
        }
    }

    @Test
    void twoServersRunSideBySide() throws IOException {
        try (RedisServer first = RedisServer.start();
                RedisServer second = RedisServer.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            Resp.command(first.port(), "SET", "k", "first");
            assertThat(Resp.command(second.port(), "GET", "k")).isNull();
        }
    }

    @Test
    void closeStopsAndCannotRestart() {
        RedisServer redis = RedisServer.start();
        redis.close();

        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class);
        redis.close(); // idempotent
    }

    @Test
    void reportsTheOutputOfABinaryThatDoesNotStart(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("redis-server");
        Files.writeString(broken, "#!/bin/sh\necho 'FATAL: no luck today' >&2\nexit 3\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));

        System.setProperty(RedisServer.BINARY_OVERRIDE, broken.toString());
        try {
            assertThatThrownBy(RedisServer::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code 3")
                    .hasMessageContaining("FATAL: no luck today");
        } finally {
            System.clearProperty(RedisServer.BINARY_OVERRIDE);
        }
    }

    @Test
    void overrideMustBeAnExecutableFile() {
        assertThatThrownBy(() -> RedisServer.resolveBinary("/no/such/redis-server", "/usr/bin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RedisServer.BINARY_OVERRIDE);
    }

    @Test
    void prefersRedisServerFromThePath(@TempDir Path dir) throws IOException {
        Path fake = dir.resolve("redis-server");
        Files.writeString(fake, "#!/bin/sh\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThat(RedisServer.resolveBinary(null, "/no/such/dir:" + dir)).isEqualTo(fake);
    }

    @Test
    void saysHowToGetRedisWhenThePathHasNone(@TempDir Path dir) {
        assertThatThrownBy(() -> RedisServer.resolveBinary(null, dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No redis-server on the PATH")
                .hasMessageContaining(RedisServer.BINARY_OVERRIDE);
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        }
    }
}
