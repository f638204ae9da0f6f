package dev.gpsreplay.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process on a free port of 127.0.0.1, without persistence, for tests and
 * local runs. The binary: the file named by the system property or environment variable
 * {@value #BINARY_OVERRIDE}, else {@code redis-server} from the {@code PATH}, else the one bundled in
 * the embedded-redis jar. Its temporary folder holds its config, its log and an always-empty data
 * folder; it never outlives its JVM (see {@link Processes}).
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     connectTo(redis.uri());
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

    /** System property, then environment variable, naming the redis-server binary to use. */
    public static final String BINARY_OVERRIDE = "GPSREPLAY_REDIS_SERVER";
    // Generous: a loaded 2-core CI machine running a parallel build can be slow to fork and exec.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static Path embeddedBinary; // extracted lazily, guarded by RedisServer.class

    private final Path binary;
    private final List<String> extraConfig;
    private final int port;
    private final Path dir = Processes.tempDir("gpsreplay-redis-");
    private final Path log = dir.resolve("redis.log");
    private volatile Process process;
    private boolean closed;

    private RedisServer(Path binary, List<String> extraConfig, int port) {
        this.binary = binary;
        this.extraConfig = extraConfig;
        this.port = port;
    }

    /** Starts a redis-server on a free loopback port; returns once it answers PING, else fails with its log. */
    public static RedisServer start() {
        return start(List.of(), () -> Processes.freePorts(1)[0]);
    }

    /**
     * {@link #start()} with more lines of redis.conf (e.g. {@code cluster-enabled yes}), on a port
     * from {@code ports} (asked again if another process takes it first).
     */
    public static RedisServer start(List<String> extraConfig, IntSupplier ports) {
        return start(
                resolveBinary(
                        System.getProperty(BINARY_OVERRIDE, System.getenv(BINARY_OVERRIDE)), System.getenv("PATH")),
                extraConfig,
                ports);
    }

    /** Starts a server with the given binary; package-private so tests can force a binary. */
    static RedisServer start(Path binary) {
        return start(binary, List.of(), () -> Processes.freePorts(1)[0]);
    }

    private static RedisServer start(Path binary, List<String> extraConfig, IntSupplier ports) {
        return Processes.retryOnPortRace(() -> {
            RedisServer server = new RedisServer(binary, extraConfig, ports.getAsInt());
            try {
                server.launch();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        });
    }

    /** The port redis listens on, on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The server's address for clients, e.g. {@code redis://127.0.0.1:34567}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the redis-server process is alive. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Stops the process and waits until it has exited (the port refuses connections); it can be restarted. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(10));
            process = null;
        }
    }

    /**
     * Stops the server if it runs and starts it again, empty, on the same port: what clients see when
     * Redis restarts and loses its data. Returns once it answers PING; fails if it was closed.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("RedisServer on port " + port + " is closed");
        }
        stop();
        launch();
    }

    /** Stops the server and deletes its temp folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stop();
            Processes.deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", " + binary + "]";
    }

    /** The binary this server runs; package-private for tests. */
    Path binary() {
        return binary;
    }

    /** The override if set (executable: a typo must fail, not fall back), else the PATH's, else embedded-redis's. */
    static Path resolveBinary(String override, String pathVariable) {
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override.trim());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(BINARY_OVERRIDE + "=" + override + " is not an executable file");
            }
            return path;
        }
        return Stream.of(pathVariable == null ? new String[0] : pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst()
                .orElseGet(RedisServer::embeddedBinary);
    }

    /** The redis-server of the embedded-redis jar for this OS and CPU, extracted (~10 MB) once per JVM. */
    static synchronized Path embeddedBinary() {
        if (embeddedBinary == null || !Files.isExecutable(embeddedBinary)) {
            try {
                embeddedBinary =
                        ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "No redis-server on the PATH and the one bundled in embedded-redis"
                                + " could not be extracted for this OS/CPU; install redis-server or set "
                                + BINARY_OVERRIDE,
                        e);
            }
        }
        return embeddedBinary;
    }

    private void launch() {
        // A fresh data folder on every launch, so a restart comes back empty even after a SAVE.
        Path data = dir.resolve("data");
        Processes.deleteTree(data);
        // A file, not arguments: `--save ""` is parsed differently across Redis versions. No logfile:
        // redis logs to stdout, which goes to redis.log with any early config error.
        List<String> config = new ArrayList<>(List.of(
                "port " + port,
                "bind 127.0.0.1",
                "save \"\"",
                "appendonly no",
                "daemonize no",
                "dir \"" + data + "\""));
        config.addAll(extraConfig);
        Processes.write(dir.resolve("redis.conf"), String.join("\n", config) + "\n");
        if (!data.toFile().mkdir()) {
            throw new IllegalStateException("Cannot create " + data);
        }
        process = Processes.start(List.of(binary.toString(), "redis.conf"), dir, log);
        Processes.await(process, START_TIMEOUT, log, binary + " on port " + port, this::answersPing);
    }

    /** PING as an inline command: enough to know redis takes commands, without a client library. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false; // not listening yet, or still loading
        }
    }

    /** CPU time the server process has used so far, in seconds (NaN when it is not running): for the bench. */
    public double cpuSeconds() {
        return Processes.cpuSeconds(process);
    }
}
