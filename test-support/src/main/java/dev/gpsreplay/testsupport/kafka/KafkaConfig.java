package dev.gpsreplay.testsupport.kafka;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How a {@link KafkaBroker} is configured: where its jars are, its JVM and its {@code server.properties}. */
final class KafkaConfig {

    static final String LIBS_RELATIVE_PATH = "kafka-broker/target/kafka-libs";
    static final String BUILD_HINT = "Build the broker's jars once with `./mvnw -f kafka-broker/pom.xml package` from"
            + " the project root, or point -D" + KafkaBroker.LIBS_PROPERTY + " / " + KafkaBroker.LIBS_ENV
            + " at a folder holding them.";

    /**
     * Small heap (the broker needs ~100 MB here), serial GC and C1 only: fastest start and the
     * least CPU on a 2-core machine, plenty for tests and a local replay.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m",
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

    private KafkaConfig() {}

    /**
     * The jars' folder: {@code -D}{@value KafkaBroker#LIBS_PROPERTY}, else {@code $}{@value
     * KafkaBroker#LIBS_ENV}, else {@value #LIBS_RELATIVE_PATH} under the working directory or a parent.
     */
    static Path locateLibs() {
        return locateLibs(
                System.getProperty(KafkaBroker.LIBS_PROPERTY),
                System.getenv(KafkaBroker.LIBS_ENV),
                Path.of(System.getProperty("user.dir")));
    }

    /** The jars' folder: {@code property}, else {@code env}, else found by walking up from {@code workingDir}. */
    static Path locateLibs(String property, String env, Path workingDir) {
        boolean fromProperty = property != null && !property.isBlank();
        String named = fromProperty ? property : env != null && !env.isBlank() ? env : null;
        if (named != null) {
            if (!hasBrokerJar(Path.of(named.trim()))) {
                throw new IllegalStateException("Kafka broker jars not found: "
                        + (fromProperty ? "-D" + KafkaBroker.LIBS_PROPERTY : "$" + KafkaBroker.LIBS_ENV) + " points at "
                        + named
                        + ", which holds no kafka_2.13-*.jar. " + BUILD_HINT);
            }
            return Path.of(named.trim()).toAbsolutePath();
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (hasBrokerJar(dir.resolve(LIBS_RELATIVE_PATH))) {
                return dir.resolve(LIBS_RELATIVE_PATH);
            }
        }
        throw new IllegalStateException("Kafka broker jars not found: no " + LIBS_RELATIVE_PATH + " with a kafka_2.13"
                + " jar in " + workingDir.toAbsolutePath() + " or any parent directory, and neither -D"
                + KafkaBroker.LIBS_PROPERTY + " nor $" + KafkaBroker.LIBS_ENV + " is set. " + BUILD_HINT);
    }

    private static boolean hasBrokerJar(Path dir) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "kafka_2.13-*.jar")) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java <options> -cp libs/* mainClass args}, with this JVM's java. */
    static List<String> javaCommand(Path libs, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", libs + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** A one-node KRaft broker (broker and controller in one process) on loopback, sized for a small machine. */
    static String serverProperties(int port, int controllerPort, Path dataDir) {
        return String.join(
                        "\n",
                        "# Written by " + KafkaBroker.class.getName(),
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + dataDir,
                        // Single node: every internal topic has one replica, and one partition (50 by default,
                        // which makes the first consumer group or transaction noticeably slow to set up).
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "transaction.state.log.num.partitions=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "share.coordinator.state.topic.num.partitions=1",
                        "default.replication.factor=1",
                        "min.insync.replicas=1",
                        "num.partitions=1",
                        // Consumers join at once instead of after the default 3 s.
                        "group.initial.rebalance.delay.ms=0",
                        // The default 128 MB dedupe buffer kills a broker whose heap is under ~200 MB at start.
                        "log.cleaner.dedupe.buffer.size=8388608",
                        // After a kill the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until its old
                        // registration's session expires: 9 s by default, 3 s here. 500 ms heartbeats keep it alive.
                        "broker.session.timeout.ms=3000",
                        "broker.heartbeat.interval.ms=500",
                        // Fewer threads on a 2-core machine.
                        "num.network.threads=2",
                        "num.io.threads=2",
                        "background.threads=2",
                        "num.recovery.threads.per.data.dir=1")
                + "\n";
    }
}
