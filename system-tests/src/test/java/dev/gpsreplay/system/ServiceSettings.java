package dev.gpsreplay.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings a service knows, read from its own sources rather than listed by hand: the keys of
 * its {@code application.properties}, and the keys of the {@code @ConfigMapping} interfaces in its
 * module and in the project modules it depends on (prefix + kebab-case of each method). Each key is
 * also known by its environment variable name (the MicroProfile rule: non-alphanumerics become
 * {@code _}, then uppercase). Plus a few standard Quarkus, Kafka and container variables that no
 * source of ours names.
 *
 * <p>A small source reader, not a compiler: it understands the flat mappings this project writes
 * (methods without parameters, nested enums, {@code @WithName}); nested groups are not followed.
 */
final class ServiceSettings {

    /** Standard settings a service reads though none of our sources names them. */
    private static final Set<String> STANDARD_ENV = Set.of(
            "QUARKUS_HTTP_PORT",
            "QUARKUS_HTTP_HOST",
            "QUARKUS_REDIS_HOSTS",
            "KAFKA_BOOTSTRAP_SERVERS",
            "QUARKUS_LOG_LEVEL",
            "JAVA_OPTS",
            "JAVA_OPTS_APPEND",
            "JAVA_MAX_MEM_RATIO",
            "QUARKUS_REDIS_PASSWORD",
            "KAFKA_SECURITY_PROTOCOL");
    /** Prefixes of standard settings: OpenTelemetry's, and the Kafka client's SASL and TLS ones. */
    private static final List<String> STANDARD_ENV_PREFIXES = List.of("QUARKUS_OTEL_", "KAFKA_SASL_", "KAFKA_SSL_");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern ENUM = Pattern.compile("\\benum\\s+(\\w+)\\s*\\{([^}]*)}");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*)([\\w.]+(?:<[^;(){}]*>)?(?:\\[])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"");
    private static final Pattern OPTIONAL =
            Pattern.compile("(?:Optional(?:Int|Long|Double)?|List|Set)(?:<\\s*([\\w.]+)\\s*>)?");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>\\s*([\\w.-]+)\\s*</artifactId>");

    private final String module;
    private final Properties properties;
    /** Environment variable name to its property key. */
    private final Map<String, String> keysByEnv = new LinkedHashMap<>();
    /** Environment variable name to the values it accepts (enums and booleans), in lower case. */
    private final Map<String, Set<String>> valuesByEnv = new LinkedHashMap<>();

    private ServiceSettings(String module, Properties properties) {
        this.module = module;
        this.properties = properties;
    }

    /** The module {@code module} under the project root: a Quarkus service with an application.properties. */
    static boolean isService(Path root, String module) {
        return Files.isRegularFile(applicationProperties(root, module));
    }

    static ServiceSettings read(Path root, String module) {
        ServiceSettings settings = new ServiceSettings(module, loadProperties(applicationProperties(root, module)));
        for (String key : settings.properties.stringPropertyNames()) {
            settings.keysByEnv.put(envName(stripProfile(key)), stripProfile(key));
        }
        for (String sourceModule : modulesOf(root, module)) {
            Path sources = root.resolve(sourceModule).resolve("src/main/java");
            if (Files.isDirectory(sources)) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(settings::readMapping);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return settings;
    }

    String module() {
        return module;
    }

    /** {@code quarkus.http.port} of the service's application.properties. */
    int httpPort() {
        return port("quarkus.http.port");
    }

    /** {@code quarkus.management.port}: where health and metrics answer. */
    int managementPort() {
        return port("quarkus.management.port");
    }

    private int port(String key) {
        String port = properties.getProperty(key);
        if (port == null) {
            throw new IllegalStateException(module + "'s application.properties sets no " + key);
        }
        return Integer.parseInt(port.trim());
    }

    /** The service reads this environment variable. */
    boolean knows(String env) {
        return keysByEnv.containsKey(env)
                || STANDARD_ENV.contains(env)
                || STANDARD_ENV_PREFIXES.stream().anyMatch(env::startsWith);
    }

    /** The values the setting accepts, lower case, when it is an enum or a boolean. */
    Optional<Set<String>> acceptedValues(String env) {
        return Optional.ofNullable(valuesByEnv.get(env));
    }

    /** Every known environment variable name derived from the sources (without the standard ones). */
    Set<String> derivedEnvNames() {
        return keysByEnv.keySet();
    }

    /** The MicroProfile Config rule: each character neither a letter nor a digit becomes {@code _}; uppercase. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** SmallRye Config's default naming of a mapping method: {@code maxWindowSeconds} is {@code max-window-seconds}. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private void readMapping(Path file) {
        String text = withoutComments(read(file));
        Matcher mapping = MAPPING.matcher(text);
        if (!mapping.find()) {
            return;
        }
        String prefix = mapping.group(1);
        Map<String, Set<String>> enums = new LinkedHashMap<>();
        Matcher enumMatcher = ENUM.matcher(text);
        while (enumMatcher.find()) {
            Set<String> constants = new LinkedHashSet<>();
            for (String constant : enumMatcher.group(2).split("[,;]")) {
                String name = constant.replaceAll("\\(.*", "").trim();
                if (name.matches("\\w+")) {
                    constants.add(name.toLowerCase(Locale.ROOT));
                }
            }
            enums.put(enumMatcher.group(1), constants);
        }
        // Methods only: enum bodies hold no mapping keys.
        Matcher method =
                METHOD.matcher(ENUM.matcher(text.substring(mapping.end())).replaceAll(""));
        while (method.find()) {
            Matcher withName = WITH_NAME.matcher(method.group(1));
            String key = prefix + "." + (withName.find() ? withName.group(1) : kebab(method.group(3)));
            String env = envName(key);
            keysByEnv.put(env, key);
            String type = valueType(method.group(2));
            if (enums.containsKey(type)) {
                valuesByEnv.put(env, enums.get(type));
            } else if (type.equals("boolean") || type.equals("Boolean")) {
                valuesByEnv.put(env, Set.of("true", "false"));
            }
        }
    }

    /** {@code Optional<SinkType>} and {@code List<SinkType>} (a comma-separated list) are {@code SinkType}; {@code ReplayConfig.SinkType} is {@code SinkType}. */
    private static String valueType(String type) {
        Matcher optional = OPTIONAL.matcher(type);
        String inner = optional.matches() && optional.group(1) != null ? optional.group(1) : type;
        return inner.substring(inner.lastIndexOf('.') + 1);
    }

    /** The module itself and the project modules it depends on outside the test scope (from its pom). */
    private static Set<String> modulesOf(Path root, String module) {
        Set<String> modules = new LinkedHashSet<>(List.of(module));
        Matcher dependency = DEPENDENCY.matcher(read(root.resolve(module).resolve("pom.xml")));
        while (dependency.find()) {
            String block = dependency.group(1);
            Matcher artifact = ARTIFACT.matcher(block);
            if (block.contains("<groupId>dev.gpsreplay</groupId>")
                    && !block.contains("<scope>test</scope>")
                    && artifact.find()
                    && Files.isDirectory(root.resolve(artifact.group(1)))) {
                modules.add(artifact.group(1));
            }
        }
        return modules;
    }

    private static String stripProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static Path applicationProperties(Path root, String module) {
        return root.resolve(module).resolve("src/main/resources/application.properties");
    }

    private static Properties loadProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
