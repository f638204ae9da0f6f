package dev.gpsreplay.system;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What {@code kubectl apply -k} would apply, worked out without kustomize: the part of kustomize
 * this project's kustomizations use, so that the tests here can check a whole environment.
 *
 * <p>It reads {@code resources} (files of one or more documents, and other kustomization folders),
 * {@code configMapGenerator} and {@code secretGenerator} ({@code files}, {@code literals},
 * {@code envs}, {@code options}, {@code behavior}) and {@code patches}, inline or from a file,
 * either strategic-merge ({@code $patch: delete}; maps merged key by key, a {@code null} removing
 * its key; lists of named items merged by name, other lists replaced) or JSON 6902 ({@code add},
 * {@code replace}, {@code remove}). Generated names get no hash suffix. Anything else in a
 * kustomization is an error, so nothing kustomize would do is silently skipped; when kubectl is on
 * the PATH, {@code DeployManifestsTest} compares this reading with {@code kubectl kustomize}.
 */
final class DeployKustomize {

    private static final Set<String> KUSTOMIZATION_KEYS =
            Set.of("apiVersion", "kind", "resources", "configMapGenerator", "secretGenerator", "patches");
    private static final Set<String> GENERATOR_KEYS = Set.of("name", "files", "literals", "envs", "options", "behavior");
    private static final Set<String> PATCH_KEYS = Set.of("path", "patch", "target");
    private static final Set<String> TARGET_KEYS = Set.of("group", "version", "kind", "name");

    private DeployKustomize() {
    }

