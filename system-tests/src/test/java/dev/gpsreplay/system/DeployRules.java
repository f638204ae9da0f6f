package dev.gpsreplay.system;

import static dev.gpsreplay.system.DeployKustomize.list;
import static dev.gpsreplay.system.DeployKustomize.map;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a Kubernetes environment of ours keeps (one {@code kustomize build} of deploy/, read by
 * {@link DeployKustomize}), checked without a cluster: {@link #problems} lists every rule it breaks,
 * one readable line each (empty: all kept).
 *
 * <p>Every workload (Deployment, StatefulSet, Knative Service) container: an image with a pinned
 * tag, not {@code latest}; a securityContext with {@code runAsNonRoot: true},
 * {@code allowPrivilegeEscalation: false}, {@code capabilities.drop: [ALL]} and
 * {@code readOnlyRootFilesystem} ({@code true} except in a StatefulSet, where it must still be said);
 * every ConfigMap and Secret it reads exists. Every Service selects a workload and targets one of its
 * ports. The Quarkus services (a workload named like a module with an application.properties) also:
 * their container port, probe ports and Service target port equal to the module's
 * {@code quarkus.http.port}; liveness, readiness and startup probes on {@code /q/health/live},
 * {@code /ready} and {@code /started} (Knative: liveness and readiness); the image that
 * application.properties names ({@code quarkus.container-image.*}); a writable emptyDir on /tmp;
 * only environment variables the service knows ({@link ServiceSettings}), with valid values, whether
 * set in the container or in a ConfigMap or Secret it reads whole; Redis, Kafka and OTLP addresses
 * naming a Service here with that port; a REPLAY_SOURCE inside a mounted volume. The replayer: a
 * Deployment with {@code replicas: 1} and the {@code Recreate} strategy (one replay must never run
 * twice). A Knative Service: {@code min-scale} at least 1 (a Kafka consumer must not scale to zero)
 * and a {@code max-scale}.
 */
final class DeployRules {

    static final String KNATIVE_SERVING = "serving.knative.dev/v1";
    private static final String REPLAYER = "replayer";
    private static final Map<String, String> HEALTH_PATHS = Map.of(
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready", "startupProbe", "/q/health/started");
    /** Settings whose value is an address (host:port, or a URL) of something in the environment. */
    private static final Set<String> ADDRESSES =
            Set.of("QUARKUS_REDIS_HOSTS", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
    private static final Pattern ADDRESS = Pattern.compile("^(?:\\w+://)?(?:[^@/]*@)?([^:/,]+)(?::(\\d+))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final Path root;
    private final Map<String, ServiceSettings> settingsByModule = new HashMap<>();

    /** Rules for environments of the project in {@code root} (its modules are there). */
    DeployRules(Path root) {
        this.root = root;
    }

    /** Every broken rule of this environment, or nothing. */
    List<String> problems(List<Map<String, Object>> resources) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> workloads = resources.stream().filter(DeployRules::isWorkload).toList();
        if (workloads.isEmpty()) {
            problems.add("no workloads");
        }
        for (Map<String, Object> workload : workloads) {
            String name = name(workload);
            String where = workload.get("kind") + " " + name + ": ";
            Map<String, Object> pod = podSpec(workload);
            List<Object> containers = list(pod.get("containers"));
            if (containers.isEmpty()) {
                problems.add(where + "no containers");
            }
            for (Object container : containers) {
                checkImage(where, map(container), problems);
                checkSecurityContext(where, workload, map(container), problems);
                checkReferences(where, resources, map(container), problems);
            }
            checkVolumes(where, resources, pod, problems);
            if (ServiceSettings.isService(root, name)) {
                checkQuarkusService(where, resources, workload, problems);
            }
            if (isKnative(workload)) {
                checkKnativeScale(where, workload, problems);
            }
        }
        checkReplayer(workloads, problems);
        for (Map<String, Object> service : resources) {
            if ("v1".equals(service.get("apiVersion")) && "Service".equals(service.get("kind"))) {
                checkService(service, workloads, problems);
            }
        }
        return problems;
    }

    // ---- every workload ------------------------------------------------------------------------

    private static void checkImage(String where, Map<String, Object> container, List<String> problems) {
        String image = String.valueOf(container.get("image"));
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        String tag = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(colon + 1) : "";
        if (container.get("image") == null) {
            problems.add(where + "container " + container.get("name") + " has no image");
        } else if (tag.isEmpty() && !image.contains("@sha256:")) {
            problems.add(where + "image " + image + " has no tag");
        } else if (tag.equals("latest")) {
            problems.add(where + "image " + image + " uses the latest tag");
        }
    }

    private static void checkSecurityContext(String where, Map<String, Object> workload, Map<String, Object> container,
            List<String> problems) {
        String of = where + "container " + container.get("name") + "'s securityContext ";
        Map<String, Object> context = map(container.get("securityContext"));
        if (!Boolean.TRUE.equals(context.get("runAsNonRoot"))) {
            problems.add(of + "does not set runAsNonRoot: true");
        }
        if (!Boolean.FALSE.equals(context.get("allowPrivilegeEscalation"))) {
            problems.add(of + "does not set allowPrivilegeEscalation: false");
        }
        if (!list(map(context.get("capabilities")).get("drop")).contains("ALL")) {
            problems.add(of + "does not drop ALL capabilities");
        }
        Object readOnly = context.get("readOnlyRootFilesystem");
        if ("StatefulSet".equals(workload.get("kind")) ? !(readOnly instanceof Boolean) : !Boolean.TRUE.equals(readOnly)) {
            problems.add(of + "does not set readOnlyRootFilesystem: true");
        }
    }

    /** The ConfigMaps and Secrets a container reads exist (and hold the keys it reads). */
    private static void checkReferences(String where, List<Map<String, Object>> resources,
            Map<String, Object> container, List<String> problems) {
        for (Object source : list(container.get("envFrom"))) {
            for (String kind : List.of("ConfigMap", "Secret")) {
                Map<String, Object> ref = map(map(source).get(kind.equals("ConfigMap") ? "configMapRef" : "secretRef"));
                if (!ref.isEmpty() && !Boolean.TRUE.equals(ref.get("optional"))
                        && DeployKustomize.find(resources, "v1", kind, String.valueOf(ref.get("name"))) == null) {
                    problems.add(where + "reads the " + kind + " " + ref.get("name") + ", which is not in the environment");
                }
            }
        }
        for (Object variable : list(container.get("env"))) {
            Map<String, Object> from = map(map(variable).get("valueFrom"));
            for (String kind : List.of("ConfigMap", "Secret")) {
                Map<String, Object> ref = map(from.get(kind.equals("ConfigMap") ? "configMapKeyRef" : "secretKeyRef"));
                if (ref.isEmpty() || Boolean.TRUE.equals(ref.get("optional"))) {
                    continue;
                }
                Map<String, Object> found = DeployKustomize.find(resources, "v1", kind, String.valueOf(ref.get("name")));
                if (found == null || !keys(found).contains(String.valueOf(ref.get("key")))) {
                    problems.add(where + map(variable).get("name") + " reads " + kind + " " + ref.get("name") + " key "
                            + ref.get("key") + ", which is not in the environment");
                }
            }
        }
    }

    private static void checkVolumes(String where, List<Map<String, Object>> resources, Map<String, Object> pod,
            List<String> problems) {
        for (Object volume : list(pod.get("volumes"))) {
            Map<String, Object> configMap = map(map(volume).get("configMap"));
            Map<String, Object> secret = map(map(volume).get("secret"));
            if (!configMap.isEmpty() && !Boolean.TRUE.equals(configMap.get("optional"))
                    && DeployKustomize.find(resources, "v1", "ConfigMap", String.valueOf(configMap.get("name"))) == null) {
                problems.add(where + "mounts the ConfigMap " + configMap.get("name") + ", which is not in the environment");
            }
            if (!secret.isEmpty() && !Boolean.TRUE.equals(secret.get("optional"))
                    && DeployKustomize.find(resources, "v1", "Secret", String.valueOf(secret.get("secretName"))) == null) {
                problems.add(where + "mounts the Secret " + secret.get("secretName") + ", which is not in the environment");
            }
        }
    }

    // ---- the Quarkus services ------------------------------------------------------------------

    private void checkQuarkusService(String where, List<Map<String, Object>> resources, Map<String, Object> workload,
            List<String> problems) {
        String module = name(workload);
        ServiceSettings settings = settingsByModule.computeIfAbsent(module, m -> ServiceSettings.read(root, m));
        int httpPort = settings.httpPort();
        String portSource = " (" + module + "'s quarkus.http.port is " + httpPort + ")";
        List<Object> containers = list(podSpec(workload).get("containers"));
        if (containers.size() != 1) {
            problems.add(where + "has " + containers.size() + " containers, not the service's one");
            return;
        }
        Map<String, Object> container = map(containers.get(0));

        List<Object> ports = list(container.get("ports"));
        if (ports.isEmpty()) {
            problems.add(where + "declares no container port");
        }
        for (Object port : ports) {
            if (intValue(map(port).get("containerPort")) != httpPort) {
                problems.add(where + "container port " + map(port).get("containerPort") + " is not the service's port"
                        + portSource);
            }
        }
        for (Map.Entry<String, String> probe : HEALTH_PATHS.entrySet()) {
            checkProbe(where, workload, container, probe.getKey(), probe.getValue(), httpPort, portSource, problems);
        }

        String expectedImage = configuredImage(module);
        if (expectedImage == null) {
            problems.add(where + module + "'s application.properties names no image (quarkus.container-image.*)");
        } else if (!expectedImage.equals(container.get("image"))) {
            problems.add(where + "image " + container.get("image") + " is not the one " + module
                    + "'s application.properties names, " + expectedImage);
        }

        if (Boolean.TRUE.equals(map(container.get("securityContext")).get("readOnlyRootFilesystem"))
                && !hasWritableTmp(podSpec(workload), container)) {
            problems.add(where + "has a read-only root filesystem but no emptyDir mounted on /tmp");
        }

        Map<String, String> environment = environment(resources, container);
        environment.forEach((env, value) -> {
            if (!settings.knows(env)) {
                problems.add(where + "sets " + env + ", which " + module + " does not read (not a key of its"
                        + " application.properties or @ConfigMapping interfaces, nor a standard setting)");
            }
            settings.acceptedValues(env).ifPresent(accepted -> {
                if (!accepted.contains(value.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    problems.add(where + env + "=" + value + " is not one of " + accepted);
                }
            });
            if (env.equals("QUARKUS_HTTP_PORT") && intValue(value) != httpPort) {
                problems.add(where + "QUARKUS_HTTP_PORT=" + value + " moves the service off the port its container,"
                        + " probes and Service use" + portSource);
            }
            if (ADDRESSES.contains(env)) {
                checkAddress(where, resources, env, value, problems);
            }
        });
        String source = environment.get("REPLAY_SOURCE");
        if (source != null && list(container.get("volumeMounts")).stream().map(m -> String.valueOf(map(m).get("mountPath")))
                .noneMatch(path -> source.equals(path) || source.startsWith(path + "/"))) {
            problems.add(where + "REPLAY_SOURCE=" + source + " is not inside a mounted volume");
        }
    }

    private static void checkProbe(String where, Map<String, Object> workload, Map<String, Object> container,
            String probe, String path, int httpPort, String portSource, List<String> problems) {
        Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
        boolean knative = isKnative(workload);
        if (httpGet.isEmpty()) {
            // Knative: liveness and readiness; a startup probe would switch off Knative's fast readiness probing.
            if (!(knative && probe.equals("startupProbe"))) {
                problems.add(where + "has no HTTP " + probe + " (on " + path + ")");
            }
            return;
        }
        if (!path.equals(httpGet.get("path"))) {
            problems.add(where + probe + " asks " + httpGet.get("path") + ", not " + path);
        }
        Object port = httpGet.get("port");
        if (port == null) {
            if (!knative) {
                problems.add(where + probe + " names no port" + portSource);
            }
        } else if (port instanceof Integer number ? number != httpPort : !namesPort(container, port, httpPort)) {
            problems.add(where + probe + " probes port " + port + portSource);
        }
    }

    private static boolean namesPort(Map<String, Object> container, Object name, int number) {
        return list(container.get("ports")).stream().map(DeployKustomize::map)
                .anyMatch(p -> name.equals(p.get("name")) && intValue(p.get("containerPort")) == number);
    }

    private static boolean hasWritableTmp(Map<String, Object> pod, Map<String, Object> container) {
        return list(container.get("volumeMounts")).stream().map(DeployKustomize::map)
                .filter(mount -> "/tmp".equals(mount.get("mountPath")) && !Boolean.TRUE.equals(mount.get("readOnly")))
                .anyMatch(mount -> list(pod.get("volumes")).stream().map(DeployKustomize::map)
                        .anyMatch(volume -> Objects.equals(volume.get("name"), mount.get("name"))
                                && volume.containsKey("emptyDir")));
    }

    /** An address's host is a Service of the environment that has that port. */
    private static void checkAddress(String where, List<Map<String, Object>> resources, String env, String value,
            List<String> problems) {
        for (String address : value.split(",")) {
            Matcher m = ADDRESS.matcher(address.trim());
            if (!m.find() || m.group(2) == null) {
                problems.add(where + env + " has an address without a port: " + address);
                continue;
            }
            String host = m.group(1);
            String serviceName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
            Map<String, Object> service = DeployKustomize.find(resources, "v1", "Service", serviceName);
            if (service == null) {
                problems.add(where + env + " names " + host + ", which is not a Service in the environment");
            } else if (list(map(service.get("spec")).get("ports")).stream()
                    .noneMatch(p -> intValue(map(p).get("port")) == Integer.parseInt(m.group(2)))) {
                problems.add(where + env + "=" + address + ": the Service " + serviceName + " has no port " + m.group(2));
            }
        }
    }

    /** registry/group/name:tag from the module's quarkus.container-image.* settings, or null when it sets none. */
    private String configuredImage(String module) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                root.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = resolve(properties, "quarkus.container-image.name");
        String tag = resolve(properties, "quarkus.container-image.tag");
        if (name == null || tag == null) {
            return null;
        }
        String registry = resolve(properties, "quarkus.container-image.registry");
        String group = resolve(properties, "quarkus.container-image.group");
        return (registry == null ? "" : registry + "/") + (group == null ? "" : group + "/") + name + ":" + tag;
    }

    private static String resolve(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = resolve(properties, m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString().trim();
    }

    // ---- the replayer and Knative ----------------------------------------------------------------

    private static void checkReplayer(List<Map<String, Object>> workloads, List<String> problems) {
        List<Map<String, Object>> replayers = workloads.stream().filter(w -> REPLAYER.equals(name(w))).toList();
        if (replayers.size() != 1) {
            problems.add("the environment has " + replayers.size() + " replayer workloads, not one");
            return;
        }
        Map<String, Object> replayer = replayers.get(0);
        String where = replayer.get("kind") + " " + REPLAYER + ": ";
        if (!"Deployment".equals(replayer.get("kind")) || !"apps/v1".equals(replayer.get("apiVersion"))) {
            problems.add(where + "is not a Deployment (one replay must never run twice: no autoscaling)");
            return;
        }
        Map<String, Object> spec = map(replayer.get("spec"));
        if (!Integer.valueOf(1).equals(spec.get("replicas"))) {
            problems.add(where + "replicas is " + spec.get("replicas") + ", not an explicit 1 (one replay must never run twice)");
        }
        if (!"Recreate".equals(map(spec.get("strategy")).get("type"))) {
            problems.add(where + "strategy is " + map(spec.get("strategy")).get("type")
                    + ", not Recreate (a rolling update runs two replays at once)");
        }
    }

    private static void checkKnativeScale(String where, Map<String, Object> workload, List<String> problems) {
        Map<String, Object> annotations = map(map(map(map(workload.get("spec")).get("template")).get("metadata"))
                .get("annotations"));
        int min = intValue(annotations.get("autoscaling.knative.dev/min-scale"));
        int max = intValue(annotations.get("autoscaling.knative.dev/max-scale"));
        if (min < 1) {
            problems.add(where + "autoscaling.knative.dev/min-scale is " + annotations.get("autoscaling.knative.dev/min-scale")
                    + ": at least 1, or the Kafka consumer scales to zero and nobody writes the view");
        }
        if (max < Math.max(min, 1)) {
            problems.add(where + "autoscaling.knative.dev/max-scale is " + annotations.get("autoscaling.knative.dev/max-scale")
                    + ": set it, at least min-scale");
        }
    }

    // ---- Services --------------------------------------------------------------------------------

    private void checkService(Map<String, Object> service, List<Map<String, Object>> workloads, List<String> problems) {
        String where = "Service " + name(service) + ": ";
        Map<String, Object> spec = map(service.get("spec"));
        Map<String, Object> selector = map(spec.get("selector"));
        List<Map<String, Object>> selected = workloads.stream().filter(w -> !isKnative(w))
                .filter(w -> !selector.isEmpty() && map(map(map(map(w.get("spec")).get("template")).get("metadata"))
                        .get("labels")).entrySet().containsAll(selector.entrySet()))
                .toList();
        if (selected.isEmpty()) {
            problems.add(where + "selects no workload (selector " + selector + ")");
            return;
        }
        for (Object port : list(spec.get("ports"))) {
            Object target = map(port).getOrDefault("targetPort", map(port).get("port"));
            for (Map<String, Object> workload : selected) {
                boolean found = list(podSpec(workload).get("containers")).stream().map(DeployKustomize::map)
                        .flatMap(c -> list(c.get("ports")).stream().map(DeployKustomize::map))
                        .anyMatch(p -> target instanceof Integer number ? intValue(p.get("containerPort")) == number
                                : Objects.equals(target, p.get("name")));
                if (!found) {
                    problems.add(where + "targets port " + target + ", which " + workload.get("kind") + " "
                            + name(workload) + " does not declare");
                }
                if (ServiceSettings.isService(root, name(workload)) && target instanceof Integer number) {
                    int httpPort = settingsByModule.computeIfAbsent(name(workload), m -> ServiceSettings.read(root, m))
                            .httpPort();
                    if (number != httpPort) {
                        problems.add(where + "targets port " + number + ", not " + name(workload)
                                + "'s quarkus.http.port " + httpPort);
                    }
                }
            }
        }
    }

    // ---- reading resources -----------------------------------------------------------------------

    static boolean isWorkload(Map<String, Object> resource) {
        return ("apps/v1".equals(resource.get("apiVersion"))
                && Set.of("Deployment", "StatefulSet").contains(String.valueOf(resource.get("kind"))))
                || isKnative(resource);
    }

    static boolean isKnative(Map<String, Object> resource) {
        return KNATIVE_SERVING.equals(resource.get("apiVersion")) && "Service".equals(resource.get("kind"));
    }

    static String name(Map<String, Object> resource) {
        return String.valueOf(map(resource.get("metadata")).get("name"));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    /** What the container sees: its envFrom sources' keys (in order), then its own env, later ones winning. */
    static Map<String, String> environment(List<Map<String, Object>> resources, Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> configMap = map(map(source).get("configMapRef"));
            Map<String, Object> secret = map(map(source).get("secretRef"));
            Map<String, Object> found = !configMap.isEmpty()
                    ? DeployKustomize.find(resources, "v1", "ConfigMap", String.valueOf(configMap.get("name")))
                    : DeployKustomize.find(resources, "v1", "Secret", String.valueOf(secret.get("name")));
            if (found != null) {
                Map<String, Object> data = new LinkedHashMap<>(map(found.get("data")));
                data.putAll(map(found.get("stringData")));
                String prefix = String.valueOf(map(source).getOrDefault("prefix", ""));
                data.forEach((key, value) -> environment.put(prefix + key, String.valueOf(value)));
            }
        }
        for (Object variable : list(container.get("env"))) {
            Object value = map(variable).get("value");
            environment.put(String.valueOf(map(variable).get("name")), value == null ? "" : String.valueOf(value));
        }
        return environment;
    }

    private static Set<String> keys(Map<String, Object> configMapOrSecret) {
        Set<String> keys = new HashSet<>(map(configMapOrSecret.get("data")).keySet());
        keys.addAll(map(configMapOrSecret.get("stringData")).keySet());
        return keys;
    }

    private static int intValue(Object value) {
        try {
            return value == null ? -1 : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
