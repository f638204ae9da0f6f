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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What every phase shares: settings, the one Kafka broker of the run (a fresh topic per phase), a
 * fresh Redis per phase, the service jars and their heap limits, the track copies, the report.
 */
final class Lab implements AutoCloseable {

    /** A native executable's default maximum heap: 80% of the container's memory (when its args do not say). */
    static final int DEFAULT_HEAP_PERCENT = 80;

    private static final Pattern MEMORY_LIMIT =
            Pattern.compile("limits:\\s*\\n(?:\\s+cpu:[^\\n]*\\n)?\\s+memory:\\s*(\\d+)Mi");
    /** The container's args in deploy/base, e.g. {@code - -XX:MaximumHeapSizePercent=50}. */
    private static final Pattern HEAP_PERCENT = Pattern.compile("-XX:MaximumHeapSizePercent=(\\d+)");

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

    /** A consumer of the run's broker that reads raw values, in no group: close it after use. */
    KafkaConsumer<byte[], byte[]> byteConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    /** Every partition of {@code topic}, as {@code consumer} sees it. */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    static RedisServer newRedis() {
        return RedisServer.start();
    }

    Path jar(String service) {
        return root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The heap the service's container gets, as deploy/base starts it: BENCH_<SERVICE>_XMX, else the
     * share of its memory limit its args give ({@code -XX:MaximumHeapSizePercent}, else 80%), else 256m.
     */
    String containerXmx(String service) {
        String override = System.getenv("BENCH_" + service.toUpperCase().replace('-', '_') + "_XMX");
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        return containerHeap(service).map(heap -> heap.xmx).orElse("256m");
    }

    /** How {@link #containerXmx} was found, for the report. */
    String heapNote(String service) {
        String xmx = containerXmx(service);
        return containerHeap(service)
                .filter(heap -> heap.xmx.equals(xmx))
                .map(heap -> "-Xmx" + xmx + " (" + heap.percent + "% of its " + heap.limitMi
                        + "Mi container limit, as deploy/base starts it)")
                .orElse("-Xmx" + xmx);
    }

    /**
     * JVM options that size the JVM as inside the service's container rather than on this host:
     * {@code -XX:MaxRAM} at the container's memory limit (the initial heap is then 1/64 of it, not of
     * the host's memory), and the serial collector, which a JVM picks by itself with less than
     * 1,792 MB (and which the native images use). Empty when deploy/base gives no limit.
     */
    List<String> containerJvmOptions(String service) {
        return containerHeap(service)
                .map(heap -> List.of("-XX:MaxRAM=" + heap.limitMi + "m", "-XX:+UseSerialGC"))
                .orElse(List.of());
    }

    /** A container's heap as its manifest starts it: {@code percent} of {@code limitMi}. */
    record ContainerHeap(String xmx, int percent, int limitMi) {}

    private Optional<ContainerHeap> containerHeap(String service) {
        return containerHeap(root.resolve("deploy/base").resolve(service + ".yml"));
    }

    /** The heap a manifest's memory limit and args give its container; empty without a limit. */
    static Optional<ContainerHeap> containerHeap(Path manifest) {
        try {
            if (!Files.isRegularFile(manifest)) {
                return Optional.empty();
            }
            String text = Files.readString(manifest);
            Matcher limit = MEMORY_LIMIT.matcher(text);
            if (!limit.find()) {
                return Optional.empty();
            }
            Matcher percent = HEAP_PERCENT.matcher(text);
            int share = percent.find() ? Integer.parseInt(percent.group(1)) : DEFAULT_HEAP_PERCENT;
            int limitMi = Integer.parseInt(limit.group(1));
            return Optional.of(new ContainerHeap(limitMi * share / 100 + "m", share, limitMi));
        } catch (IOException e) {
            return Optional.empty(); // the system tests' heap, then
        }
    }

    /** query-api consuming {@code topic} into {@code redis}: the event-driven variant. */
    ServiceProcess queryApi(RedisServer redis, String topic, String xmx) {
        return queryApi(redis, topic, xmx, List.of());
    }

    /** The same, with more JVM options (e.g. {@link #containerJvmOptions}). */
    ServiceProcess queryApi(RedisServer redis, String topic, String xmx, List<String> jvmOptions) {
        Map<String, String> env = Map.of(
                "QUARKUS_REDIS_HOSTS",
                redis.uri(),
                "QUERY_INGEST",
                "kafka",
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka().bootstrapServers(),
                "GPS_FIXES_TOPIC",
                topic);
        return ServiceProcess.start("query-api", jar("query-api"), xmx, jvmOptions, env, logs, settings.readyTimeout());
    }

    /** The replayer publishing {@code vehicles} to {@code topic}; {@code source} from {@link #vehicles}. */
    ServiceProcess replayer(
            RedisServer redis, String topic, Map<String, String> source, double speed, boolean loop, String xmx) {
        return replayer(redis, topic, source, speed, loop, xmx, List.of());
    }

    /** The same, with more JVM options (e.g. {@link #containerJvmOptions}). */
    ServiceProcess replayer(
            RedisServer redis,
            String topic,
            Map<String, String> source,
            double speed,
            boolean loop,
            String xmx,
            List<String> jvmOptions) {
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
        return ServiceProcess.start("replayer", jar("replayer"), xmx, jvmOptions, env, logs, settings.readyTimeout());
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
                    "replayer-probe", jar("replayer"), "256m", List.of(), env, logs, settings.readyTimeout())) {
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
