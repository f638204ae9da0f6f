package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;

import dev.gpsreplay.testsupport.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run.sh}, the README's command, as a person runs it: in each variant it starts everything
 * and prints the URLs once the services are ready; {@code --deps-only} prints addresses that answer;
 * SIGTERM stops everything in order, and so does the death of any process it started.
 */
class RunScriptIT {

    private static final Path ROOT =
            Path.of(System.getProperty("gpsreplay.data.dir")).getParent();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private int queryApiPort;
    private int replayerPort;
    private int queryApiManagementPort;
    private int replayerManagementPort;

    @AfterEach
    void killLeftovers() {
        started.forEach(run -> {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        });
    }

    @Test
    void servesTheTracksUntilSigtermThenStopsEverything() throws Exception {
        Process run = start();

        // Ready means the replays play (the replayer's "replay files" check); their first fixes reach
        // the view through Redis's pub/sub, a few milliseconds behind
        awaitTracksInView(Duration.ofSeconds(10));
        given().get("http://127.0.0.1:" + replayerManagementPort + "/q/health/ready")
                .then()
                .statusCode(200);
        given().get("http://127.0.0.1:" + replayerPort + "/q/health/ready")
                .then()
                .statusCode(404); // health is on the management port only
        List<ProcessHandle> processes = run.descendants().toList();
        assertThat(processes)
                .as("launcher, Redis, two services and their watchers")
                .hasSizeGreaterThan(4);

        run.destroy(); // SIGTERM
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        String output = Files.readString(dir.resolve("run.out"));
        assertThat(run.exitValue()).as(output).isEqualTo(143);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(processes).as(output).noneMatch(ProcessHandle::isAlive));
        for (int port : new int[] {queryApiPort, replayerPort, queryApiManagementPort, replayerManagementPort}) {
            assertThat(listens(port)).as("port %d after the stop", port).isFalse();
        }
        // the launcher stopped query-api, started last, before the replayer, both cleanly
        String queryApiStop = stopLine(runDir(output).resolve("query-api.log"), "query-api stopped in");
        String replayerStop = stopLine(runDir(output).resolve("replayer.log"), "replayer stopped in");
        assertThat(queryApiStop.substring(0, 12)).isLessThanOrEqualTo(replayerStop.substring(0, 12));
    }

    @Test
    void stopsEverythingWhenAServiceDies() throws Exception {
        Process run = start();
        ProcessHandle replayer = run.descendants()
                // the service's JVM itself: not the launcher (which names the jar too) nor its watcher shell
                .filter(p -> p.info().command().orElse("").endsWith("/java")
                        && p.info().commandLine().orElse("").contains(" -jar " + ROOT.resolve("replayer/target")))
                .findFirst()
                .orElseThrow();

        replayer.destroyForcibly(); // a crash

        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        String output = Files.readString(dir.resolve("run.out"));
        assertThat(run.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("replayer (log ").contains("exited; stopping everything");
        assertThat(listens(queryApiPort)).as("query-api stopped too").isFalse();
    }

    @Test
    void theEventDrivenVariantServesThroughKafka() throws Exception {
        Process run = start("", "is running");
        String output = Files.readString(dir.resolve("run.out"));
        assertThat(output).contains("event-driven variant").containsPattern("Kafka +127\\.0\\.0\\.1:\\d+");
        // the view trails the replay by the topic and the consumer's first poll
        awaitTracksInView(Duration.ofSeconds(60));

        run.destroy();
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        assertThat(run.exitValue()).isEqualTo(143);
        assertThat(listens(queryApiPort)).isFalse();
    }

    @Test
    void depsOnlyPrintsAddressesThatAnswerUntilSigterm() throws Exception {
        Process run = start("--deps-only", "Redis and Kafka are running");
        String output = Files.readString(dir.resolve("run.out"));
        Matcher redis = Pattern.compile("QUARKUS_REDIS_HOSTS=redis://127\\.0\\.0\\.1:(\\d+)")
                .matcher(output);
        Matcher kafka = Pattern.compile("KAFKA_BOOTSTRAP_SERVERS=127\\.0\\.0\\.1:(\\d+)")
                .matcher(output);
        assertThat(redis.find() && kafka.find()).as(output).isTrue();
        int redisPort = Integer.parseInt(redis.group(1));
        int kafkaPort = Integer.parseInt(kafka.group(1));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), redisPort)) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n");
        }
        assertThat(listens(kafkaPort)).as("Kafka listens").isTrue();

        run.destroy();
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh ended").isTrue();
        assertThat(run.exitValue()).isEqualTo(143);
        assertThat(listens(redisPort) || listens(kafkaPort))
                .as("Redis or Kafka left")
                .isFalse();
    }

    /** Starts run.sh --rest on free ports and waits for its banner; fails with its output otherwise. */
    private Process start() throws Exception {
        return start("--rest", "is running");
    }

    /** Starts run.sh with {@code mode} on free ports and waits until its output holds {@code banner}. */
    private Process start(String mode, String banner) throws Exception {
        // run.sh builds what is missing; in a test that would be a Maven build inside Maven
        for (Path built : List.of(
                Path.of(System.getProperty("gpsreplay.replayer.jar")),
                Path.of(System.getProperty("gpsreplay.query-api.jar")),
                ROOT.resolve("test-support/target/launcher.classpath"))) {
            assertThat(built)
                    .as("package the modules first (./mvnw verify does)")
                    .exists();
        }
        int[] ports = Processes.freePorts(4);
        queryApiPort = ports[0];
        replayerPort = ports[1];
        queryApiManagementPort = ports[2];
        replayerManagementPort = ports[3];
        Path tracks = Files.createDirectories(dir.resolve("tracks"));
        for (String track : List.of("bus-17.csv", "taxi-42.csv")) {
            Files.copy(ROOT.resolve("data").resolve(track), tracks.resolve(track));
        }
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", ROOT.resolve("run.sh").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.out").toFile());
        if (!mode.isEmpty()) {
            builder.command().add(mode);
        }
        if (!mode.equals("--deps-only")) {
            builder.command().add("tracks");
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeAll(List.of("QUARKUS_REDIS_HOSTS", "KAFKA_BOOTSTRAP_SERVERS", "REPLAY_SOURCE"));
        env.putAll(Map.of(
                "QUERY_API_PORT", Integer.toString(queryApiPort),
                "REPLAYER_PORT", Integer.toString(replayerPort),
                "QUERY_API_MANAGEMENT_PORT", Integer.toString(queryApiManagementPort),
                "REPLAYER_MANAGEMENT_PORT", Integer.toString(replayerManagementPort),
                "REPLAY_SPEED", "2000",
                "REPLAY_LOOP", "false",
                "GPSREPLAY_KEY_DIR", dir.resolve("keys").toString()));
        Process run = builder.start();
        started.add(run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(dir.resolve("run.out")).contains(banner)) {
            String output = Files.readString(dir.resolve("run.out"));
            assertThat(run.isAlive())
                    .as("run.sh still running; output:\n%s", output)
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("run.sh ready in time; output:\n%s", output)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        return run;
    }

    /** Waits until query-api's /vehicles lists the two tracks' vehicles. */
    private void awaitTracksInView(Duration atMost) {
        await().atMost(atMost)
                .untilAsserted(() -> given().baseUri("http://127.0.0.1:" + queryApiPort)
                        .get("/vehicles")
                        .then()
                        .statusCode(200)
                        .body("vehicle_id", containsInAnyOrder("bus-17", "taxi-42")));
    }

    /** The run's folder, from the "Logs" line of the banner. */
    private static Path runDir(String output) {
        return output.lines()
                .filter(line -> line.trim().startsWith("Logs"))
                .map(line -> Path.of(line.trim().replaceFirst("^Logs\\s+", "").replace("/*.log", "")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Logs line in:\n" + output));
    }

    /** The log's line holding {@code text}; it starts with the time, HH:mm:ss,SSS. */
    private static String stopLine(Path log, String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no \"" + text + "\" in " + log));
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
