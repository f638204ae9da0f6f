package dev.gpsreplay.system;

import static dev.gpsreplay.system.DeployKustomize.list;
import static dev.gpsreplay.system.DeployKustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GitHub workflows agree with the repository, checked without GitHub: every workflow keeps the
 * {@link WorkflowRules} (pinned actions, existing files, modules and profiles, permissions,
 * timeouts), and each one does its job (CI runs .ci/run, native builds with Mandrel, images push to
 * GHCR on tags, compose and manifests are checked). The last tests break real workflows in memory,
 * one rule at a time, to show that each rule does catch what it is for.
 */
class WorkflowFilesTest {

    private static final Path ROOT = DeployManifestsTest.ROOT;
    private static final Path WORKFLOWS = ROOT.resolve(".github/workflows");

    private final WorkflowRules rules = new WorkflowRules(ROOT);

    static List<String> workflows() {
        return WorkflowRules.workflowFiles(ROOT).stream().map(f -> f.getFileName().toString()).toList();
    }

    @ParameterizedTest
    @MethodSource("workflows")
    void keepsTheRules(String file) {
        assertThat(rules.problems(WorkflowRules.read(WORKFLOWS.resolve(file)))).as(file).isEmpty();
    }

    @Test
    void theWorkflowsAreThere() {
        assertThat(workflows()).contains("ci.yml", "native.yml", "images.yml", "compose-smoke.yml", "manifests.yml");
    }

    @Test
    void ciRunsTheProjectsOwnCiCommandOnJava17And25() {
        Map<String, Object> job = onlyJob("ci.yml");
        assertThat(runs(job)).contains("bash .ci/run");
        assertThat(list(map(map(job.get("strategy")).get("matrix")).get("java"))).contains("17", "25");
        assertThat(step(job, "actions/setup-java")).containsEntry("distribution", "temurin");
    }

    @Test
    void nativeBuildsBothServicesWithMandrelAndRunsTheirNativeTests() {
        Map<String, Object> job = onlyJob("native.yml");
        assertThat(step(job, "graalvm/setup-graalvm")).containsEntry("distribution", "mandrel")
                .containsEntry("java-version", "21");
        assertThat(runs(job)).anyMatch(run -> run.startsWith("./mvnw -B") && run.contains(" verify -Pnative ")
                && run.contains(" -pl replayer,query-api -am"));
    }

    @Test
    void imagesPushBothServicesToGhcrOnTagsOnly() {
        Map<String, Object> workflow = workflow("images.yml");
        assertThat(map(workflow.get("on"))).containsOnlyKeys("push");
        assertThat(map(map(workflow.get("on")).get("push"))).containsOnlyKeys("tags");
        assertThat(map(workflow.get("permissions"))).containsEntry("packages", "write");
        Map<String, Object> job = onlyJob("images.yml");
        assertThat(list(map(map(job.get("strategy")).get("matrix")).get("service")))
                .containsExactlyInAnyOrderElementsOf(serviceModules());
        assertThat(step(job, "docker/build-push-action")).containsEntry("file", "src-native/Dockerfile.native")
                .containsEntry("push", true);
        assertThat(step(job, "docker/login-action")).containsEntry("registry", "ghcr.io");
    }

    @Test
    void composeSmokeStartsThePubSubStackAndAsksItForAFixAndTheDashboard() {
        String runs = String.join("\n", runs(onlyJob("compose-smoke.yml")));
        assertThat(runs).contains("docker compose -f docker-compose-pubsub.yml up -d --build --wait")
                .contains("http://localhost:8080/gps_state").contains("http://localhost:8080/ ")
                .contains("docker compose -f docker-compose-pubsub.yml down");
    }

