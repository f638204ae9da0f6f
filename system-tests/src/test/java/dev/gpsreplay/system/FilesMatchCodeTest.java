package dev.gpsreplay.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The compose files, deploy/ and the workflows name things that live in the code: each service's
 * port, the settings it reads, its health path, its module and Dockerfile. This test ties them
 * together. Whether the files are valid compose, Kubernetes, Knative or workflow files is the job
 * of the tools users run on them (compose-spec schema, kubectl kustomize, the Kubernetes and Knative
 * schemas, actionlint, hadolint, shellcheck): {@code lint/run.sh}, in CI.
 */
class FilesMatchCodeTest {

    static final Path ROOT = projectRoot();
    private static final List<String> SERVICES = List.of("replayer", "query-api");
    private static final Pattern TCP_PORT = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+)");
    private static final Pattern MODULES = Pattern.compile("-pl\\s+([\\w,-]+)");
    private static final Pattern PATHS = Pattern.compile(
            "(?<![\\w./-])((?:\\.ci|lint|deploy|src-native|data)/[\\w./-]*\\w|docker-compose-\\w+\\.yml)");

    // ---- compose ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose-pubsub.yml", "docker-compose-rest.yml"})
    void composeServicesUseTheirOwnPortsSettingsAndHealthPaths(String file) {
        assertThat(composeProblems(loadOne(ROOT.resolve(file)))).as(file).isEmpty();
    }

    @Test
    void composeRulesCatchWhatTheyAreFor() {
        Map<String, Object> compose = loadOne(ROOT.resolve("docker-compose-pubsub.yml"));
        Map<String, Object> replayer = map(map(compose.get("services")).get("replayer"));
        replayer.put("ports", List.of("127.0.0.1:8082:8082"));
        map(replayer.get("environment")).put("REPLAY_SPED", "10");
        map(replayer.get("environment")).put("REPLAY_SINK", "kafak");
        map(map(replayer.get("build")).get("args")).put("PORT", "8080");
        // the serving port: health answers on the management port only
        replayer.put(
                "healthcheck",
                Map.of("test", List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && GET /q/health/ready")));
        assertThat(composeProblems(compose))
                .hasSize(5)
                .anyMatch(p -> p.contains("REPLAY_SPED"))
                .anyMatch(p -> p.contains("kafak"))
                .anyMatch(p -> p.contains("8082"))
                .anyMatch(p -> p.contains("build arg MODULE/PORT"))
                .anyMatch(p -> p.contains("/q/health/ready on 9001"));
    }

    private static List<String> composeProblems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            Map<String, Object> spec = map(map(compose.get("services")).get(service));
            ServiceSettings settings = ServiceSettings.read(ROOT, service);
            String port = String.valueOf(settings.httpPort());
            String managementPort = String.valueOf(settings.managementPort());
            for (Object published : list(spec.get("ports"))) {
                String mapping = String.valueOf(published);
                if (!mapping.endsWith(":" + port + ":" + port)
                        && !mapping.endsWith(":" + managementPort + ":" + managementPort)) {
                    problems.add(
                            service + ": publishes " + published + ", not its port " + port + " or " + managementPort);
                }
            }
            Map<String, Object> build = map(spec.get("build"));
            Map<String, Object> args = map(build.get("args"));
            if (!service.equals(args.get("MODULE"))
                    || !port.equals(String.valueOf(args.get("PORT")))
                    || !managementPort.equals(String.valueOf(args.get("MANAGEMENT_PORT")))) {
                problems.add(service + ": build arg MODULE/PORT/MANAGEMENT_PORT " + args + " is not " + service + "/"
                        + port + "/" + managementPort);
            }
            String dockerfile =
                    String.valueOf(build.get("dockerfile")).replace("${GPSREPLAY_IMAGE_KIND:-native}", "native");
            if (!Files.isRegularFile(ROOT.resolve(dockerfile))) {
                problems.add(service + ": no " + dockerfile);
            }
            String health = String.join(
                    " ",
                    list(map(spec.get("healthcheck")).get("test")).stream()
                            .map(String::valueOf)
                            .toList());
            Matcher tcp = TCP_PORT.matcher(health);
            if (!tcp.find() || !tcp.group(1).equals(managementPort) || !health.contains("/q/health/ready")) {
                problems.add(
                        service + ": health check does not ask /q/health/ready on " + managementPort + ": " + health);
            }
            map(spec.get("environment"))
                    .forEach((name, value) -> problems.addAll(settingProblems(settings, name, value)));
        }
        return problems;
    }

    // ---- deploy/ ---------------------------------------------------------------------------------

    /** Every ConfigMap, Secret and container env under deploy/ (patches included) sets only what its readers know. */
    @Test
    void deploySetsOnlySettingsTheServicesRead() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> resource : deployResources()) {
            String name = String.valueOf(map(resource.get("metadata")).get("name"));
            Map<String, Object> data = map(resource.getOrDefault("data", resource.get("stringData")));
            List<String> readers =
                    SERVICES.stream().filter(s -> readsFromDeploy(s, name)).toList();
            if (List.of("ConfigMap", "Secret").contains(resource.get("kind"))) {
                readers.forEach(s -> data.forEach(
                        (key, value) -> problems.addAll(settingProblems(ServiceSettings.read(ROOT, s), key, value))));
            }
            for (Object container : containers(resource)) {
                String service = String.valueOf(map(container).get("name"));
                if (SERVICES.contains(service)) {
                    list(map(container).get("env"))
                            .forEach(env -> problems.addAll(settingProblems(
                                    ServiceSettings.read(ROOT, service), map(env).get("name"), map(env).get("value"))));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A NetworkPolicy that admits traffic to a service admits it on that service's port or management port. */
    @Test
    void networkPoliciesOpenTheServicesOwnPorts() {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> policy : deployResources()) {
            if (!"NetworkPolicy".equals(policy.get("kind"))) {
                continue;
            }
            Map<String, Object> spec = map(policy.get("spec"));
            Object target = map(map(spec.get("podSelector")).get("matchLabels")).get("app.kubernetes.io/name");
            if (SERVICES.contains(String.valueOf(target))) {
                ServiceSettings settings = ServiceSettings.read(ROOT, String.valueOf(target));
                int port = settings.httpPort();
                int managementPort = settings.managementPort();
                list(spec.get("ingress"))
                        .forEach(rule -> list(map(rule).get("ports")).stream()
                                .map(p -> map(p).get("port"))
                                .filter(p -> !Objects.equals(p, port) && !Objects.equals(p, managementPort))
                                .forEach(p -> problems.add(target + ": a NetworkPolicy opens port " + p + ", not "
                                        + port + " or " + managementPort)));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theDemoTrackIsTheSampleInData() throws IOException {
        assertThat(Files.mismatch(ROOT.resolve("deploy/base/tracks/bus-17.csv"), ROOT.resolve("data/bus-17.csv")))
                .as("deploy/base/tracks/bus-17.csv is a copy of data/bus-17.csv: run deploy/generate.sh")
                .isEqualTo(-1L);
    }

    private static boolean readsFromDeploy(String service, String name) {
        String properties = read(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
        return Pattern.compile(
                        "^quarkus\\.kubernetes\\.env\\.(configmaps|secrets)=.*\\b" + Pattern.quote(name) + "\\b",
                        Pattern.MULTILINE)
                .matcher(properties)
                .find();
    }

    private static List<Object> containers(Map<String, Object> resource) {
        Map<String, Object> podSpec =
                map(map(map(resource.get("spec")).get("template")).get("spec"));
        return list(podSpec.get("containers"));
    }

    private static List<Map<String, Object>> deployResources() {
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy"))) {
            return files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .flatMap(f -> loadAll(f).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- workflows and scripts -------------------------------------------------------------------

    /** Every module a workflow builds and every file it names exists. */
    @Test
    void workflowsCallModulesAndFilesThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve(".github/workflows"))) {
            for (Path workflow : files.toList()) {
                String text = read(workflow);
                Matcher modules = MODULES.matcher(text);
                while (modules.find()) {
                    Stream.of(modules.group(1).split(","))
                            .filter(m -> !Files.isRegularFile(ROOT.resolve(m).resolve("pom.xml")))
                            .forEach(m -> problems.add(workflow.getFileName() + ": no module " + m));
                }
                Matcher paths = PATHS.matcher(text);
                while (paths.find()) {
                    if (!Files.exists(ROOT.resolve(paths.group(1)))) {
                        problems.add(workflow.getFileName() + ": no file " + paths.group(1));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theScriptsAreExecutable() {
        Stream.of(".ci/run", "lint/run.sh", "deploy/generate.sh", "deploy/pin-digests.sh")
                .forEach(script -> assertThat(ROOT.resolve(script)).isExecutable());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static List<String> settingProblems(ServiceSettings settings, Object name, Object value) {
        String env = String.valueOf(name);
        if (!settings.knows(env)) {
            return List.of(settings.module() + ": sets " + env + ", a setting it does not read");
        }
        String text = String.valueOf(value).toLowerCase(Locale.ROOT);
        // a list setting (replay.sink=kafka,nmea) takes several accepted values, comma-separated
        return settings.acceptedValues(env)
                .filter(values -> value != null
                        && !Arrays.stream(text.split(",")).map(String::trim).allMatch(values::contains))
                .map(values -> List.of(settings.module() + ": " + env + "=" + value + " is not one of " + values))
                .orElse(List.of());
    }

    static Map<String, Object> loadOne(Path file) {
        return loadAll(file).get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (document instanceof Map<?, ?> resource) {
                documents.add((Map<String, Object>) resource);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return Objects.requireNonNull(
                dir, "no project root above " + Path.of("").toAbsolutePath());
    }
}
