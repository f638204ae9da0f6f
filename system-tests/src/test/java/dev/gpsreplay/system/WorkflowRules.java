package dev.gpsreplay.system;

import static dev.gpsreplay.system.DeployKustomize.list;
import static dev.gpsreplay.system.DeployKustomize.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rules our GitHub workflows keep, checked without GitHub: {@link #problems} lists every rule a
 * workflow file breaks, one readable line each (empty: all kept).
 *
 * <p>The file parses, declares its {@code permissions} and gives every job a {@code timeout-minutes}.
 * Every {@code uses:} is pinned: to a full commit SHA with its version in a comment
 * ({@code @<40 hex> # v1.2.3}), or to an exact version tag ({@code @v1.2.3}); never a branch or a
 * moving major tag ({@code @main}, {@code @v4}). Every repository file a step calls exists:
 * {@code ./script}, {@code bash|sh script}, {@code docker compose -f file}, paths under the
 * repository's own folders, a build action's {@code file:} and {@code context:}; the modules of a
 * Maven {@code -pl} and the profiles of a {@code -P} exist too.
 */
final class WorkflowRules {

    private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s*)?uses:\\s*(\\S+)\\s*(?:#\\s*(.*))?$");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern EXACT_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+");
    private static final Pattern SCRIPT = Pattern.compile("(?:^|[\\s;&|(])(?:bash|sh)\\s+([\\w./-]+)");
    private static final Pattern COMPOSE_FILE = Pattern.compile("docker[ -]compose\\s+(?:[^|;&\\n]*?\\s)?-f\\s+([\\w./-]+)");
    private static final Pattern MAVEN_MODULES = Pattern.compile("\\./mvnw\\b[^\\n]*?\\s-pl\\s+([\\w,.-]+)");
    private static final Pattern MAVEN_PROFILES = Pattern.compile("\\./mvnw\\b[^\\n]*?\\s-P\\s*([\\w,.!-]+)");
    private static final Pattern TOKEN = Pattern.compile("[^\\s'\"`;|&()<>=]+");

    private final Path root;

    /** Rules for the workflows of the project in {@code root}. */
    WorkflowRules(Path root) {
        this.root = root;
    }

    /** The workflow files under .github/workflows/. */
    static List<Path> workflowFiles(Path root) {
        try (Stream<Path> files = Files.list(root.resolve(".github/workflows"))) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workflow parsed; YAML 1.1 reads the key {@code on} as {@code true}, so it is renamed back. */
    static Map<String, Object> parse(String text) {
        Map<String, Object> workflow = new LinkedHashMap<>();
        Object document = DeployKustomize.loadAll(text).get(0);
        if (document instanceof Map<?, ?> raw) {
            raw.forEach((key, value) -> workflow.put(Boolean.TRUE.equals(key) ? "on" : String.valueOf(key), value));
        }
        return workflow;
    }

    /** Every broken rule of this workflow file's text, or nothing. */
    List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> workflow;
        try {
            workflow = parse(text);
        } catch (RuntimeException e) {
            return List.of("does not parse: " + e.getMessage());
        }
        if (!workflow.containsKey("on")) {
            problems.add("has no triggers (on:)");
        }
        if (!workflow.containsKey("permissions")) {
            problems.add("declares no permissions (the token would get the repository's defaults)");
        }
        Map<String, Object> jobs = map(workflow.get("jobs"));
        if (jobs.isEmpty()) {
            problems.add("has no jobs");
        }
        jobs.forEach((name, definition) -> {
            Map<String, Object> job = map(definition);
            if (!job.containsKey("timeout-minutes")) {
                problems.add("job " + name + ": no timeout-minutes");
            }
            for (Object step : list(job.get("steps"))) {
                Map<String, Object> with = map(map(step).get("with"));
                String uses = String.valueOf(map(step).get("uses"));
                if (uses.startsWith("docker/build-push-action@")) {
                    checkExists("job " + name + ": the build's", String.valueOf(with.getOrDefault("context", ".")),
                            problems);
                    if (with.containsKey("file")) {
                        checkExists("job " + name + ": the build's", String.valueOf(with.get("file")), problems);
                    }
                }
                Object run = map(step).get("run");
                if (run != null) {
                    checkRun("job " + name + ": ", String.valueOf(run), problems);
                }
            }
        });
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher uses = USES_LINE.matcher(lines[i]);
            if (uses.matches()) {
                checkUses("line " + (i + 1) + ": ", uses.group(1), uses.group(2), problems);
            }
        }
        return problems;
    }

    private void checkUses(String where, String reference, String comment, List<String> problems) {
        if (reference.startsWith("./")) {
            checkExists(where + "the local action", reference, problems);
            return;
        }
        if (reference.startsWith("docker://")) {
            if (!reference.matches("docker://[^:@]+(:[\\w.-]+|@sha256:[0-9a-f]{64})") || reference.endsWith(":latest")) {
                problems.add(where + reference + " is not pinned to a tag or digest");
            }
            return;
        }
        int at = reference.lastIndexOf('@');
        String ref = at < 0 ? "" : reference.substring(at + 1);
        if (SHA.matcher(ref).matches()) {
            if (comment == null || !EXACT_VERSION.matcher(comment.trim()).matches()) {
                problems.add(where + reference + " is pinned to a SHA without its version in a comment (# v1.2.3)");
            }
        } else if (!EXACT_VERSION.matcher(ref).matches()) {
            problems.add(where + reference + " is not pinned: use a full commit SHA (# version) or an exact version tag");
        }
    }

    private void checkRun(String where, String script, List<String> problems) {
        String shell = script.replaceAll("\\$\\{\\{[^}]*}}", "EXPR").replaceAll("\\\\\\n", " ");
        Matcher scripts = SCRIPT.matcher(shell);
        while (scripts.find()) {
            if (!scripts.group(1).startsWith("-")) {
                checkExists(where + "runs", scripts.group(1), problems);
            }
        }
        Matcher compose = COMPOSE_FILE.matcher(shell);
        while (compose.find()) {
            checkExists(where + "docker compose reads", compose.group(1), problems);
        }
        Matcher modules = MAVEN_MODULES.matcher(shell);
        while (modules.find()) {
            for (String module : modules.group(1).split(",")) {
                String name = module.startsWith(":") ? module.substring(1) : module;
                if (!Files.isRegularFile(root.resolve(name).resolve("pom.xml"))) {
                    problems.add(where + "builds module " + name + " (-pl), which does not exist");
                }
            }
        }
        Matcher profiles = MAVEN_PROFILES.matcher(shell);
        while (profiles.find()) {
            for (String profile : profiles.group(1).split(",")) {
                if (!profile.startsWith("!") && !profileExists(profile)) {
                    problems.add(where + "activates Maven profile " + profile + " (-P), which no pom.xml declares");
                }
            }
        }
        Matcher token = TOKEN.matcher(shell);
        while (token.find()) {
            String path = token.group().replaceAll("[.,:]+$", "");
            if (path.contains("$") || path.contains("*") || path.contains("EXPR") || path.contains("://")) {
                continue;
            }
            if (path.startsWith("./") && path.length() > 2) {
                checkExists(where + "calls", path, problems);
            } else if (path.contains("/") && !path.startsWith("/") && !path.startsWith("-")
                    && isRepositoryFolder(path.substring(0, path.indexOf('/')))) {
                checkExists(where + "names", path, problems);
            }
        }
    }

    /** A top-level folder of the repository that holds files of its own (not build output). */
    private boolean isRepositoryFolder(String name) {
        return !name.isEmpty() && !name.equals("target") && !name.equals("..") && !name.equals(".")
                && Files.isDirectory(root.resolve(name));
    }

    private boolean profileExists(String id) {
        try (Stream<Path> poms = Files.walk(root, 2)) {
            return poms.filter(p -> p.getFileName().toString().equals("pom.xml")).map(WorkflowRules::read)
                    .anyMatch(pom -> pom.matches("(?s).*<profile>\\s*<id>" + Pattern.quote(id) + "</id>.*"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkExists(String what, String path, List<String> problems) {
        if (!Files.exists(root.resolve(path).normalize())) {
            problems.add(what + " " + path + ", which does not exist");
        }
    }
}
