package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that forgets to close its RedisServer must not leave a redis-server behind. */
class ShutdownHookTest {

    /** Run in a child JVM: starts a server, prints its port, exits without closing it. */
    public static final class LeakyMain {
        public static void main(String[] args) {
            System.out.println("port=" + RedisServer.start().port());
        }
    }

    @Test
    void noRedisServerOutlivesItsJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), LeakyMain.class.getName())
                .redirectErrorStream(true)
                .start();

        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.exitValue()).as(output).isZero();
        int port = output.lines()
                .filter(line -> line.startsWith("port="))
                .map(line -> Integer.parseInt(line.substring("port=".length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no port in: " + output));

        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                    }
                })
                .isInstanceOf(ConnectException.class);
    }
}
