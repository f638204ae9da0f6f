package dev.gpsreplay.testsupport;

import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs GPS Replay's processes for {@code run.sh}: a private Redis and/or Kafka broker, then the
 * services, and keeps them until it is stopped:
 *
 * <pre>
 * java -cp ... dev.gpsreplay.testsupport.Launcher [redis] [kafka]
 *     [--service NAME READY_URL JAR [NAME=VALUE ...]]... [--log-dir DIR] [--ready-timeout SECONDS]
 *     [--env-file FILE] [--watch-pid PID]
 * </pre>
 *
 * <p>Each service is {@code java -jar JAR} with this process's environment, the addresses of the
 * Redis and Kafka started here and its own {@code NAME=VALUE}s, logging to {@code DIR/NAME.log}; it
 * is ready when {@code READY_URL} answers 200. Once all are ready it prints, and writes atomically to
 * {@code FILE}, {@code NAME=value} lines: {@code QUARKUS_REDIS_HOSTS} (e.g.
 * {@code redis://127.0.0.1:34567}) and {@code KAFKA_BOOTSTRAP_SERVERS}.
 *
 * <p>It exits, stopping everything the last started first (see {@link Processes}), on SIGTERM or
 * SIGINT, when process {@code PID} (by default its parent) ends, so that it never outlives a killed
 * run.sh, and with status 1 when a process it started exits or a service is not ready in time.
 */
public final class Launcher {

    private record Service(String name, URI ready, Path jar, Map<String, String> env) {

        Path log(Path logDir) {
            return logDir.resolve(name + ".log").toAbsolutePath();
        }
    }

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        // The Kafka admin client's INFO lines (its whole configuration) would bury what matters.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<String> deps = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        Path envFile = null;
        Path logDir = Path.of(".");
        Duration readyTimeout = Duration.ofSeconds(90);
        long watched = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "redis", "kafka" -> deps.add(args[i]);
                case "--service" -> {
                    Service service = new Service(
                            args[++i], URI.create(args[++i]), Path.of(args[++i]).toAbsolutePath(), new HashMap<>());
                    while (i + 1 < args.length && args[i + 1].matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                        String[] pair = args[++i].split("=", 2);
                        service.env().put(pair[0], pair[1]);
                    }
                    services.add(service);
                }
                case "--log-dir" -> logDir = Path.of(args[++i]);
                case "--ready-timeout" -> readyTimeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--env-file" -> envFile = Path.of(args[++i]);
                case "--watch-pid" -> watched = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException("Usage: Launcher [redis] [kafka] [--service NAME READY_URL JAR"
                            + " [NAME=VALUE ...]]... [--log-dir DIR] [--ready-timeout SECONDS] [--env-file FILE]"
                            + " [--watch-pid PID]; unknown argument " + args[i]);
            }
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        Map<String, BooleanSupplier> running = new LinkedHashMap<>(); // what must stay up, by name
        if (deps.contains("redis")) {
            RedisServer redis = RedisServer.start();
            addresses.put("QUARKUS_REDIS_HOSTS", redis.uri());
            running.put("Redis", redis::isRunning);
        }
        if (deps.contains("kafka")) {
            KafkaBroker kafka = KafkaBroker.start();
            addresses.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            running.put("Kafka (log " + kafka.logFile() + ")", kafka::isRunning);
        }
        Path logs = logDir; // as parsed
        startServices(services, addresses, logs, readyTimeout)
                .forEach((service, process) ->
                        running.put(service.name() + " (log " + service.log(logs) + ")", process::isAlive));

        StringBuilder text = new StringBuilder();
        addresses.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        System.out.print(text);
        System.out.flush();
        if (envFile != null) { // atomically: a reader polling for the file never sees half of it
            Path partial =
                    Files.writeString(envFile.resolveSibling(envFile.getFileName() + ".partial"), text.toString());
            Files.move(partial, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        while (ProcessHandle.of(watched).map(ProcessHandle::isAlive).orElse(false)) {
            running.forEach((name, alive) -> {
                if (!alive.getAsBoolean()) {
                    System.err.println(name + " exited; stopping everything");
                    System.exit(1); // the shutdown hook stops the rest
                }
            });
            Thread.sleep(500);
        }
        System.exit(0); // runs the shutdown hook, which stops the services, then Redis and Kafka
    }

    /** Starts every service at once, then waits until each is ready (fails with its log's tail otherwise). */
    private static Map<Service, Process> startServices(
            List<Service> services, Map<String, String> addresses, Path logDir, Duration timeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<Service, Process> started = new LinkedHashMap<>();
        for (Service service : services) {
            Map<String, String> env = new HashMap<>(addresses);
            env.putAll(service.env());
            System.out.println("starting " + service.name() + " (log " + service.log(logDir) + ")");
            started.put(
                    service,
                    Processes.start(
                            List.of(java, "-jar", service.jar().toString()),
                            env,
                            Processes.tempDir("gpsreplay-" + service.name() + "-"),
                            service.log(logDir)));
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        started.forEach((service, process) -> {
            HttpRequest probe = HttpRequest.newBuilder(service.ready())
                    .timeout(Duration.ofSeconds(5))
                    .build();
            Processes.await(
                    process,
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
                    service.log(logDir),
                    service.name() + " (" + service.ready() + ")",
                    () -> {
                        try {
                            return http.send(probe, BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException notYet) {
                            return false;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    });
        });
        return started;
    }
}