    /** Every resource the kustomization in {@code directory} produces, in order. */
    static List<Map<String, Object>> build(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " has no kustomization.yaml");
        }
        Map<String, Object> kustomization = map(loadAll(file).get(0));
        rejectUnknown(file, kustomization.keySet(), KUSTOMIZATION_KEYS);

        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : list(kustomization.get("resources"))) {
            Path resource = directory.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(build(resource));
            } else {
                loadAll(resource).forEach(document -> resources.add(map(document)));
            }
        }
        for (Object generator : list(kustomization.get("configMapGenerator"))) {
            generate(directory, map(generator), "ConfigMap", "data", resources);
        }
        for (Object generator : list(kustomization.get("secretGenerator"))) {
            generate(directory, map(generator), "Secret", "stringData", resources);
        }
        for (Object patch : list(kustomization.get("patches"))) {
            applyPatch(directory, map(patch), resources);
        }
        return resources;
    }

    /** Every document of a YAML stream, parsed like the tests parse compose files (safe types only). */
    static List<Object> loadAll(Path file) {
        try {
            return loadAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Object> loadAll(String yaml) {
        Iterable<Object> documents = new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml);
        return StreamSupport.stream(documents.spliterator(), false).filter(Objects::nonNull).toList();
    }

    // ---- generators ----------------------------------------------------------------------------

    private static void generate(Path directory, Map<String, Object> generator, String kind, String dataKey,
            List<Map<String, Object>> resources) {
        rejectUnknown(directory.resolve("kustomization.yaml"), generator.keySet(), GENERATOR_KEYS);
        String name = String.valueOf(generator.get("name"));
        Map<String, Object> data = new LinkedHashMap<>();
        for (Object literal : list(generator.get("literals"))) {
            String[] pair = String.valueOf(literal).split("=", 2);
            data.put(pair[0], pair.length > 1 ? pair[1] : "");
        }
        for (Object envs : list(generator.get("envs"))) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(Files.readString(directory.resolve(String.valueOf(envs)))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            properties.stringPropertyNames().forEach(key -> data.put(key, properties.getProperty(key)));
        }
        for (Object entry : list(generator.get("files"))) {
            String[] keyAndPath = String.valueOf(entry).split("=", 2);
            Path source = directory.resolve(keyAndPath[keyAndPath.length - 1]).toAbsolutePath().normalize();
            if (!source.startsWith(directory.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(source + " is outside " + directory + ": kustomize refuses it");
            }
            try {
                data.put(keyAndPath.length > 1 ? keyAndPath[0] : source.getFileName().toString(), Files.readString(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", name));
        Map<String, Object> labels = map(map(generator.get("options")).get("labels"));
        if (!labels.isEmpty()) {
            metadata.put("labels", new LinkedHashMap<>(labels));
        }
        String behavior = String.valueOf(generator.getOrDefault("behavior", "create"));
        Map<String, Object> existing = find(resources, "v1", kind, name);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException(kind + " " + name + " is generated twice");
                }
                resources.add(new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", kind, "metadata", metadata,
                        dataKey, data)));
            }
            case "merge", "replace" -> {
                if (existing == null) {
                    throw new IllegalArgumentException(kind + " " + name + " to " + behavior + " does not exist");
                }
                Map<String, Object> target = mutable(existing, dataKey);
                if (behavior.equals("replace")) {
                    target.clear();
                }
                target.putAll(data);
            }
            default -> throw new IllegalArgumentException("unknown generator behavior " + behavior);
        }
    }

    // ---- patches -------------------------------------------------------------------------------

    private static void applyPatch(Path directory, Map<String, Object> patch, List<Map<String, Object>> resources) {
        rejectUnknown(directory.resolve("kustomization.yaml"), patch.keySet(), PATCH_KEYS);
        String text;
        try {
            text = patch.containsKey("path") ? Files.readString(directory.resolve(String.valueOf(patch.get("path"))))
                    : String.valueOf(patch.get("patch"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> target = map(patch.get("target"));
        rejectUnknown(directory.resolve("kustomization.yaml"), target.keySet(), TARGET_KEYS);
        Object parsed = loadAll(text).get(0);
        if (parsed instanceof List<?> operations) {
            List<Map<String, Object>> matched = resources.stream().filter(r -> matches(r, target)).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("JSON patch target " + target + " matches no resource");
            }
            for (Map<String, Object> resource : matched) {
                operations.forEach(operation -> applyOperation(resource, map(operation)));
            }
            return;
        }
        Map<String, Object> strategic = map(parsed);
        Map<String, Object> resource = find(resources, String.valueOf(strategic.get("apiVersion")),
                String.valueOf(strategic.get("kind")), String.valueOf(map(strategic.get("metadata")).get("name")));
        if (resource == null) {
            throw new IllegalArgumentException("patch matches no resource: " + strategic.get("kind") + " "
                    + map(strategic.get("metadata")).get("name"));
        }
        if ("delete".equals(strategic.get("$patch"))) {
            resources.remove(resource);
        } else if (strategic.containsKey("$patch")) {
            throw new IllegalArgumentException("unsupported $patch: " + strategic.get("$patch"));
        } else {
            merge(resource, strategic);
        }
    }

    /** Strategic merge, as far as this project needs it (see the class comment). */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object current = into.get(key);
            if (value == null) {
                into.remove(key);
            } else if (current instanceof Map<?, ?> && value instanceof Map<?, ?>) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) current);
                merge(copy, (Map<String, Object>) value);
                into.put(key, copy);
            } else if (current instanceof List<?> currentList && value instanceof List<?> patchList
                    && isNamed(currentList) && isNamed(patchList)) {
                List<Object> merged = new ArrayList<>(currentList);
                for (Object item : patchList) {
                    Object name = map(item).get("name");
                    Map<String, Object> same = merged.stream().map(DeployKustomize::map)
                            .filter(m -> Objects.equals(m.get("name"), name)).findFirst().orElse(null);
                    if (same == null) {
                        merged.add(item);
                    } else {
                        Map<String, Object> copy = new LinkedHashMap<>(same);
                        merge(copy, map(item));
                        merged.set(merged.indexOf(same), copy);
                    }
                }
                into.put(key, merged);
            } else {
                into.put(key, value);
            }
        });
    }

    private static boolean isNamed(List<?> items) {
        return !items.isEmpty() && items.stream().allMatch(item -> item instanceof Map<?, ?> m && m.containsKey("name"));
    }

    /** One JSON 6902 operation ({@code add}, {@code replace} or {@code remove}) on a resource. */
    @SuppressWarnings("unchecked")
    static void applyOperation(Map<String, Object> resource, Map<String, Object> operation) {
        String op = String.valueOf(operation.get("op"));
        String[] path = String.valueOf(operation.get("path")).substring(1).split("/");
        Object parent = resource;
        for (int i = 0; i < path.length - 1; i++) {
            parent = child(parent, unescape(path[i]), operation);
        }
        String last = unescape(path[path.length - 1]);
        switch (op) {
            case "remove" -> {
                if (parent instanceof Map<?, ?> m && m.containsKey(last)) {
                    m.remove(last);
                } else if (parent instanceof List<?> l && last.matches("\\d+") && Integer.parseInt(last) < l.size()) {
                    l.remove(Integer.parseInt(last));
                } else {
                    throw new IllegalArgumentException("nothing to remove at " + operation.get("path"));
                }
            }
            case "add", "replace" -> {
                Object value = operation.get("value");
                if (parent instanceof Map<?, ?> m) {
                    if (op.equals("replace") && !m.containsKey(last)) {
                        throw new IllegalArgumentException("nothing to replace at " + operation.get("path"));
                    }
                    ((Map<String, Object>) m).put(last, value);
                } else if (parent instanceof List<?> l) {
                    List<Object> items = (List<Object>) l;
                    if (last.equals("-")) {
                        items.add(value);
                    } else if (op.equals("add")) {
                        items.add(Integer.parseInt(last), value);
                    } else {
                        items.set(Integer.parseInt(last), value);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unsupported JSON patch operation " + op);
        }
    }

    private static Object child(Object parent, String key, Map<String, Object> operation) {
        Object child = parent instanceof Map<?, ?> m ? m.get(key)
                : parent instanceof List<?> l && key.matches("\\d+") && Integer.parseInt(key) < l.size()
                        ? l.get(Integer.parseInt(key)) : null;
        if (child == null) {
            throw new IllegalArgumentException("no " + key + " on the way to " + operation.get("path"));
        }
        return child;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static boolean matches(Map<String, Object> resource, Map<String, Object> target) {
        String apiVersion = String.valueOf(resource.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.containsKey("group") || target.get("group").equals(group))
                && (!target.containsKey("version") || target.get("version").equals(version))
                && (!target.containsKey("kind") || target.get("kind").equals(resource.get("kind")))
                && (!target.containsKey("name") || target.get("name").equals(map(resource.get("metadata")).get("name")));
    }

    /** The resource with this apiVersion, kind and name, or null. */
    static Map<String, Object> find(List<Map<String, Object>> resources, String apiVersion, String kind, String name) {
        return resources.stream()
                .filter(r -> apiVersion.equals(r.get("apiVersion")) && kind.equals(r.get("kind"))
                        && name.equals(map(r.get("metadata")).get("name")))
                .findFirst().orElse(null);
    }

    private static Map<String, Object> mutable(Map<String, Object> resource, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(map(resource.get(key)));
        resource.put(key, copy);
        return copy;
    }

    /** A YAML mapping as a map, anything else as an empty one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A YAML sequence as a (copied) list, anything else as an empty one. */
    static List<Object> list(Object node) {
        return node instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static void rejectUnknown(Path file, Set<String> keys, Set<String> known) {
        for (String key : keys) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is a kustomize feature DeployKustomize does not"
                        + " read; teach it, or check the environment another way (known: " + known + ")");
            }
        }
    }
}
