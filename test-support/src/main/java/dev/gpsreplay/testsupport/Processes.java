package dev.gpsreplay.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The process plumbing of {@link RedisServer} and {@code KafkaBroker}: children that never outlive this JVM. */
public final class Processes {

    /**
     * Runs the command under {@code sh}, which first forks a watcher reading this JVM's pipe on its
     * stdin (as fd 3: a background job's stdin is /dev/null). When the JVM ends, however (even
     * SIGKILL), the pipe closes and the watcher kills the process and deletes its folder ({@code $0}).
     * When the process exits first, the JVM reaps it before closing the pipe, so the watcher finds it
     * gone and keeps the folder for a restart; hence signals go through {@link ProcessHandle}, as
     * {@link Process#destroy()} would close the pipe at once. {@code exec} keeps the command's pid.
     */
    private static final String DIE_WITH_JVM = "exec 3<&0; (read x <&3; kill -0 $$ 2>/dev/null && kill -9 $$"
            + " && sleep 1 && rm -rf \"$0\") & exec \"$@\" 3<&-";

    private static final Duration KILL_WAIT = Duration.ofSeconds(15);
    private static final Deque<Process> LIVE = new ConcurrentLinkedDeque<>(); // in the order started
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Processes::stopAll, "gpsreplay-processes-shutdown"));
    }

    private Processes() {}

    /** Starts {@code command} in {@code dir} with {@code env} added, stdout and stderr appended to {@code log}. */
    public static Process start(List<String> command, Map<String, String> env, Path dir, Path log) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", DIE_WITH_JVM, dir.toString()));
        wrapped.addAll(command);
        try {
            ProcessBuilder builder = new ProcessBuilder(wrapped)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Waits until {@code ready}; fails with the log's tail if the process exits, or kills it after {@code timeout}. */
    public static void await(Process process, Duration timeout, Path log, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw failure(what + " exited with code " + process.exitValue(), log);
            }
            try { // the failure below is caught too, to kill the process
                if (System.nanoTime() > deadline) {
                    throw failure(what + " was not ready within " + timeout.toSeconds() + " s", log);
                }
                Thread.sleep(50);
            } catch (InterruptedException | RuntimeException e) {
                kill(process);
                throw e instanceof RuntimeException r ? r : new IllegalStateException("Interrupted: " + what, e);
            }
        }
    }

    /** SIGTERM, for a clean shutdown; SIGKILL if the process has not exited within {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.toHandle().destroy();
        if (!waitFor(process, grace)) {
            kill(process);
        }
    }

    /** SIGKILL, as a crash, and waits until the process is gone. */
    public static void kill(Process process) {
        process.toHandle().destroyForcibly();
        if (!waitFor(process, KILL_WAIT)) {
            throw new IllegalStateException("pid " + process.pid() + " did not die within " + KILL_WAIT);
        }
    }

    /** Whether the process exited within {@code timeout}. */
    public static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Calls {@code start} up to three times while it fails on "Address already in use" (a port taken meanwhile). */
    public static <T> T retryOnPortRace(Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** {@code count} distinct loopback ports that are free now. */
    public static int[] freePorts(int count) {
        // Each level holds its socket open while the next ones are picked, so that they all differ.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int[] ports = count == 1 ? new int[1] : Arrays.copyOf(freePorts(count - 1), count);
            ports[count - 1] = socket.getLocalPort();
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free loopback ports", e);
        }
    }

    /** Writes a small text file. */
    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** A new temporary folder, deleted at JVM exit unless {@linkplain #deleteTree deleted} before. */
    public static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder", e);
        }
    }

    /** Deletes a folder and its content, as far as possible (a leftover is not worth a failure). */
    public static void deleteTree(Path root) {
        DIRS.remove(root);
        try (Stream<Path> paths = Files.exists(root) ? Files.walk(root) : Stream.empty()) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /** An exception whose message ends with the log's last 80 lines, so that a failure explains itself. */
    public static IllegalStateException failure(String message, Path log) {
        String tail;
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            tail = "(cannot read it: " + e + ")";
        }
        return new IllegalStateException(message + "\n---- last lines of " + log + " ----\n" + tail + "\n");
    }

    /**
     * Shutdown hook: stops every child, the last started first (SIGTERM, SIGKILL after 20 s), so that
     * services stop before the Redis and Kafka they were started after.
     */
    private static void stopAll() {
        LIVE.descendingIterator().forEachRemaining(process -> stop(process, Duration.ofSeconds(20)));
        List.copyOf(DIRS).forEach(Processes::deleteTree);
    }
}
