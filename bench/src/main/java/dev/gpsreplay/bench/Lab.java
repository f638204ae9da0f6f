package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpsreplay.testsupport.RedisServer;
import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every phase shares: settings, the one Kafka broker of the run (a fresh topic per phase), a
 * fresh Redis per phase, the service jars and their heap limits, the track copies, the report.
 */
final class Lab implements AutoCloseable {

    /** run-java.sh's default in the JVM images (ubi9 openjdk runtime): the heap is 80% of the container's memory. */
    static final double CONTAINER_HEAP_RATIO = 0.8;

    private static final Pattern MEMORY_LIMIT =
            Pattern.compile("limits:\\s*\\n(?:\\s+cpu:[^\\n]*\\n)?\\s+memory:\\s*(\\d+)Mi");

    final Settings settings;
    final Report report;
    final Tracks tracks;
    final Path root;
    final Path work;
    final Path logs;
    private final AtomicInteger topics = new AtomicInteger();
    private KafkaBroker kafka;
    private Boolean copiesSupported;

    Lab(Settings settings, Report report, Path root, Path work) throws IOException {
        this.settings = settings;
        this.report = report;
        this.root = root;
        this.work = work;
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.tracks = new Tracks(root, Files.createDirectories(work.resolve("tracks")));
    }

    synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start();
        }
        return kafka;
    }

    /** A new topic with the configured partition count; both services of a phase are pointed at it. */
    String newTopic(String phase) {
        String topic = "bench-" + phase + "-" + topics.incrementAndGet();
        kafka().createTopic(topic, settings.partitions());
        return topic;
    }

    static RedisServer newRedis() {
        return RedisServer.start();
    }

    Path jar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The heap the service's container gets: BENCH_<SERVICE>_XMX, else 80% of its memory limit in deploy/base, else 256m. */
    String containerXmx(String service) {
        String override = System.getenv("BENCH_" + service.toUpperCase().replace('-', '_') + "_XMX");
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        Path manifest = root.resolve("deploy/base").resolve(service + ".yml");
        try {
            if (Files.isRegularFile(manifest)) {
                Matcher m = MEMORY_LIMIT.matcher(Files.readString(manifest));
                if (m.find()) {
                    return (int) (Integer.parseInt(m.group(1)) * CONTAINER_HEAP_RATIO) + "m";
                }
            }
        } catch (IOException e) {
            // fall through to the system tests' heap
        }
        return "256m";
    }

    String heapNote(String service) {
        return "-Xmx" + containerXmx(service);
    }

    /** query-api consuming {@code topic} into {@code redis}: the event-driven variant. */
    ServiceProcess queryApi(RedisServer redis, String topic, String xmx) {
        Map<String, String> env = Map.of(
                "QUARKUS_REDIS_HOSTS",
                redis.uri(),
                "QUERY_INGEST",
                "kafka",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka().bootstrapServers(),
                "GPS_FIXES_TOPIC",
                topic);
        return ServiceProcess.start("query-api", jar("query-api"), xmx, env, logs, settings.readyTimeout());
    }

    /** The replayer publishing {@code vehicles} to {@code topic}; {@code source} from {@link #vehicles}. */
    ServiceProcess replayer(
            RedisServer redis, String topic, Map<String, String> source, double speed, boolean loop, String xmx) {
        Map<String, String> env = new HashMap<>(source);
        env.put("REPLAY_SINK", "kafka");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka().bootstrapServers());
        env.put("GPS_FIXES_TOPIC", topic);
        env.put("REPLAY_SPEED", Double.toString(speed));
        env.put("REPLAY_LOOP", Boolean.toString(loop));
        env.put("REPLAY_FROM_START", "true"); // every run measured from the first fix, whatever an earlier one left
        if (redis != null) {
            env.put("QUARKUS_REDIS_HOSTS", redis.uri()); // the view's (REST) or the checkpoints' Redis
        } else {
            env.put("REPLAY_CHECKPOINT_ENABLED", "false"); // no Redis of this run to keep them in
        }
        return ServiceProcess.start("replayer", jar("replayer"), xmx, env, logs, settings.readyTimeout());
    }

    /**
     * The replayer's source for {@code count} vehicles: one track of {@code rows} fixes with
     * REPLAY_COPIES when the replayer has that setting, else a folder of {@code count} copies.
     * {@code rows} 0 means the whole drive.
     */
    Map<String, String> vehicles(int count, int rows) throws IOException {
        if (copiesSupported()) {
            return Map.of("REPLAY_SOURCE", tracks.track(rows).toString(), "REPLAY_COPIES", Integer.toString(count));
        }
        return Map.of("REPLAY_SOURCE", tracks.copies(count, rows).toString());
    }

    /** Asks a replayer with REPLAY_COPIES=3 how many replays it runs: 3 when it knows the setting. */
    synchronized boolean copiesSupported() throws IOException {
        if (copiesSupported == null) {
            Map<String, String> env = Map.of(
                    "REPLAY_SINK",
                    "log",
                    "REPLAY_SOURCE",
                    tracks.track(20).toString(),
                    "REPLAY_COPIES",
                    "3",
                    "REPLAY_SPEED",
                    "1");
            try (ServiceProcess probe = ServiceProcess.start(
                    "replayer-probe", jar("replayer"), "256m", env, logs, settings.readyTimeout())) {
                List<JsonNode> replays = Http.list(probe.baseUri(), "/replays");
                copiesSupported = replays.size() >= 3;
            }
            System.err.println("[bench] replayer REPLAY_COPIES: "
                    + (copiesSupported ? "supported" : "not supported, using a folder of copies"));
            report.details("run").put("replay_copies_supported", copiesSupported);
        }
        return copiesSupported;
    }

    /** Waits until {@code service}'s /q/health/ready answers 200 (up to {@code timeout}). */
    static void awaitReady(ServiceProcess service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!service.ready()) {
            if (System.nanoTime() > deadline || !service.isAlive()) {
                throw new IllegalStateException(service.name() + " not ready; log:\n" + service.logTail());
            }
            ServiceProcess.sleep(200);
        }
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
