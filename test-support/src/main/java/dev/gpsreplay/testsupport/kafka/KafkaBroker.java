package dev.gpsreplay.testsupport.kafka;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A real, single-node Apache Kafka broker (KRaft: broker and controller in one process), run as a
 * separate {@code java} process on two free loopback ports. No Docker, no in-JVM broker.
 *
 * <p>The broker's jars come from the {@code kafka-broker} module, which copies them into
 * {@code kafka-broker/target/kafka-libs} (build it once with
 * {@code ./mvnw -f kafka-broker/pom.xml package}). They are looked up, in this order, in the system
 * property {@value #LIBS_PROPERTY}, the environment variable {@value #LIBS_ENV}, and then in
 * {@code kafka-broker/target/kafka-libs} under the working directory or any of its parents. The
 * broker never shares the caller's classpath.
 *
 * <p>Each broker gets its own temporary directory holding {@code server.properties}, the data
 * ({@code data/}) and the log ({@code broker.log}). {@link #kill()} and {@link #stop()} keep that
 * directory, so {@link #restart()} brings the broker back on the same ports with the same topics,
 * records and committed offsets. {@link #close()} kills the broker and deletes the directory.
 * A JVM shutdown hook kills every broker still running, and brokers left behind by a JVM that was
 * itself killed are reaped the next time a broker starts.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     kafka.createTopic("gps-fixes", 3);
 *     // ... produce / consume against kafka.bootstrapServers() ...
 *     kafka.kill();      // crash it (SIGKILL)
 *     kafka.restart();   // same ports, same data
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the folder of the broker's jars. */
    public static final String LIBS_PROPERTY = "gpsreplay.kafka.libs";
    /** Environment variable naming the folder of the broker's jars (used when the property is unset). */
    public static final String LIBS_ENV = "GPSREPLAY_KAFKA_LIBS";
    /** System property: seconds to wait for a broker to format, start and answer (default 120). */
    public static final String START_TIMEOUT_PROPERTY = "gpsreplay.kafka.start-timeout-seconds";
    /** System property: JVM options of the broker process, space separated (replaces the defaults). */
    public static final String JVM_OPTIONS_PROPERTY = "gpsreplay.kafka.jvm-options";

    /** Where the {@code kafka-broker} module puts the jars, relative to the project root. */
    static final String LIBS_RELATIVE_PATH = "kafka-broker/target/kafka-libs";
    static final String BUILD_HINT =
            "Build the broker's jars once with `./mvnw -f kafka-broker/pom.xml package` from the project root,"
                    + " or point -D" + LIBS_PROPERTY + " / " + LIBS_ENV + " at a folder holding them.";

    /**
     * Small heap (the broker needs ~100 MB here), serial GC and C1 only: fastest start and the
     * least CPU on a 2-core machine, plenty for tests and a local replay.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private static final String DIR_PREFIX = "gpsreplay-kafka-";
    private static final String OWNER_PID_FILE = "owner.pid";
    private static final String BROKER_PID_FILE = "broker.pid";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    /** Brokers of this JVM that were not closed yet (their ports stay reserved, even while stopped). */
    private static final Set<KafkaBroker> OPEN = ConcurrentHashMap.newKeySet();
    private static final Object SHUTDOWN_HOOK_LOCK = new Object();
    private static boolean shutdownHookRegistered;

    private final Path libs;
    private final Path workDir;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private final Duration startTimeout;

    private volatile Process process;
    private boolean closed;

    private KafkaBroker(Path libs, Path workDir, int port, int controllerPort, Duration startTimeout) {
        this.libs = libs;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.configFile = workDir.resolve("server.properties");
        this.logFile = workDir.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = newClusterId();
        this.startTimeout = startTimeout;
    }

    // ------------------------------------------------------------------------------------------
    // Starting

    /** Starts a fresh broker on free loopback ports and returns once it answers Kafka requests. */
    public static KafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a fresh broker like {@link #start()}, with extra or overriding {@code server.properties}
     * entries (for example {@code auto.create.topics.enable=false}).
     */
    public static KafkaBroker start(Map<String, String> extraServerProperties) {
        Path libs = locateLibs();
        reapOrphans();
        registerShutdownHook();
        Duration timeout = startTimeout();
        for (int attempt = 1; ; attempt++) {
            KafkaBroker broker = create(libs, timeout);
            try {
                broker.writeConfig(extraServerProperties);
                broker.format();
                broker.launchAndAwait();
                return broker;
            } catch (RuntimeException e) {
                broker.discard();
                // Another process may grab a port between our probe and the broker's bind: retry.
                if (attempt < PORT_ATTEMPTS && broker.logTail(200).contains("Address already in use")) {
                    deleteRecursively(broker.workDir);
                    continue;
                }
                // The folder (with its log) is kept for diagnosis; the first start after this JVM
                // has exited deletes it.
                throw e;
            }
        }
    }

    private static KafkaBroker create(Path libs, Duration timeout) {
        synchronized (OPEN) {
            int[] ports = freePorts(2);
            Path dir;
            try {
                dir = Files.createTempDirectory(DIR_PREFIX);
                Files.writeString(dir.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary directory for a Kafka broker", e);
            }
            KafkaBroker broker = new KafkaBroker(libs, dir, ports[0], ports[1], timeout);
            OPEN.add(broker);
            return broker;
        }
    }

    private void writeConfig(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // Single node: every internal topic has one replica, and one partition (50 by default,
        // which makes the first consumer group or transaction noticeably slow to set up).
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // Consumers join at once instead of after the default 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MB dedupe buffer kills a broker whose heap is under ~200 MB at start.
        p.put("log.cleaner.dedupe.buffer.size", "8388608");
        // After a kill the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its old
        // registration's session expires: 9 s by default, 3 s here. 500 ms heartbeats keep it alive.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Fewer threads on a 2-core machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.putAll(extra);

        StringBuilder text = new StringBuilder("# Written by ")
                .append(KafkaBroker.class.getName()).append('\n');
        p.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(configFile, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile, e);
        }
    }

    /** Formats the data directory (StorageTool), as {@code kafka-storage.sh format} does. */
    private void format() {
        Path formatLog = workDir.resolve("format.log");
        List<String> command = javaCommand();
        command.addAll(List.of("kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId, "--config", configFile.toString()));
        Process formatter;
        try {
            formatter = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(formatLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        }
        try {
            if (!formatter.waitFor(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                formatter.destroyForcibly();
                throw failure("Formatting the Kafka data directory took longer than " + startTimeout, formatLog);
            }
        } catch (InterruptedException e) {
            formatter.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting the Kafka data directory", e);
        }
        if (formatter.exitValue() != 0) {
            throw failure("Formatting the Kafka data directory failed with exit code " + formatter.exitValue(),
                    formatLog);
        }
    }

    private void launchAndAwait() {
        appendToLog("==== " + LocalTime.now() + " " + KafkaBroker.class.getSimpleName() + ": starting broker on "
                + bootstrapServers() + " (controller " + controllerPort + ")\n");
        List<String> command = javaCommand();
        command.add("kafka.Kafka");
        command.add(configFile.toString()); // last: the orphan reaper matches on it
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
            Files.writeString(workDir.resolve(BROKER_PID_FILE), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker with " + command.get(0), e);
        }
        awaitReady();
    }

    private List<String> javaCommand() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        List<String> command = new ArrayList<>();
        command.add(javaBinary.toString());
        command.addAll(jvmOptions());
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(libs.toAbsolutePath() + File.separator + "*");
        return command;
    }

    private static List<String> jvmOptions() {
        String configured = System.getProperty(JVM_OPTIONS_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_JVM_OPTIONS;
        }
        return Arrays.stream(configured.trim().split("\\s+")).toList();
    }

    /**
     * Waits until the broker answers a Metadata request listing itself: a listening port alone is
     * not enough, the broker must also have registered with its controller and been unfenced.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        // 1. The port opens last in the broker's start; probing it first keeps the admin client's
        //    "connection refused" warnings out of the caller's log.
        while (!canConnect()) {
            checkAlive("before it opened port " + port);
            if (System.nanoTime() > deadline) {
                throw failure("The Kafka broker did not open port " + port + " within " + startTimeout, logFile);
            }
            sleep(50);
        }
        // 2. A real Kafka request.
        Exception last = null;
        try (Admin admin = Admin.create(adminConfig("gpsreplay-kafka-readiness"))) {
            while (true) {
                checkAlive("before it answered Kafka requests");
                try {
                    long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    Collection<Node> nodes = admin.describeCluster(
                                    new DescribeClusterOptions().timeoutMs((int) Math.min(5_000, remainingMs)))
                            .nodes().get();
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause() instanceof Exception cause ? cause : e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
                if (System.nanoTime() > deadline) {
                    IllegalStateException failure = failure("The Kafka broker on " + bootstrapServers()
                            + " did not answer a Metadata request within " + startTimeout
                            + (last == null ? "" : " (last error: " + last + ")"), logFile);
                    if (last != null) {
                        failure.initCause(last);
                    }
                    throw failure;
                }
                sleep(100);
            }
        }
    }

    private boolean canConnect() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void checkAlive(String when) {
        Process p = process;
        if (p != null && !p.isAlive()) {
            throw failure("The Kafka broker exited with code " + p.exitValue() + " " + when, logFile);
        }
    }

    private IllegalStateException failure(String message, Path log) {
        return new IllegalStateException(message + "\n---- last lines of " + log + " ----\n"
                + tail(log, 60) + "---- end of " + log.getFileName() + " ----");
    }

    // ------------------------------------------------------------------------------------------
    // Public API

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. The same for the broker's whole life. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's client (PLAINTEXT) port. */
    public int port() {
        return port;
    }

    /** The KRaft controller's port. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The broker's own temporary directory: {@code server.properties}, {@code data/}, {@code broker.log}. */
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

    /** The last {@code lines} lines of the broker's log. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /**
     * Stops the broker gracefully (SIGTERM, as {@code kafka-server-stop.sh} does) and waits for it to
     * exit; kills it if it takes longer than 30 s. Data and ports are kept for {@link #restart()}.
     * Does nothing if the broker is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, STOP_GRACE)) {
            process.destroyForcibly();
            waitFor(process, KILL_WAIT);
        }
        process = null;
    }

    /**
     * Kills the broker at once (SIGKILL: no shutdown hook, no flush, no controlled shutdown), as a
     * crash would, and waits for the process to be gone. Data and ports are kept for
     * {@link #restart()}. Does nothing if the broker is not running.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!waitFor(process, KILL_WAIT)) {
            throw new IllegalStateException("The Kafka broker (pid " + process.pid() + ") did not die within "
                    + KILL_WAIT);
        }
        process = null;
    }

    /**
     * (Re)starts the broker on the same ports with the same data directory, so topics, records and
     * committed offsets written before survive. Stops it gracefully first if it is running; after
     * {@link #kill()} it starts it again, recovering the log like a crashed broker does. Returns
     * once the broker answers Kafka requests.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("This Kafka broker was closed");
        }
        stop();
        try {
            launchAndAwait();
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /**
     * Creates a topic with {@code partitions} partitions and replication factor 1, and waits until
     * every partition has a leader.
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Like {@link #createTopic(String, int)}, with topic configs (e.g. {@code cleanup.policy=compact}). */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(adminConfig("gpsreplay-kafka-create-topic"))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(name))
                            .allTopicNames().get(10, TimeUnit.SECONDS).get(name);
                    if (description != null && description.partitions().size() == partitions
                            && description.partitions().stream().map(TopicPartitionInfo::leader)
                            .allMatch(leader -> leader != null && !leader.isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not visible yet (UnknownTopicOrPartition): retry
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topic " + name + " has no leader for all its partitions after 30 s");
                }
                sleep(50);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topic " + name + " on " + bootstrapServers()
                    + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + name + " on " + bootstrapServers() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /** Kills the broker and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kill(); // its data is deleted right after: a graceful stop would only cost time
        } finally {
            OPEN.remove(this);
            deleteRecursively(workDir);
        }
    }

    /** After a failed start: kill, forget, keep the directory (and its log) for diagnosis. */
    private synchronized void discard() {
        closed = true;
        try {
            kill();
        } finally {
            OPEN.remove(this);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", controller " + controllerPort + ", " + workDir + "]";
    }

    private Properties adminConfig(String clientId) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-" + port);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        return config;
    }

    // ------------------------------------------------------------------------------------------
    // Locating the jars

    static Path locateLibs() {
        return locateLibs(System.getProperty(LIBS_PROPERTY), System.getenv(LIBS_ENV),
                Path.of(System.getProperty("user.dir")));
    }

    /** The jars' folder: {@code property}, else {@code env}, else found by walking up from {@code workingDir}. */
    static Path locateLibs(String property, String env, Path workingDir) {
        if (property != null && !property.isBlank()) {
            return checkLibs(Path.of(property.trim()), "-D" + LIBS_PROPERTY);
        }
        if (env != null && !env.isBlank()) {
            return checkLibs(Path.of(env.trim()), "$" + LIBS_ENV);
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(LIBS_RELATIVE_PATH);
            if (hasBrokerJar(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Kafka broker jars not found: no " + LIBS_RELATIVE_PATH + " with a kafka_2.13 jar in "
                + workingDir.toAbsolutePath() + " or any parent directory, and neither -D" + LIBS_PROPERTY
                + " nor $" + LIBS_ENV + " is set. " + BUILD_HINT);
    }

    private static Path checkLibs(Path dir, String source) {
        if (!hasBrokerJar(dir)) {
            throw new IllegalStateException("Kafka broker jars not found: " + source + " points at " + dir.toAbsolutePath()
                    + ", which holds no kafka_2.13-*.jar. " + BUILD_HINT);
        }
        return dir.toAbsolutePath();
    }

    private static boolean hasBrokerJar(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "kafka_2.13-*.jar")) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Process housekeeping

    private static void registerShutdownHook() {
        synchronized (SHUTDOWN_HOOK_LOCK) {
            if (!shutdownHookRegistered) {
                Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::killAllOnExit, "gpsreplay-kafka-shutdown"));
                shutdownHookRegistered = true;
            }
        }
    }

    /** Shutdown hook: no broker outlives this JVM. Does not take the brokers' locks. */
    private static void killAllOnExit() {
        List<KafkaBroker> brokers = new ArrayList<>(OPEN);
        for (KafkaBroker broker : brokers) {
            Process p = broker.process;
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (KafkaBroker broker : brokers) {
            Process p = broker.process;
            if (p != null) {
                waitFor(p, Duration.ofSeconds(5));
            }
            deleteRecursively(broker.workDir);
        }
    }

    /**
     * Kills brokers whose owning JVM is gone (killed before its shutdown hook could run) and deletes
     * their directories. Only a process whose command line names that directory's
     * {@code server.properties} is ever killed.
     */
    static void reapOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                try {
                    reapIfOrphan(dir);
                } catch (IOException | RuntimeException e) {
                    // best effort: someone else's directory, a race with its owner, ...
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void reapIfOrphan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        OptionalLong owner = readPid(dir.resolve(OWNER_PID_FILE));
        if (owner.isEmpty()) {
            // Being created right now, or not ours: leave it unless it is old.
            FileTime modified = Files.getLastModifiedTime(dir);
            if (modified.toInstant().isAfter(Instant.now().minus(Duration.ofHours(1)))) {
                return;
            }
        } else if (ProcessHandle.of(owner.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        OptionalLong brokerPid = readPid(dir.resolve(BROKER_PID_FILE));
        if (brokerPid.isPresent()) {
            String config = dir.resolve("server.properties").toString();
            Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid.getAsLong());
            if (broker.isPresent() && broker.get().info().commandLine().map(c -> c.contains(config)).orElse(false)) {
                broker.get().destroyForcibly();
                broker.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            }
        }
        deleteRecursively(dir);
    }

    private static OptionalLong readPid(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Two (or {@code count}) distinct free loopback ports, none of them held by a broker of this JVM. */
    private static int[] freePorts(int count) {
        Set<Integer> taken = new HashSet<>();
        for (KafkaBroker broker : OPEN) {
            taken.add(broker.port);
            taken.add(broker.controllerPort);
        }
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            for (int tries = 0; found < count && tries < 100; tries++) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                sockets.add(socket); // held open until all are picked, so they differ
                if (taken.add(socket.getLocalPort())) {
                    ports[found++] = socket.getLocalPort();
                }
            }
            if (found < count) {
                throw new IllegalStateException("Cannot find " + count + " free loopback ports");
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static Duration startTimeout() {
        String value = System.getProperty(START_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(120);
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + START_TIMEOUT_PROPERTY + " must be a number of seconds: " + value, e);
        }
    }

    /** A random KRaft cluster id (16 bytes, URL-safe base64), never starting with '-' so no CLI takes it for a flag. */
    private static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            byte[] bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
            }
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private void appendToLog(String line) {
        try (BufferedWriter writer = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write(line);
        } catch (IOException e) {
            // the log is for humans only
        }
    }

    /** The last {@code lines} lines of a file (reads at most its last 64 KB). */
    static String tail(Path file, int lines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            int end = all.length > 0 && all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
            int from = Math.max(0, end - lines);
            StringBuilder text = new StringBuilder();
            for (int i = from; i < end; i++) {
                text.append(all[i]).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