    @Test
    void manifestsValidatesEveryKustomizationUnderDeploy() throws IOException {
        String runs = String.join("\n", map(workflow("manifests.yml").get("jobs")).values().stream()
                .flatMap(job -> runs(map(job)).stream()).toList());
        assertThat(runs).contains("kustomize build").contains("kubeconform -strict");
        Matcher loop = Pattern.compile("for overlay in ([\\w -]+); do").matcher(runs);
        assertThat(loop.find()).as("a loop over the kustomizations").isTrue();
        Set<String> kustomizations;
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy"))) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .map(f -> ROOT.resolve("deploy").relativize(f.getParent()).toString()).collect(Collectors.toSet());
        }
        assertThat(Set.of(loop.group(1).trim().split("\\s+"))).isEqualTo(kustomizations);
    }

    // ---- each rule catches what it is for --------------------------------------------------------

    @Test
    void catchesActionsThatAreNotPinned() {
        assertThat(broken("ci.yml", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                "actions/checkout@v7")).anyMatch(p -> p.contains("actions/checkout@v7 is not pinned"));
        assertThat(broken("ci.yml", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                "actions/checkout@main")).anyMatch(p -> p.contains("actions/checkout@main is not pinned"));
        assertThat(broken("ci.yml", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"))
                .anyMatch(p -> p.contains("without its version in a comment"));
        assertThat(broken("ci.yml", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
                "actions/checkout@v7.0.1")).isEmpty();
    }

    @Test
    void catchesStepsThatCallWhatDoesNotExist() {
        assertThat(broken("ci.yml", "run: bash .ci/run", "run: bash .ci/runn"))
                .anyMatch(p -> p.contains("runs .ci/runn, which does not exist"));
        assertThat(broken("native.yml", "-pl replayer,query-api", "-pl replayer,query-apy"))
                .anyMatch(p -> p.contains("builds module query-apy (-pl), which does not exist"));
        assertThat(broken("native.yml", "-Pnative", "-Pnatve"))
                .anyMatch(p -> p.contains("activates Maven profile natve (-P), which no pom.xml declares"));
        assertThat(broken("compose-smoke.yml", "docker compose -f docker-compose-pubsub.yml up",
                "docker compose -f docker-compose-events.yml up"))
                .anyMatch(p -> p.contains("docker compose reads docker-compose-events.yml, which does not exist"));
        assertThat(broken("ci.yml", "run: bash .ci/run", "run: bash .ci/run && deploy/regenerate.sh"))
                .anyMatch(p -> p.contains("names deploy/regenerate.sh, which does not exist"));
        assertThat(broken("native.yml", "run: ./mvnw -B", "run: ./mvnv -B"))
                .anyMatch(p -> p.contains("calls ./mvnv, which does not exist"));
        assertThat(broken("images.yml", "file: src-native/Dockerfile.native", "file: src-native/Dockerfile.nativ"))
                .anyMatch(p -> p.contains("the build's src-native/Dockerfile.nativ, which does not exist"));
    }

    @Test
    void catchesWorkflowsWithoutPermissionsOrTimeouts() {
        assertThat(broken("ci.yml", "permissions:\n  contents: read\n", ""))
                .anyMatch(p -> p.contains("declares no permissions"));
        assertThat(broken("ci.yml", "    timeout-minutes: 60\n", ""))
                .anyMatch(p -> p.contains("job build: no timeout-minutes"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The problems of a real workflow after replacing {@code text} (which must be in it) with {@code replacement}. */
    private List<String> broken(String file, String text, String replacement) {
        String original = WorkflowRules.read(WORKFLOWS.resolve(file));
        assertThat(rules.problems(original)).as("%s before the change", file).isEmpty();
        assertThat(original).as(file).contains(text);
        return rules.problems(original.replace(text, replacement));
    }

    private static Map<String, Object> workflow(String file) {
        return WorkflowRules.parse(WorkflowRules.read(WORKFLOWS.resolve(file)));
    }

    private static Map<String, Object> onlyJob(String file) {
        Map<String, Object> jobs = map(workflow(file).get("jobs"));
        assertThat(jobs).as("%s's jobs", file).hasSize(1);
        return map(jobs.values().iterator().next());
    }

    private static List<String> runs(Map<String, Object> job) {
        return list(job.get("steps")).stream().map(s -> map(s).get("run")).filter(r -> r != null)
                .map(String::valueOf).toList();
    }

    /** The {@code with:} of the job's step that uses this action. */
    private static Map<String, Object> step(Map<String, Object> job, String action) {
        return list(job.get("steps")).stream().map(DeployKustomize::map)
                .filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@")).findFirst()
                .map(s -> map(s.get("with"))).orElseThrow(() -> new AssertionError("no step uses " + action));
    }

    /** The Quarkus services: modules with an application.properties. */
    private static List<String> serviceModules() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(m -> ServiceSettings.isService(ROOT, m)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
