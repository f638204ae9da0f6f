package dev.gpsreplay.testsupport;

import dev.gpsreplay.testsupport.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a private Redis and/or Kafka broker for a local run ({@code run.sh}, {@code run.sh
 * --deps-only}) and keeps them until it is stopped:
 * {@code java -cp ... dev.gpsreplay.testsupport.Launcher [redis] [kafka] [--env-file FILE] [--watch-pid PID]}.
 *
 * <p>Once all is up it prints, and writes atomically to {@code FILE}, {@code NAME=value} lines:
 * {@code QUARKUS_REDIS_HOSTS} and {@code REDIS_URL} (e.g. {@code redis://127.0.0.1:34567}),
 * {@code KAFKA_BOOTSTRAP_SERVERS} (e.g. {@code 127.0.0.1:34568}) and {@code KAFKA_LOG}. It then stays
 * in the foreground. SIGTERM or SIGINT stop both cleanly (see {@link Processes}), and so does the
 * end of process {@code PID} (by default its parent), so that it never outlives a killed run.sh.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        // quarkus-junit brings JBoss LogManager onto the classpath; it must be JUL's manager from the start.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        List<String> lines = new ArrayList<>();
        Path envFile = null;
        long watched = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "redis" -> {
                    String uri = RedisServer.start().uri();
                    lines.addAll(List.of("QUARKUS_REDIS_HOSTS=" + uri, "REDIS_URL=" + uri));
                }
                case "kafka" -> {
                    KafkaBroker kafka = KafkaBroker.start();
                    lines.addAll(List.of(
                            "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(), "KAFKA_LOG=" + kafka.logFile()));
                }
                case "--env-file" -> envFile = Path.of(args[++i]);
                case "--watch-pid" -> watched = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException("Usage: Launcher [redis] [kafka] [--env-file FILE]"
                            + " [--watch-pid PID]; unknown argument " + args[i]);
            }
        }
        String text = String.join("\n", lines) + "\n";
        System.out.print(text);
        System.out.flush();
        if (envFile != null) { // atomically: a reader polling for the file never sees half of it
            Path partial = Files.writeString(envFile.resolveSibling(envFile.getFileName() + ".partial"), text);
            Files.move(partial, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        while (ProcessHandle.of(watched).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(500);
        }
        System.exit(0); // runs the shutdown hook, which stops Redis and Kafka
    }
}
