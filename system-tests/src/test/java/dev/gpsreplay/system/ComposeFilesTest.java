package dev.gpsreplay.system;

import static dev.gpsreplay.system.ComposeRules.environment;
import static dev.gpsreplay.system.ComposeRules.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compose files agree with the code, checked without Docker (see {@link ComposeRules} for the
 * rules). Each file is checked as built by default (native images) and with
 * {@code GPSREPLAY_IMAGE_KIND=jvm}. The second half breaks the real files in memory, one rule at a
 * time, to show that each rule does catch what it is for.
 */
class ComposeFilesTest {

    private static final Path ROOT = projectRoot();
    private static final String REST = "docker-compose-rest.yml";
    private static final String PUBSUB = "docker-compose-pubsub.yml";
    private static final List<Map<String, String>> IMAGE_KINDS =
            List.of(Map.of(), Map.of("GPSREPLAY_IMAGE_KIND", "jvm"));

    private final ComposeRules rules = new ComposeRules(ROOT);

    @ParameterizedTest
    @ValueSource(strings = {REST, PUBSUB})
    void agreesWithTheCode(String file) {
        for (Map<String, String> variables : IMAGE_KINDS) {
            assertThat(rules.problems(ComposeRules.load(ROOT.resolve(file), variables)))
                    .as("%s with %s", file, variables).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({REST + ", redis, none", PUBSUB + ", kafka, kafka"})
    void runsItsVariant(String file, String replaySink, String queryIngest) {
        Map<String, Object> services = map(ComposeRules.load(ROOT.resolve(file), Map.of()).get("services"));
        Map<String, String> replayer = environment(map(services.get("replayer")));
        Map<String, String> queryApi = environment(map(services.get("query-api")));
        assertThat(replayer).containsEntry("REPLAY_SINK", replaySink).containsEntry("REPLAY_LOOP", "true");
        assertThat(queryApi).containsEntry("QUERY_INGEST", queryIngest).containsKey("QUARKUS_REDIS_HOSTS");
        if (replaySink.equals("kafka")) {
            assertThat(replayer).containsKey("KAFKA_BOOTSTRAP_SERVERS").doesNotContainKey("QUARKUS_REDIS_HOSTS");
            assertThat(queryApi).containsKey("KAFKA_BOOTSTRAP_SERVERS");
        } else {
            assertThat(replayer).containsKey("QUARKUS_REDIS_HOSTS");
        }
    }

    @Test
    void settingsComeFromTheServicesOwnSources() {
        ServiceSettings replayer = ServiceSettings.read(ROOT, "replayer");
        ServiceSettings queryApi = ServiceSettings.read(ROOT, "query-api");
        assertThat(replayer.httpPort()).isEqualTo(8081);
        assertThat(queryApi.httpPort()).isEqualTo(8080);
        // from ReplayConfig, QueryConfig and (through service-common) ViewConfig
        assertThat(replayer.derivedEnvNames()).contains("REPLAY_SOURCE", "REPLAY_VEHICLE_ID", "REPLAY_STALL_THRESHOLD",
                "VIEW_HISTORY_SIZE", "VIEW_REDIS_TIMEOUT", "QUARKUS_HTTP_PORT");
        assertThat(queryApi.derivedEnvNames()).contains("QUERY_INGEST", "QUERY_MAX_WINDOW_SECONDS",
                "QUERY_TRACK_DEFAULT_LIMIT", "QUERY_VIEW_CHECK_INTERVAL", "VIEW_HISTORY_SIZE");
        assertThat(replayer.knows("QUERY_INGEST")).isFalse();
        assertThat(queryApi.knows("REPLAY_SINK")).isFalse();
        assertThat(replayer.acceptedValues("REPLAY_SINK")).contains(Set.of("log", "redis", "kafka"));
        assertThat(queryApi.acceptedValues("QUERY_INGEST")).contains(Set.of("none", "kafka"));
        assertThat(replayer.acceptedValues("REPLAY_LOOP")).contains(Set.of("true", "false"));
        assertThat(ServiceSettings.kebab("maxWindowSeconds")).isEqualTo("max-window-seconds");
        assertThat(ServiceSettings.envName("quarkus.redis.max-pool-waiting")).isEqualTo("QUARKUS_REDIS_MAX_POOL_WAITING");
    }

    // ---- each rule catches what it is for --------------------------------------------------------

    @Test
    void catchesAPortThatIsNotTheServicesPort() {
        assertThat(brokenPubsub(c -> service(c, "replayer").put("ports", list("8082:8081"))))
                .anyMatch(p -> p.contains("replayer: host port 8082 is not the service's port"));
        assertThat(brokenPubsub(c -> service(c, "query-api").put("ports", list("8080:8081"))))
                .anyMatch(p -> p.contains("query-api: container port 8081 is not the service's port"));
        assertThat(brokenPubsub(c -> map(service(c, "replayer").get("build")).put("args",
                mutableMap(Map.of("MODULE", "replayer", "PORT", "8080")))))
                .anyMatch(p -> p.contains("build arg PORT is 8080"));
    }

    @Test
    void catchesASettingTheServiceDoesNotRead() {
        assertThat(brokenPubsub(c -> env(c, "replayer").put("REPLAY_SPED", "10")))
                .anyMatch(p -> p.contains("sets REPLAY_SPED"));
        assertThat(brokenPubsub(c -> env(c, "replayer").put("QUERY_INGEST", "kafka")))
                .anyMatch(p -> p.contains("replayer: sets QUERY_INGEST"));
        assertThat(brokenPubsub(c -> env(c, "replayer").put("REPLAY_SINK", "kafak")))
                .anyMatch(p -> p.contains("REPLAY_SINK=kafak is not one of"));
        assertThat(brokenPubsub(c -> env(c, "replayer").put("REPLAY_LOOP", "yes")))
                .anyMatch(p -> p.contains("REPLAY_LOOP=yes is not one of"));
        assertThat(brokenPubsub(c -> env(c, "query-api").put("QUARKUS_HTTP_PORT", "9000")))
                .anyMatch(p -> p.contains("QUARKUS_HTTP_PORT=9000"));
    }

    @Test
    void catchesUnpinnedImages() {
        assertThat(brokenPubsub(c -> service(c, "kafka").put("image", "apache/kafka:latest")))
                .anyMatch(p -> p.contains("uses the latest tag"));
        assertThat(brokenPubsub(c -> service(c, "redis").put("image", "redis")))
                .anyMatch(p -> p.contains("image redis has no tag"));
        assertThat(brokenPubsub(c -> service(c, "query-api").remove("image")))
                .anyMatch(p -> p.contains("query-api: no image name"));
    }

    @Test
    void catchesMissingOrWrongHealthChecks() {
        String wholeHealth = "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /q/health HTTP/1.0\\r\\n\\r\\n' >&3";
        String wrongPort = "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /q/health/ready HTTP/1.0\\r\\n\\r\\n' >&3";
        assertThat(brokenPubsub(c -> service(c, "jaeger").remove("healthcheck")))
                .anyMatch(p -> p.contains("jaeger: no healthcheck"));
        assertThat(brokenPubsub(c -> healthcheck(c, "query-api").put("test",
                list("CMD-SHELL", "curl -f http://localhost:8080/q/health/ready"))))
                .anyMatch(p -> p.contains("uses curl or wget"));
        assertThat(brokenPubsub(c -> healthcheck(c, "replayer").put("test", list("CMD", "bash", "-c", wholeHealth))))
                .anyMatch(p -> p.contains("does not ask /q/health/ready or /q/health/live"));
        assertThat(brokenPubsub(c -> healthcheck(c, "replayer").put("test", list("CMD", "bash", "-c", wrongPort))))
                .anyMatch(p -> p.contains("healthcheck probes port 8080"));
    }

    @Test
    void catchesDependenciesThatDoNotWaitForHealth() {
        assertThat(brokenPubsub(c -> service(c, "query-api").put("depends_on", list("kafka", "redis"))))
                .anyMatch(p -> p.contains("depends_on is a list"));
        assertThat(brokenPubsub(c -> map(map(service(c, "replayer").get("depends_on")).get("kafka"))
                .put("condition", "service_started")))
                .anyMatch(p -> p.contains("with condition service_started, not service_healthy"));
        assertThat(brokenPubsub(c -> service(c, "replayer").remove("restart")))
                .anyMatch(p -> p.contains("replayer: restart is null"));
    }

    @Test
    void catchesFilesThatDoNotExist() {
        assertThat(brokenPubsub(c -> map(service(c, "replayer").get("build"))
                .put("dockerfile", "src-native/Dockerfile.nope")))
                .anyMatch(p -> p.contains("Dockerfile.nope does not exist"));
        assertThat(brokenPubsub(c -> service(c, "replayer").put("volumes", list("./no-such-tracks:/data:ro"))))
                .anyMatch(p -> p.contains("mounts host path ./no-such-tracks, which does not exist"));
        assertThat(brokenPubsub(c -> env(c, "replayer").put("REPLAY_SOURCE", "/tracks")))
                .anyMatch(p -> p.contains("REPLAY_SOURCE=/tracks is not inside a mounted volume"));
    }

    @Test
    void catchesAddressesThatLeadNowhere() {
        assertThat(brokenPubsub(c -> env(c, "query-api").put("QUARKUS_REDIS_HOSTS", "redis://cache:6379")))
                .anyMatch(p -> p.contains("names cache, which is not a service here"));
        assertThat(brokenPubsub(c -> env(c, "query-api").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9999")))
                .anyMatch(p -> p.contains("kafka:9999 is not a listener kafka advertises"));
        assertThat(brokenPubsub(c -> map(service(c, "query-api").get("depends_on")).remove("redis")))
                .anyMatch(p -> p.contains("names redis, which it does not depend on"));
    }

    @Test
    void interpolatesLikeCompose() {
        String yaml = "a: ${KIND:-native}\nb: ${SET-x}\nc: $${NOT_A_VARIABLE}\nd: ${EMPTY:-fallback}\n";
        Map<String, Object> loaded = ComposeRules.load(yaml, Map.of("SET", "y", "EMPTY", ""));
        assertThat(loaded).containsEntry("a", "native").containsEntry("b", "y")
                .containsEntry("c", "${NOT_A_VARIABLE}").containsEntry("d", "fallback");
        assertThatThrownBy(() -> ComposeRules.load("a: ${UNSET}\n", Map.of()))
                .hasMessageContaining("${UNSET} is not set");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The problems of the real pub/sub file after one change. */
    private List<String> brokenPubsub(Consumer<Map<String, Object>> change) {
        Map<String, Object> compose = ComposeRules.load(ROOT.resolve(PUBSUB), Map.of());
        assertThat(rules.problems(compose)).as("the file before the change").isEmpty();
        change.accept(compose);
        return rules.problems(compose);
    }

    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return map(map(compose.get("services")).get(name));
    }

    private static Map<String, Object> env(Map<String, Object> compose, String name) {
        return map(service(compose, name).get("environment"));
    }

    private static Map<String, Object> healthcheck(Map<String, Object> compose, String name) {
        return map(service(compose, name).get("healthcheck"));
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    private static Map<String, Object> mutableMap(Map<String, Object> entries) {
        return new LinkedHashMap<>(entries);
    }

    /** The directory with mvnw and .mvn/, from the module's working directory up. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve(".mvn"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No project root (mvnw and .mvn/) above " + Path.of("").toAbsolutePath());
    }
}
