package dev.gpsreplay.system;

import static dev.gpsreplay.system.DeployKustomize.list;
import static dev.gpsreplay.system.DeployKustomize.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes environments in deploy/ agree with the services' code, checked without a cluster
 * or kustomize: each kustomization is read by {@link DeployKustomize} and checked by
 * {@link DeployRules}. The second half breaks the real environment in memory, one rule at a time,
 * to show that each rule does catch what it is for.
 */
class DeployManifestsTest {

    static final Path ROOT = projectRoot();
    static final Path DEPLOY = ROOT.resolve("deploy");

    private final DeployRules rules = new DeployRules(ROOT);

    @ParameterizedTest
    @ValueSource(strings = {"base", "knative", "rest"})
    void agreesWithTheCode(String environment) {
        assertThat(rules.problems(build(environment))).as("deploy/%s", environment).isEmpty();
    }

    @Test
    void everyKustomizationIsChecked() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .map(f -> DEPLOY.relativize(f.getParent()).toString()))
                    .as("the environments agreesWithTheCode checks").containsExactlyInAnyOrder("base", "knative", "rest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyYamlFileUnderDeployParses() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList();
            assertThat(yaml).hasSizeGreaterThanOrEqualTo(10);
            for (Path file : yaml) {
                assertThat(DeployKustomize.loadAll(file)).as("%s", file).isNotEmpty()
                        .allSatisfy(document -> assertThat(document).isInstanceOf(Map.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theBaseRunsTheEventDrivenVariant() {
        List<Map<String, Object>> base = build("base");
        assertThat(environmentOf(base, "replayer")).containsEntry("REPLAY_SINK", "kafka")
                .containsEntry("REPLAY_SOURCE", "/tracks").containsKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environmentOf(base, "query-api")).containsEntry("QUERY_INGEST", "kafka")
                .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_REDIS_HOSTS");
        assertThat(find(base, "apps/v1", "StatefulSet", "kafka")).isNotNull();
        assertThat(find(base, "apps/v1", "Deployment", "query-api")).isNotNull();
        // the demo track, generated from the copy of data/bus-17.csv
        assertThat(map(find(base, "v1", "ConfigMap", "gps-replay-tracks").get("data"))).containsKey("bus-17.csv");
    }

    @Test
    void theRestOverlayRunsTheRestVariantWithoutKafka() {
        List<Map<String, Object>> rest = build("rest");
        assertThat(environmentOf(rest, "replayer")).containsEntry("REPLAY_SINK", "redis")
                .containsKey("QUARKUS_REDIS_HOSTS").doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environmentOf(rest, "query-api")).containsEntry("QUERY_INGEST", "none")
                .doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(rest).noneMatch(r -> DeployRules.name(r).startsWith("kafka"));
    }

    @Test
    void theKnativeOverlayServesQueryApiAsAKnativeService() {
        List<Map<String, Object>> knative = build("knative");
        assertThat(find(knative, DeployRules.KNATIVE_SERVING, "Service", "query-api")).isNotNull();
        assertThat(find(knative, "apps/v1", "Deployment", "query-api")).isNull();
        assertThat(find(knative, "v1", "Service", "query-api")).as("Knative makes its own").isNull();
        assertThat(find(knative, "apps/v1", "Deployment", "replayer")).isNotNull();
    }

    @Test
    void theDemoTrackIsTheSampleInData() throws IOException {
        assertThat(Files.readString(DEPLOY.resolve("base/tracks/bus-17.csv")))
                .as("deploy/base/tracks/bus-17.csv is a copy of data/bus-17.csv: run deploy/generate.sh")
                .isEqualTo(Files.readString(ROOT.resolve("data/bus-17.csv")));
    }

    // ---- each rule catches what it is for --------------------------------------------------------

    @Test
    void catchesPortsAndProbesThatAreNotTheServicesOwn() {
        assertThat(brokenBase(e -> ports(e, "replayer").get(0).put("containerPort", 8080)))
                .anyMatch(p -> p.contains("Deployment replayer: container port 8080 is not the service's port"));
        assertThat(brokenBase(e -> httpGet(e, "query-api", "readinessProbe").put("path", "/q/health")))
                .anyMatch(p -> p.contains("readinessProbe asks /q/health, not /q/health/ready"));
        assertThat(brokenBase(e -> httpGet(e, "replayer", "livenessProbe").put("port", 8080)))
                .anyMatch(p -> p.contains("livenessProbe probes port 8080"));
        assertThat(brokenBase(e -> container(e, "replayer").remove("startupProbe")))
                .anyMatch(p -> p.contains("replayer: has no HTTP startupProbe (on /q/health/started)"));
        assertThat(brokenBase(e -> list(map(find(e, "v1", "Service", "query-api").get("spec")).get("ports"))
                .forEach(port -> map(port).put("targetPort", 8081))))
                .anyMatch(p -> p.contains("Service query-api: targets port 8081"));
    }

    @Test
    void catchesSettingsTheServiceDoesNotRead() {
        assertThat(brokenBase(e -> configMapData(e, "replayer-config").put("REPLAY_SPED", "10")))
                .anyMatch(p -> p.contains("Deployment replayer: sets REPLAY_SPED"));
        assertThat(brokenBase(e -> configMapData(e, "query-api-config").put("REPLAY_SINK", "kafka")))
                .anyMatch(p -> p.contains("Deployment query-api: sets REPLAY_SINK"));
        assertThat(brokenBase(e -> configMapData(e, "replayer-config").put("REPLAY_SINK", "kafak")))
                .anyMatch(p -> p.contains("REPLAY_SINK=kafak is not one of"));
        assertThat(brokenBase(e -> container(e, "query-api").put("env",
                new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "QUARKUS_HTTP_PORT", "value", "9000")))))))
                .anyMatch(p -> p.contains("QUARKUS_HTTP_PORT=9000"));
        assertThat(brokenBase(e -> configMapData(e, "replayer-config").put("REPLAY_SOURCE", "/data")))
                .anyMatch(p -> p.contains("REPLAY_SOURCE=/data is not inside a mounted volume"));
        assertThat(brokenBase(e -> map(find(e, "v1", "Secret", "gps-replay-redis").get("stringData"))
                .put("QUARKUS_REDIS_HOSTS", "redis://cache:6379")))
                .anyMatch(p -> p.contains("QUARKUS_REDIS_HOSTS names cache, which is not a Service"));
        assertThat(brokenBase(e -> configMapData(e, "query-api-config").put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093")))
                .anyMatch(p -> p.contains("the Service kafka has no port 9093"));
        assertThat(brokenBase(e -> e.remove(find(e, "v1", "Secret", "gps-replay-redis"))))
                .anyMatch(p -> p.contains("reads the Secret gps-replay-redis, which is not in the environment"));
    }

    @Test
    void catchesUnpinnedOrForeignImages() {
        assertThat(brokenBase(e -> container(e, "redis").put("image", "redis:latest")))
                .anyMatch(p -> p.contains("Deployment redis: image redis:latest uses the latest tag"));
        assertThat(brokenBase(e -> container(e, "kafka").put("image", "apache/kafka")))
                .anyMatch(p -> p.contains("image apache/kafka has no tag"));
        assertThat(brokenBase(e -> container(e, "query-api").put("image", "ghcr.io/someone/query-api:1.0.0")))
                .anyMatch(p -> p.contains("is not the one query-api's application.properties names"));
    }

    @Test
    void catchesContainersThatAreNotLockedDown() {
        assertThat(brokenBase(e -> securityContext(e, "jaeger").remove("runAsNonRoot")))
                .anyMatch(p -> p.contains("Deployment jaeger: container jaeger's securityContext does not set runAsNonRoot"));
        assertThat(brokenBase(e -> securityContext(e, "replayer").put("readOnlyRootFilesystem", false)))
                .anyMatch(p -> p.contains("does not set readOnlyRootFilesystem: true"));
        assertThat(brokenBase(e -> securityContext(e, "kafka").remove("allowPrivilegeEscalation")))
                .anyMatch(p -> p.contains("StatefulSet kafka: container kafka's securityContext does not set"
                        + " allowPrivilegeEscalation: false"));
        assertThat(brokenBase(e -> securityContext(e, "query-api").remove("capabilities")))
                .anyMatch(p -> p.contains("does not drop ALL capabilities"));
        assertThat(brokenBase(e -> container(e, "query-api").put("volumeMounts", new ArrayList<>())))
                .anyMatch(p -> p.contains("query-api: has a read-only root filesystem but no emptyDir mounted on /tmp"));
    }

    @Test
    void catchesAReplayerThatCouldRunTwice() {
        assertThat(brokenBase(e -> spec(e, "replayer").put("replicas", 2)))
                .anyMatch(p -> p.contains("replicas is 2, not an explicit 1"));
        assertThat(brokenBase(e -> spec(e, "replayer").remove("replicas")))
                .anyMatch(p -> p.contains("replicas is null, not an explicit 1"));
        assertThat(brokenBase(e -> map(spec(e, "replayer").get("strategy")).put("type", "RollingUpdate")))
                .anyMatch(p -> p.contains("strategy is RollingUpdate, not Recreate"));
    }

    @Test
    void catchesAKnativeServiceThatScalesToZero() {
        List<Map<String, Object>> knative = build("knative");
        Map<String, Object> annotations = map(map(map(map(find(knative, DeployRules.KNATIVE_SERVING, "Service",
                "query-api").get("spec")).get("template")).get("metadata")).get("annotations"));
        assertThat(rules.problems(knative)).as("the overlay before the change").isEmpty();
        annotations.put("autoscaling.knative.dev/min-scale", "0");
        assertThat(rules.problems(knative)).anyMatch(p -> p.contains("min-scale is 0: at least 1"));
        annotations.remove("autoscaling.knative.dev/min-scale");
        annotations.remove("autoscaling.knative.dev/max-scale");
        assertThat(rules.problems(knative)).anyMatch(p -> p.contains("min-scale is null"))
                .anyMatch(p -> p.contains("max-scale is null"));
    }

    // ---- the kustomize reader ----------------------------------------------------------------------

    @Test
    void theReaderRefusesWhatItDoesNotKnow(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: []\nnamePrefix: dev-\n");
        assertThatThrownBy(() -> DeployKustomize.build(dir)).hasMessageContaining("'namePrefix' is a kustomize feature");
        Files.writeString(dir.resolve("kustomization.yaml"), "configMapGenerator:\n- name: x\n  files: [../outside.csv]\n");
        assertThatThrownBy(() -> DeployKustomize.build(dir)).hasMessageContaining("kustomize refuses it");
    }

    @Test
    void theReaderMergesAndPatchesLikeKustomize() {
        Map<String, Object> resource = map(DeployKustomize.loadAll("""
                kind: Deployment
                spec:
                  containers:
                    - name: a
                      image: a:1
                      probe: {port: 80, path: /x}
                    - name: b
                      image: b:1
                data: {KEEP: "1", DROP: "2"}
                """).get(0));
        DeployKustomize.merge(resource, map(DeployKustomize.loadAll("""
                spec:
                  containers:
                    - name: b
                      image: b:2
                data: {DROP: null, NEW: "3"}
                """).get(0)));
        assertThat(map(resource.get("data"))).containsOnlyKeys("KEEP", "NEW");
        List<Object> containers = list(map(resource.get("spec")).get("containers"));
        assertThat(containers).extracting(c -> map(c).get("image")).containsExactly("a:1", "b:2");
        DeployKustomize.applyOperation(resource, map(DeployKustomize.loadAll(
                "{op: remove, path: /spec/containers/0/probe/port}").get(0)));
        assertThat(map(map(list(map(resource.get("spec")).get("containers")).get(0)).get("probe"))).containsOnlyKeys("path");
        assertThatThrownBy(() -> DeployKustomize.applyOperation(resource, map(DeployKustomize.loadAll(
                "{op: remove, path: /spec/containers/0/probe/port}").get(0)))).hasMessageContaining("nothing to remove");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static List<Map<String, Object>> build(String environment) {
        return DeployKustomize.build(DEPLOY.resolve(environment));
    }

    /** The problems of the real base environment after one change. */
    private List<String> brokenBase(Consumer<List<Map<String, Object>>> change) {
        List<Map<String, Object>> environment = new ArrayList<>(build("base"));
        assertThat(rules.problems(environment)).as("deploy/base before the change").isEmpty();
        change.accept(environment);
        return rules.problems(environment);
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, String apiVersion, String kind,
            String name) {
        return DeployKustomize.find(resources, apiVersion, kind, name);
    }

    private static Map<String, Object> workload(List<Map<String, Object>> resources, String name) {
        return resources.stream().filter(DeployRules::isWorkload).filter(w -> DeployRules.name(w).equals(name))
                .findFirst().orElseThrow();
    }

    private static Map<String, Object> spec(List<Map<String, Object>> resources, String name) {
        return map(workload(resources, name).get("spec"));
    }

    private static Map<String, Object> container(List<Map<String, Object>> resources, String name) {
        return map(list(DeployRules.podSpec(workload(resources, name)).get("containers")).get(0));
    }

    private static Map<String, Object> securityContext(List<Map<String, Object>> resources, String name) {
        return map(container(resources, name).get("securityContext"));
    }

    private static Map<String, Object> httpGet(List<Map<String, Object>> resources, String name, String probe) {
        return map(map(container(resources, name).get(probe)).get("httpGet"));
    }

    private static List<Map<String, Object>> ports(List<Map<String, Object>> resources, String name) {
        return list(container(resources, name).get("ports")).stream().map(DeployKustomize::map).toList();
    }

    private static Map<String, Object> configMapData(List<Map<String, Object>> resources, String name) {
        return map(find(resources, "v1", "ConfigMap", name).get("data"));
    }

    private static Map<String, String> environmentOf(List<Map<String, Object>> resources, String name) {
        return DeployRules.environment(resources, container(resources, name));
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
