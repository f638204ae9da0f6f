package dev.gpsreplay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code java -Xmx.. -jar quarkus-run.jar}) as a process on free loopback ports,
 * with the environment system-tests' ServiceProcess gives it. Measures its start-to-ready time, RSS
 * and heap after a full GC.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;
    private final long startNanos;
    private final String xmx;
    private long readyMillis = -1;
    private String healthBase;

    private ServiceProcess(
            String name, Process process, Path log, int port, int managementPort, long startNanos, String xmx) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
        this.startNanos = startNanos;
        this.xmx = xmx;
    }

    /** Starts {@code jar} and waits (up to {@code timeout}) until {@code /q/health/ready} answers 200. */
    static ServiceProcess start(
            String name,
            Path jar,
            String xmx,
            List<String> jvmOptions,
            Map<String, String> env,
            Path logs,
            Duration timeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: bench/run.sh builds it");
        }
        int port = freePort();
        int managementPort = freePort();
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + "-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + xmx));
            command.addAll(jvmOptions);
            // e.g. a profiler: BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile'
            String extra = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
            builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            builder.environment().putAll(env);
            builder.environment().putAll(extraEnv(name, System.getenv()));
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            // when a service serves metrics and health on a management interface, keep it on loopback and private
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            long startNanos = System.nanoTime();
            ServiceProcess service =
                    new ServiceProcess(name, builder.start(), log, port, managementPort, startNanos, xmx);
            service.awaitReady(timeout);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * More environment for one service, for experiments: {@code BENCH_QUERY_API_ENV_X=1} gives
     * query-api {@code X=1}, {@code BENCH_REPLAYER_ENV_X=1} the replayer (settings that the other
     * service would refuse, e.g. a channel it does not have).
     */
    static Map<String, String> extraEnv(String name, Map<String, String> environment) {
        String prefix = "BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_ENV_";
        Map<String, String> extra = new HashMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                extra.put(key.substring(prefix.length()), value);
            }
        });
        return extra;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady(Duration timeout) {
        long deadline = startNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + "; log " + log + ":\n" + logTail());
            }
            for (String base : List.of(baseUri(), "http://127.0.0.1:" + managementPort)) {
                if (Http.status(base + "/q/health/ready", Duration.ofSeconds(2)) == 200) {
                    readyMillis = (System.nanoTime() - startNanos) / 1_000_000;
                    healthBase = base;
                    return;
                }
            }
            sleep(20);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout + "; log " + log + ":\n" + logTail());
    }

    String name() {
        return name;
    }

    String xmx() {
        return xmx;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Where /q/health and /q/metrics answer: the HTTP port, or the management port when the service has one. */
    String managementBase() {
        return healthBase;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far (all threads), in seconds; NaN where the OS does not say. */
    double cpuSeconds() {
        return cpuSeconds(OptionalLong.of(process.pid()));
    }

    /** {@link #cpuSeconds()} of any process (Redis, the broker), by pid; NaN when it is not running. */
    static double cpuSeconds(OptionalLong pid) {
        return (pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.<ProcessHandle>empty())
                .flatMap(handle -> handle.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Process start to the first 200 of /q/health/ready. */
    long readyMillis() {
        return readyMillis;
    }

    boolean ready() {
        return Http.status(healthBase + "/q/health/ready", Duration.ofSeconds(2)) == 200;
    }

    Prometheus metrics() throws IOException {
        var response = Http.get(healthBase + "/q/metrics");
        if (response.statusCode() != 200) {
            throw new IOException(name + " /q/metrics: " + response.statusCode());
        }
        return Prometheus.parse(response.body());
    }

    /** Resident set size from /proc/&lt;pid&gt;/status (VmRSS), in MiB. */
    double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    /** Heap in use right after a full GC (jcmd GC.run, then the JVM's own jvm_memory_used_bytes{area=heap}), in MiB. */
    double heapAfterGcMiB() throws IOException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid()),
                        "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Prometheus metrics = metrics();
        return metrics.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area"))) / (1024.0 * 1024.0);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
