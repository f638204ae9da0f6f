package dev.gpsreplay.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * <p>Each server has its own temporary directory holding its config, its log ({@code redis.log})
 * and an always-empty data directory. A JVM shutdown hook kills the process if the server is not
 * closed, so no redis-server outlives the JVM that started it (unless that JVM is killed with
 * SIGKILL).
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
    private static final int PORT_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 40;

    private static Path embeddedBinary; // extracted lazily, guarded by RedisServer.class

    private final Path binary;
    private final int port;
    private final Path dir;
    private final Path dataDir;
    private final Path config;
    private final Path log;
    private final Path output;
    private final Thread reaper = new Thread(this::reap, "redis-server-reaper");
    private volatile Process process;
    private boolean closed;

    private RedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
        try {
            dir = Files.createTempDirectory("gpsreplay-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temp dir for redis-server", e);
        }
        dataDir = dir.resolve("data");
        config = dir.resolve("redis.conf");
        log = dir.resolve("redis.log");
        // stdout and stderr: redis prints config errors there, before it opens its log file.
        output = dir.resolve("redis.out");
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
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisServer server = new RedisServer(binary, freePort());
            Runtime.getRuntime().addShutdownHook(server.reaper);
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.close();
                // The port was free when picked, but another process may bind it before redis does.
                // Only that race is worth another port; anything else would fail again.
                if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
                lastFailure = e;
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }
        throw lastFailure;
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
            kill(p);
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
        if (closed) {
            return;
        }
        closed = true;
        stop();
        deleteRecursively(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shutdownInProgress) {
            // close() called from another shutdown hook: the reaper runs anyway, harmlessly.
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
        return findOnPath("redis-server", pathVariable).orElseGet(RedisServer::embeddedBinary);
    }

    static Optional<Path> findOnPath(String name, String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String entry : pathVariable.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(entry, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException ignored) {
                // A malformed PATH entry cannot hold the binary; try the next one.
            }
        }
        return Optional.empty();
    }

    /**
     * The redis-server bundled in the embedded-redis jar for this OS and CPU, extracted by that
     * library into a temp dir (deleted on JVM exit). Extracted once per JVM: the jar's binary is
     * ~10 MB.
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
        try {
            // A fresh data dir on every launch, so a restart comes back empty even if a test ran SAVE.
            deleteRecursively(dataDir);
            Files.createDirectories(dataDir);
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind " + HOST,
                    "save \"\"",
                    "appendonly no",
                    "daemonize no",
                    "dir " + quote(dataDir),
                    "logfile " + quote(log),
                    ""), StandardCharsets.UTF_8);
            process = new ProcessBuilder(binary.toString(), config.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(output.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary + " on port " + port, e);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Process p = process;
            if (!p.isAlive()) {
                process = null;
                throw failure("exited with code " + p.exitValue());
            }
            try {
                if ("PONG".equals(Resp.command(port, "PING"))) {
                    return;
                }
            } catch (IOException notReadyYet) {
                // Not listening yet (connection refused) or still loading: try again.
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw failure("did not answer PING within " + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for redis-server on port " + port, e);
            }
        }
    }

    private IllegalStateException failure(String reason) {
        return new IllegalStateException(binary + " on port " + port + " " + reason
                + "\n--- " + log + " ---\n" + tail(log)
                + "\n--- " + output + " ---\n" + tail(output));
    }

    /** Shutdown hook: kill without taking the lock, which a stuck thread may hold. */
    private void reap() {
        Process p = process;
        if (p != null) {
            kill(p);
        }
        deleteRecursively(dir);
    }

    /** SIGTERM first so redis closes cleanly; SIGKILL if it has not exited in time. */
    private static void kill(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + HOST, e);
        }
    }

    /** Double-quotes a path for redis.conf, so spaces in the temp dir's path are harmless. */
    private static String quote(Path path) {
        return '"' + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String tail(Path file) {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        try {
            // Decoding leniently: a log tail must never hide the real failure behind a decoding error.
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            return; // Best effort: a leftover temp dir is not worth failing a test.
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // Best effort, as above.
            }
        }
    }
}
