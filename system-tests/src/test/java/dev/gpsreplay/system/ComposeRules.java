package dev.gpsreplay.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The rules our compose files keep, checked without Docker: {@link #problems} lists every rule a
 * parsed compose file breaks, one readable line each (empty: all kept).
 *
 * <p>Every service: an image with a pinned tag (not {@code latest}), a health check,
 * {@code restart: unless-stopped}, {@code depends_on} only with {@code condition: service_healthy}
 * on a service that has a health check, a Dockerfile and build context that exist, bind-mounted host
 * paths that exist, no host port published twice. The Quarkus services (a compose service named like
 * a module with an application.properties) also: ports, the {@code PORT} build argument and the
 * health check's port equal to the module's {@code quarkus.http.port}; a health check on
 * {@code /q/health/ready} or {@code /live} that needs neither curl nor wget (the native runtime image
 * has neither); only environment variables the service knows ({@link ServiceSettings}), with valid
 * enum and boolean values; Redis and Kafka addresses naming a service it depends on.
 */
final class ComposeRules {

    /** Compose's interpolation: {@code $$}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, ... */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{(\\w+)(?:(:?[-?+])([^}]*))?}|\\$(\\w+)");
    private static final Pattern HEALTH_PATH = Pattern.compile("/q/health/(ready|live)\\b");
    private static final Pattern PROBE_PORT = Pattern.compile("/dev/tcp/[^/\\s]+/(\\d+)|https?://[^/:\\s]+:(\\d+)");
    /** [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; the IP has dots (or brackets), so 8080:8080 is not IP:PORT. */
    private static final Pattern PORT_MAPPING =
            Pattern.compile("(?:(?:\\d+\\.\\d+\\.\\d+\\.\\d+|\\[[^]]*]):)?(?:(\\d+):)?(\\d+)(?:/\\w+)?");
    private static final Pattern HOST_PORT = Pattern.compile("^(?:\\w+://)?([^:/,]+)(?::(\\d+))?");

    private final Path root;
    private final Map<String, ServiceSettings> settingsByModule = new HashMap<>();

    /** Rules for compose files in {@code root}, the project root (modules, data/ and src-native/ are there). */
    ComposeRules(Path root) {
        this.root = root;
    }

    /** Parses a compose file with SnakeYAML and interpolates it like Compose, with these variables set. */
    static Map<String, Object> load(Path file, Map<String, String> variables) {
        try {
            return load(Files.readString(file), variables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml, Map<String, String> variables) {
        Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return (Map<String, Object>) interpolate(document, variables);
    }

    private static Object interpolate(Object node, Map<String, String> variables) {
        if (node instanceof String text) {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(substitute(m, variables, text)));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, interpolate(v, variables)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(v -> interpolate(v, variables)).toList());
        }
        return node;
    }

    private static String substitute(Matcher m, Map<String, String> variables, String text) {
        String name = m.group(1) != null ? m.group(1) : m.group(4);
        if (name == null) {
            return "$"; // $$ is a literal $
        }
        String operator = m.group(2);
        String value = variables.get(name);
        // With a colon, an empty value counts as unset.
        boolean set = value != null && (operator == null || !operator.startsWith(":") || !value.isEmpty());
        String kind = operator == null ? "" : operator.replace(":", "");
        return switch (kind) {
            case "-" -> set ? value : m.group(3);
            case "+" -> set ? m.group(3) : "";
            default -> {
                if (!set) {
                    throw new IllegalArgumentException("${" + name + "} is not set and has no default, in: " + text);
                }
                yield value;
            }
        };
    }

    /** Every broken rule of this (parsed, interpolated) compose file, or nothing. */
    List<String> problems(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = map(compose.get("services"));
        if (services.isEmpty()) {
            problems.add("no services");
        }
        Map<Integer, String> publishedBy = new HashMap<>();
        services.forEach((name, definition) -> {
            Map<String, Object> service = map(definition);
            String where = "service " + name + ": ";
            checkImage(where, service, problems);
            checkHealthcheck(where, service, problems);
            checkRestart(where, service, problems);
            checkDependencies(where, services, service, problems);
            checkBuild(where, service, problems);
            checkVolumes(where, compose, service, problems);
            for (int[] port : ports(where, service, problems)) {
                String other = port[0] > 0 ? publishedBy.putIfAbsent(port[0], name) : null;
                if (other != null) {
                    problems.add(where + "host port " + port[0] + " is also published by " + other);
                }
            }
            if (ServiceSettings.isService(root, name)) {
                checkQuarkusService(where, services, name, service, problems);
            }
        });
        return problems;
    }

    // ---- every service -----------------------------------------------------------------------

    private static void checkImage(String where, Map<String, Object> service, List<String> problems) {
        Object image = service.get("image");
        if (!(image instanceof String ref) || ref.isBlank()) {
            problems.add(where + "no image name (a pinned name:tag, also for built images)");
            return;
        }
        String withoutDigest = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int colon = withoutDigest.lastIndexOf(':');
        String tag = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(colon + 1) : "";
        if (tag.isEmpty() && !ref.contains("@sha256:")) {
            problems.add(where + "image " + ref + " has no tag");
        } else if (tag.equals("latest")) {
            problems.add(where + "image " + ref + " uses the latest tag");
        }
    }

    private static void checkHealthcheck(String where, Map<String, Object> service, List<String> problems) {
        if (!hasHealthcheck(service)) {
            problems.add(where + "no healthcheck");
        }
    }

    private static boolean hasHealthcheck(Map<String, Object> service) {
        Map<String, Object> healthcheck = map(service.get("healthcheck"));
        Object test = healthcheck.get("test");
        boolean none = test instanceof List<?> list && !list.isEmpty() && "NONE".equals(list.get(0));
        return test != null && !none && !Boolean.TRUE.equals(healthcheck.get("disable"));
    }

    private static void checkRestart(String where, Map<String, Object> service, List<String> problems) {
        if (!"unless-stopped".equals(service.get("restart"))) {
            problems.add(where + "restart is " + service.get("restart") + ", not unless-stopped");
        }
    }

    private static void checkDependencies(String where, Map<String, Object> services, Map<String, Object> service,
            List<String> problems) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn == null) {
            return;
        }
        if (!(dependsOn instanceof Map<?, ?> dependencies)) {
            problems.add(where + "depends_on is a list; use the long form with condition: service_healthy");
            return;
        }
        dependencies.forEach((dependency, spec) -> {
            Object condition = map(spec).get("condition");
            if (!"service_healthy".equals(condition)) {
                problems.add(where + "depends on " + dependency + " with condition " + condition + ", not service_healthy");
            }
            if (!services.containsKey(dependency)) {
                problems.add(where + "depends on " + dependency + ", which is not a service here");
            } else if (!hasHealthcheck(map(services.get(dependency)))) {
                problems.add(where + "depends on " + dependency + ", which has no healthcheck to wait for");
            }
        });
    }

    private void checkBuild(String where, Map<String, Object> service, List<String> problems) {
        Object build = service.get("build");
        if (build == null) {
            return;
        }
        Map<String, Object> spec = build instanceof String context ? Map.of("context", context) : map(build);
        Path context = root.resolve(String.valueOf(spec.getOrDefault("context", "."))).normalize();
        Path dockerfile = context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile"))).normalize();
        if (!Files.isDirectory(context)) {
            problems.add(where + "build context " + context + " does not exist");
        }
        if (!Files.isRegularFile(dockerfile)) {
            problems.add(where + "Dockerfile " + dockerfile + " does not exist");
        }
    }

    private void checkVolumes(String where, Map<String, Object> compose, Map<String, Object> service,
            List<String> problems) {
        for (Object volume : list(service.get("volumes"))) {
            String source = volume instanceof String shortForm ? shortForm.split(":")[0]
                    : String.valueOf(map(volume).get("source"));
            boolean hostPath = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
            if (hostPath && !Files.exists(root.resolve(source).normalize())) {
                problems.add(where + "mounts host path " + source + ", which does not exist");
            } else if (!hostPath && !map(compose.get("volumes")).containsKey(source)) {
                problems.add(where + "mounts volume " + source + ", which is not declared under volumes");
            }
        }
    }

    /** {published, target} of each ports entry (published 0 when left to Docker). */
    private static List<int[]> ports(String where, Map<String, Object> service, List<String> problems) {
        List<int[]> ports = new ArrayList<>();
        for (Object entry : list(service.get("ports"))) {
            if (entry instanceof Map<?, ?> longForm) {
                ports.add(new int[] {intValue(longForm.get("published")), intValue(longForm.get("target"))});
                continue;
            }
            Matcher m = PORT_MAPPING.matcher(String.valueOf(entry));
            if (!m.matches()) {
                problems.add(where + "cannot read ports entry " + entry);
                continue;
            }
            ports.add(new int[] {m.group(1) == null ? 0 : Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
        return ports;
    }

    // ---- the Quarkus services ----------------------------------------------------------------

    private void checkQuarkusService(String where, Map<String, Object> services, String name,
            Map<String, Object> service, List<String> problems) {
        ServiceSettings settings = settingsByModule.computeIfAbsent(name, m -> ServiceSettings.read(root, m));
        int httpPort = settings.httpPort();
        String portSource = " (" + name + "'s quarkus.http.port is " + httpPort + ")";

        List<int[]> ports = ports(where, service, new ArrayList<>());
        if (ports.isEmpty()) {
            problems.add(where + "publishes no port");
        }
        for (int[] port : ports) {
            if (port[1] != httpPort) {
                problems.add(where + "container port " + port[1] + " is not the service's port" + portSource);
            }
            if (port[0] != httpPort) {
                problems.add(where + "host port " + (port[0] == 0 ? "(random)" : port[0]) + " is not the service's port"
                        + portSource);
            }
        }
        for (Object exposed : list(service.get("expose"))) {
            if (intValue(exposed) != httpPort) {
                problems.add(where + "exposes " + exposed + ", not the service's port" + portSource);
            }
        }
        Map<String, Object> args = map(map(service.get("build")).get("args"));
        if (service.containsKey("build")) {
            if (intValue(args.get("PORT")) != httpPort) {
                problems.add(where + "build arg PORT is " + args.get("PORT") + portSource);
            }
            if (!name.equals(args.get("MODULE"))) {
                problems.add(where + "build arg MODULE is " + args.get("MODULE") + ", not " + name);
            }
        }

        String probe = String.join(" ", list(map(service.get("healthcheck")).get("test")).stream()
                .map(String::valueOf).toList());
        if (!probe.isEmpty()) {
            if (!HEALTH_PATH.matcher(probe).find()) {
                problems.add(where + "healthcheck does not ask /q/health/ready or /q/health/live: " + probe);
            }
            Matcher port = PROBE_PORT.matcher(probe);
            if (!port.find()) {
                problems.add(where + "healthcheck names no port: " + probe);
            } else if (Integer.parseInt(port.group(1) != null ? port.group(1) : port.group(2)) != httpPort) {
                problems.add(where + "healthcheck probes port " + (port.group(1) != null ? port.group(1) : port.group(2))
                        + portSource);
            }
            if (probe.matches("(?s).*\\b(curl|wget)\\b.*")) {
                problems.add(where + "healthcheck uses curl or wget, which the native runtime image lacks: " + probe);
            }
        }

        Map<String, String> environment = environment(service);
        Set<String> dependencies = map(service.get("depends_on")).keySet();
        environment.forEach((env, value) -> {
            if (!settings.knows(env)) {
                problems.add(where + "sets " + env + ", which " + name + " does not read (not a key of its"
                        + " application.properties or @ConfigMapping interfaces, nor a standard setting)");
            }
            settings.acceptedValues(env).ifPresent(accepted -> {
                if (!accepted.contains(value.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    problems.add(where + env + "=" + value + " is not one of " + accepted);
                }
            });
            if (env.equals("QUARKUS_HTTP_PORT") && intValue(value) != httpPort) {
                problems.add(where + "QUARKUS_HTTP_PORT=" + value + " moves the service off the port the file"
                        + " publishes and probes" + portSource);
            }
        });
        checkAddress(where, services, dependencies, environment.get("QUARKUS_REDIS_HOSTS"), "QUARKUS_REDIS_HOSTS", problems);
        checkAddress(where, services, dependencies, environment.get("KAFKA_BOOTSTRAP_SERVERS"), "KAFKA_BOOTSTRAP_SERVERS",
                problems);
        String source = environment.get("REPLAY_SOURCE");
        if (source != null && list(service.get("volumes")).stream().map(ComposeRules::volumeTarget)
                .noneMatch(target -> source.equals(target) || source.startsWith(target + "/"))) {
            problems.add(where + "REPLAY_SOURCE=" + source + " is not inside a mounted volume");
        }
    }

    /** Each address names a service this one depends on (and, for Kafka, a listener that service advertises). */
    private static void checkAddress(String where, Map<String, Object> services, Set<String> dependencies, String value,
            String env, List<String> problems) {
        if (value == null) {
            return;
        }
        for (String address : value.split(",")) {
            Matcher m = HOST_PORT.matcher(address.trim());
            if (!m.find()) {
                problems.add(where + env + " has an unreadable address " + address);
                continue;
            }
            String host = m.group(1);
            if (!services.containsKey(host)) {
                problems.add(where + env + " names " + host + ", which is not a service here");
                continue;
            }
            if (!dependencies.contains(host)) {
                problems.add(where + env + " names " + host + ", which it does not depend on");
            }
            String advertised = environment(map(services.get(host))).get("KAFKA_ADVERTISED_LISTENERS");
            if (env.equals("KAFKA_BOOTSTRAP_SERVERS") && advertised != null
                    && !advertised.contains("://" + host + ":" + m.group(2))) {
                problems.add(where + env + "=" + address + " is not a listener " + host + " advertises ("
                        + advertised + ")");
            }
        }
    }

    // ---- YAML helpers ------------------------------------------------------------------------

    /** environment: as a map or as a list of NAME=value. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (Object entry : list(env)) {
                String[] pair = String.valueOf(entry).split("=", 2);
                environment.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return environment;
    }

    private static String volumeTarget(Object volume) {
        if (volume instanceof String shortForm) {
            String[] parts = shortForm.split(":");
            return parts.length > 1 ? parts[1] : parts[0];
        }
        return String.valueOf(map(volume).get("target"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object node) {
        return node instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static int intValue(Object value) {
        try {
            return value == null ? -1 : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
