package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * bench/run.sh's harness: {@code Bench [all|startup|http|pipeline|pacing|freshness|scale|soak] [--quick]
 * [--duration SECONDS]}. Runs the phases against real Redis and Kafka processes and the packaged
 * services, prints the table, writes bench/results/&lt;timestamp&gt;.json and latest.json.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String phase = "all";
        boolean quick = false;
        Integer duration = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                default -> phase = args[i];
            }
        }
        for (String one : phase.split(",")) {
            if (!one.equals("all") && !Settings.ALL.contains(one)) {
                System.err.println("unknown phase " + one + "; one of all, " + String.join(", ", Settings.ALL));
                System.exit(2);
            }
        }
        Settings settings = Settings.from(phase, quick, duration);
        Path root =
                Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("bench/target/run"));
        Report report = new Report();
        String command = System.getProperty("bench.command", "bench/run.sh " + String.join(" ", args));
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
        System.err.println("[bench] " + command + " — " + machine + ", phases " + settings.phases());
        try (Lab lab = new Lab(settings, report, root, work)) {
            for (String name : settings.phases()) {
                runPhase(lab, Phase.of(name));
            }
        }
        String header = "GPS Replay bench — " + Instant.now() + " — " + machine + " — `" + command + "`";
        report.printTable(System.out, header);
        ObjectNode run = Http.JSON.createObjectNode();
        run.put("command", command);
        run.put("machine", machine);
        run.put("cores", Runtime.getRuntime().availableProcessors());
        run.put("quick", quick);
        run.putPOJO("phases", List.copyOf(settings.phases()));
        run.put("git_commit", System.getProperty("bench.commit", ""));
        Path file = report.write(root.resolve("bench/results"), run);
        System.out.println("JSON: " + root.relativize(file) + " (and bench/results/latest.json)");
    }

    private static void runPhase(Lab lab, Phase phase) {
        System.err.println("[bench] ---- " + phase.name() + " ----");
        long start = System.nanoTime();
        try {
            phase.run(lab);
        } catch (Exception | Error e) {
            lab.report.error(phase.name(), phase.name() + " phase", e);
            e.printStackTrace();
        }
        System.err.printf("[bench] %s took %.0f s%n", phase.name(), (System.nanoTime() - start) / 1e9);
    }
}
