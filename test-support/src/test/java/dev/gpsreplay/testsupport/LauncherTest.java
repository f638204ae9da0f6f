package dev.gpsreplay.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as run.sh runs it: a JVM of its own that writes its env file once Redis is up, and
 * that stops Redis on SIGTERM, when the process it watches ends, and even when it is killed itself.
 * (Kafka goes through the same code; run.sh's checks start it.)
 */
class LauncherTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void writesTheAddressesAndStopsRedisOnSigterm() throws Exception {
        Process launcher = launch("redis", "--env-file", dir.resolve("deps.env").toString());
        Map<String, String> env = awaitEnvFile(launcher);
        int port = port(env);
        assertThat(env).containsOnlyKeys("QUARKUS_REDIS_HOSTS");
        assertThat(env.get("QUARKUS_REDIS_HOSTS")).isEqualTo("redis://127.0.0.1:" + port);
        assertThat(Resp.command(port, "PING")).isEqualTo("PONG");

        launcher.destroy(); // SIGTERM

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        assertThat(canConnect(port)).isFalse();
    }

    @Test
    void stopsWhenTheWatchedProcessEnds() throws Exception {
        Process parent = start(List.of("sleep", "600"));
        Process launcher = launch(
                "redis", "--env-file", dir.resolve("deps.env").toString(), "--watch-pid", Long.toString(parent.pid()));
        int port = port(awaitEnvFile(launcher));

        parent.destroyForcibly();

        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
        assertThat(launcher.exitValue()).isZero();
        assertThat(canConnect(port)).isFalse();
    }

    @Test
    void aKilledLauncherTakesRedisAndItsFolderAlong() throws Exception {
        Process launcher = launch("redis", "--env-file", dir.resolve("deps.env").toString());
        int port = port(awaitEnvFile(launcher));
        // redis-server works in the data folder of its own folder (Linux: /proc/PID/cwd).
        long redisPid = ProcessHandle.of(launcher.pid())
                .orElseThrow()
                .children()
                .findFirst()
                .orElseThrow()
                .pid();
        Path redisDir =
                Path.of("/proc", Long.toString(redisPid), "cwd").toRealPath().getParent();
        assertThat(redisDir.getFileName().toString()).startsWith("gpsreplay-redis-");

        launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs

        await().atMost(Duration.ofSeconds(30)).until(() -> !canConnect(port) && !Files.exists(redisDir));
    }

    @Test
    void aServiceThatCannotStartEndsTheRunWithItsLogAndStopsRedis() throws Exception {
        Process launcher = launch(
                "redis",
                "--service",
                "broken",
                "http://127.0.0.1:1/q/health/ready",
                dir.resolve("missing.jar").toString(),
                "SOME_SETTING=1",
                "--log-dir",
                dir.toString(),
                "--env-file",
                dir.resolve("deps.env").toString());
        Set<ProcessHandle> children = new HashSet<>();
        while (launcher.isAlive()) { // what it starts, seen while it runs
            launcher.descendants().forEach(children::add);
            Thread.sleep(20);
        }

        assertThat(launcher.exitValue()).as(log()).isNotZero();
        assertThat(log())
                .contains("broken (http://127.0.0.1:1/q/health/ready) exited with code 1")
                .contains("Unable to access jarfile"); // the service's own log, quoted
        assertThat(dir.resolve("deps.env")).doesNotExist();
        assertThat(children).as("redis-server and its watcher seen").isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void rejectsAnUnknownArgument() throws Exception {
        Process launcher = launch("zookeeper");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("launcher.log"))).contains("Usage: Launcher", "zookeeper");
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Launcher.class.getName()));
        command.addAll(List.of(args));
        return start(command);
    }

    private Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile())
                .start();
        started.add(process);
        return process;
    }

    private Map<String, String> awaitEnvFile(Process launcher) throws IOException {
        Path file = dir.resolve("deps.env");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file) || !launcher.isAlive());
        assertThat(launcher.isAlive()).as(() -> log()).isTrue();
        return Files.readAllLines(file).stream()
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("launcher.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int port(Map<String, String> env) {
        String uri = env.get("QUARKUS_REDIS_HOSTS");
        return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
