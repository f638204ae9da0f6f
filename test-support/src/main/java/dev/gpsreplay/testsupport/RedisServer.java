package dev.gpsreplay.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process listening on a free port of 127.0.0.1, with no persistence,
 * for tests and local runs. No Docker, no mock.
 *
 * <p>The binary is, in order: the file named by the system property or environment variable
 * {@value #BINARY_OVERRIDE}; {@code redis-server} from the {@code PATH}; the binary bundled in the
 * embedded-redis jar (extracted once per JVM).
 *
 * <p>Each server has its own temporary folder holding its config, its log ({@code redis.log}) and an
 * always-empty data folder. The process never outlives the JVM that started it (see
 * {@link Processes}).
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

    static final String HOST = "127.0.0.1";

    // Generous: a loaded 2-core CI machine running a parallel build can be slow to fork and exec.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static Path embeddedBinary; // extracted lazily, guarded by RedisServer.class

    private final Path binary;
    private final int port = Processes.freePorts(1)[0];
    private final Path dir = Processes.tempDir("gpsreplay-redis-");
    private final Path log = dir.resolve("redis.log");
    private volatile Process process;
    private boolean closed;

    private RedisServer(Path binary) {
        this.binary = binary;
    }

    /**
     * Starts a redis-server on a free loopback port and waits until it answers PING.
     *
     * @throws IllegalStateException if it does not come up; the message holds the tail of its log
     */
    public static RedisServer start() {
        return start(resolveBinary(System.getProperty(BINARY_OVERRIDE, System.getenv(BINARY_OVERRIDE)),
                System.getenv("PATH")));
    }

    /** Starts a server with the given binary; package-private so tests can force a binary. */
    static RedisServer start(Path binary) {
        return Processes.retryOnPortRace(() -> {
            RedisServer server = new RedisServer(binary);
            try {
                server.launch();
                return server;
            } catch (RuntimeException | Error e) {
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
        return "redis://" + HOST + ":" + port;
    }

    /** Whether the redis-server process is alive. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Stops the process and waits until it has exited, so the port refuses connections afterwards.
     * Does nothing if it is not running. The server can be {@linkplain #restart() restarted}.
     */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p != null) {
            Processes.stop(p, STOP_TIMEOUT);
        }
    }

    /**
     * Stops the server if it runs, then starts it again, empty, on the same port: what clients see
     * when Redis is restarted and its data lost. Waits until it answers PING.
     *
     * @throws IllegalStateException if it does not come back, or the server was closed
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("RedisServer on port " + port + " is closed");
        }
        stop();
        launch();
    }

    /** Stops the server and deletes its temp directory. Idempotent. */
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

    /**
     * Picks the binary: the override if set (it must be executable: a typo should fail, not fall
     * back silently), else redis-server from the PATH, else the one bundled in embedded-redis.
     */
    static Path resolveBinary(String override, String pathVariable) {
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override.trim());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(BINARY_OVERRIDE + "=" + override + " is not an executable file");
            }
            return path;
        }
        return Stream.of(pathVariable == null ? new String[0] : pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "redis-server"))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst().orElseGet(RedisServer::embeddedBinary);
    }

    /**
     * The redis-server bundled in the embedded-redis jar for this OS and CPU, extracted by that
     * library into a temp dir (deleted on JVM exit). Extracted once per JVM: it is ~10 MB.
     */
    static synchronized Path embeddedBinary() {
        if (embeddedBinary == null || !Files.isExecutable(embeddedBinary)) {
            try {
                embeddedBinary = ExecutableProvider.newJarResourceProvider().get().toPath();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("No redis-server on the PATH and the one bundled in embedded-redis"
                        + " could not be extracted for this OS/CPU; install redis-server or set "
                        + BINARY_OVERRIDE, e);
            }
        }
        return embeddedBinary;
    }

    private void launch() {
        // A fresh data dir on every launch, so a restart comes back empty even if a test ran SAVE.
        Path data = dir.resolve("data");
        Processes.deleteTree(data);
        // A file, not arguments: `--save ""` is parsed differently across Redis versions. No logfile:
        // redis logs to stdout, which goes to redis.log with any early config error.
        Processes.write(dir.resolve("redis.conf"), String.join("\n", "port " + port, "bind " + HOST,
                "save \"\"", "appendonly no", "daemonize no", "dir \"" + data + "\"", ""));
        if (!data.toFile().mkdir()) {
            throw new IllegalStateException("Cannot create " + data);
        }
        process = Processes.start(List.of(binary.toString(), "redis.conf"), dir, log);
        Processes.await(process, START_TIMEOUT, log, binary + " on port " + port, this::answersPing);
    }

    /** PING as an inline command: enough to know redis accepts commands, without a client. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notReadyYet) {
            return false; // not listening yet, or still loading
        }
    }
}
