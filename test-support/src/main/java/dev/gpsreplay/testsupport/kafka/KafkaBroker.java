package dev.gpsreplay.testsupport.kafka;

import dev.gpsreplay.testsupport.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real, single-node Apache Kafka broker (KRaft: broker and controller in one process), run as a
 * separate {@code java} process on two free loopback ports. No Docker, no in-JVM broker. Its jars come
 * from the {@code kafka-broker} module (see {@link KafkaConfig#locateLibs()}).
 *
 * <p>Each broker has its own temporary folder ({@link #workDir()}): {@code server.properties},
 * {@code data/} and {@code broker.log}. {@link #kill()} (a crash) and {@link #stop()} keep it, so
 * {@link #restart()} brings the broker back on the same ports with the same topics, records and
 * committed offsets; {@link #close()} deletes it. No broker outlives its JVM (see {@link Processes}).
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the folder of the broker's jars. */
    public static final String LIBS_PROPERTY = "gpsreplay.kafka.libs";
    /** Environment variable naming the folder of the broker's jars (used when the property is unset). */
    public static final String LIBS_ENV = "GPSREPLAY_KAFKA_LIBS";

    private final Path libs = KafkaConfig.locateLibs();
    // Generous: a loaded 2-core CI machine starting a JVM with Scala on the classpath can be slow.
    private final Duration startTimeout = Duration.ofSeconds(120);
    private final int[] ports = Processes.freePorts(2); // client, controller
    private final Path workDir = Processes.tempDir("gpsreplay-kafka-");
    private final Path configFile = workDir.resolve("server.properties");
    private final Path logFile = workDir.resolve("broker.log");
    private volatile Process process;
    private boolean closed;

    private KafkaBroker() {}

    /** Starts a fresh broker on free loopback ports and returns once it answers Kafka requests. */
    public static KafkaBroker start() {
        return Processes.retryOnPortRace(() -> {
            KafkaBroker broker = new KafkaBroker();
            try {
                Processes.write(
                        broker.configFile,
                        KafkaConfig.serverProperties(
                                broker.port(), broker.controllerPort(), broker.workDir.resolve("data")));
                broker.format();
                broker.launch();
                return broker;
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        });
    }

    /** Formats the data folder for a new cluster, as {@code kafka-storage.sh format} does. */
    private void format() {
        Path log = workDir.resolve("format.log");
        Process formatter = Processes.start(
                KafkaConfig.javaCommand(
                        libs,
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(), // URL-safe base64, never starting with '-'
                        "--config",
                        configFile.toString()),
                Map.of(),
                workDir,
                log);
        if (!Processes.waitFor(formatter, startTimeout) || formatter.exitValue() != 0) {
            Processes.kill(formatter);
            throw Processes.failure("Formatting the Kafka data folder failed or took over " + startTimeout, log);
        }
    }

    private void launch() {
        process = Processes.start(
                KafkaConfig.javaCommand(libs, "kafka.Kafka", configFile.toString()), Map.of(), workDir, logFile);
        try (Admin admin = KafkaAdmin.create(bootstrapServers(), "gpsreplay-readiness-" + port())) {
            Processes.await(
                    process,
                    startTimeout,
                    logFile,
                    "The Kafka broker on " + bootstrapServers(),
                    () -> KafkaAdmin.answers(admin, port()));
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. The same for the broker's whole life. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    /** The broker's client (PLAINTEXT) port. */
    public int port() {
        return ports[0];
    }

    /** The KRaft controller's port. */
    public int controllerPort() {
        return ports[1];
    }

    /** The broker's own temporary folder: {@code server.properties}, {@code data/}, {@code broker.log}. */
    public Path workDir() {
        return workDir;
    }

    /** The broker's log (stdout and stderr of every run, appended). */
    public Path logFile() {
        return logFile;
    }

    /** Whether the broker process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker process's id, while it runs. */
    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** Stops the broker gracefully (SIGTERM; SIGKILL after 30 s), keeping data and ports for {@link #restart()}. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(30));
            process = null;
        }
    }

    /** Kills the broker at once (SIGKILL: no flush, no controlled shutdown), keeping data and ports. */
    public synchronized void kill() {
        if (process != null) {
            Processes.kill(process);
            process = null;
        }
    }

    /**
     * Starts the broker again (stopping it first if it runs) on the same ports with the same data, so
     * topics, records and committed offsets survive; after {@link #kill()} it recovers its log like a
     * crashed broker. Returns once it answers Kafka requests.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("This Kafka broker was closed");
        }
        stop();
        launch();
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        KafkaAdmin.createTopic(bootstrapServers(), name, partitions);
    }

    /** Kills the broker (its data is deleted next: a graceful stop would only cost time) and deletes its folder. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            kill();
            Processes.deleteTree(workDir);
        }
    }
}
