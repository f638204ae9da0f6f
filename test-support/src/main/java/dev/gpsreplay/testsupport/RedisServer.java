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
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free port of 127.0.0.1, without persistence, for tests and
 * local runs. The binary: the file named by the system property or environment variable
 * {@value #BINARY_OVERRIDE}, else {@code redis-server} from the {@code PATH}. Its temporary folder
 * holds its config, its log and an always-empty data folder; it never outlives its JVM (see
 * {@link Processes}).
 */
public final class RedisServer implements AutoCloseable {

    /** System property, then environment variable, naming the redis-server binary to use. */
    public static final String BINARY_OVERRIDE = "GPSREPLAY_REDIS_SERVER";
    // Generous: a loaded 2-core CI machine running a parallel build can be slow to fork and exec.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

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
        Path binary = resolveBinary(
                System.getProperty(BINARY_OVERRIDE, System.getenv(BINARY_OVERRIDE)), System.getenv("PATH"));
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

    /** The redis-server process's id, while it runs. */
    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
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

    /** The override if set (executable: a typo must fail, not fall back), else the PATH's redis-server. */
    static Path resolveBinary(String override, String pathVariable) {
        boolean named = override != null && !override.isBlank();
        return (named
                        ? Stream.of(Path.of(override.trim()))
                        : Stream.of(String.valueOf(pathVariable).split(File.pathSeparator))
                                .filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, "redis-server")))
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        named
                                ? BINARY_OVERRIDE + "=" + override + " is not an executable file"
                                : "No redis-server on the PATH: install it (e.g. apt-get install redis-server) or set "
                                        + BINARY_OVERRIDE + " to its path"));
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
        process = Processes.start(List.of(binary.toString(), "redis.conf"), Map.of(), dir, log);
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
}
