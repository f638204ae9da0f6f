package dev.gpsreplay.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service jar running as a process on free loopback ports, as run.sh runs it: its HTTP port and
 * its management port (health and metrics).
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Map<String, String> env;
    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private ServiceProcess(
            String name, Map<String, String> env, Process process, Path log, int port, int managementPort) {
        this.name = name;
        this.env = env;
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the jar named by system property {@code gpsreplay.<name>.jar} and waits until it is ready. */
    static ServiceProcess start(String name, Map<String, String> env) {
        ServiceProcess service = launch(name, env, freePort(), freePort());
        service.awaitReady(Duration.ofSeconds(60));
        return service;
    }

    /** Starts the jar without waiting for it to be ready (e.g. while its dependencies are down). */
    static ServiceProcess launch(String name, Map<String, String> env) {
        return launch(name, env, freePort(), freePort());
    }

    private static ServiceProcess launch(String name, Map<String, String> env, int port, int managementPort) {
        Path jar = Path.of(System.getProperty("gpsreplay." + name + ".jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        try {
            Path logs =
                    Files.createDirectories(Path.of(System.getProperty("gpsreplay.logs.dir", "target/service-logs")));
            Path log = logs.resolve(name + "-" + port + ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // no collector in tests: tracing export off; readable logs for whoever reads them after a failure
            builder.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
            builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            return new ServiceProcess(name, Map.copyOf(env), builder.start(), log, port, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Where health and metrics answer: the management interface. */
    String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Kills the process at once (SIGKILL: no shutdown, nothing flushed), as a crash would. */
    void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /**
     * Stops the process with SIGTERM, as Kubernetes does, and waits for it to exit.
     *
     * @return its exit code, or -1 when it did not exit in time (it is killed then)
     */
    int terminate(Duration timeout) {
        process.destroy();
        if (waitForExit(timeout)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    /** The same service with the same settings started again on the same ports, once it is ready. */
    ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs: kill or terminate it first");
        }
        ServiceProcess again = launch(name, env, port, managementPort);
        again.awaitReady(Duration.ofSeconds(60));
        return again;
    }

    /** Whether it exited within the timeout; interrupted, it gives up waiting (and keeps the interrupt). */
    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail otherwise. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + logTail());
            }
            if (readyStatus() == 200) {
                return;
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout + "; log:\n" + logTail());
    }

    /** The status of {@code /q/health/ready}, or -1 when nothing answers. */
    int readyStatus() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create(managementUri() + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(5000); // a readiness check may wait 2 s on an absent broker
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        terminate(Duration.ofSeconds(10));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
