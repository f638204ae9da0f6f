package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run: printed as a table, written as JSON (results/&lt;timestamp&gt;.json and latest.json). */
final class Report {

    /** PASS/MISS against a target, INFO for a figure without one, ERROR when it could not be measured. */
    enum Status {
        PASS,
        MISS,
        INFO,
        ERROR
    }

    /** One figure beside its reference (measured in the same run) and its target. */
    record Row(
            String phase,
            String figure,
            String value,
            Double number,
            String unit,
            String reference,
            String target,
            Status status) {}

    private final List<Row> rows = new ArrayList<>();
    private final ObjectNode details = Http.JSON.createObjectNode();
    private final Instant started = Instant.now();

    synchronized void add(
            String phase, String figure, double number, String unit, String reference, String target, Status status) {
        rows.add(new Row(
                phase,
                figure,
                format(number, unit),
                Double.isFinite(number) ? number : null,
                unit,
                reference,
                target,
                status));
        print(rows.get(rows.size() - 1));
    }

    /** A figure checked against a target: PASS when {@code ok}. */
    void check(String phase, String figure, double number, String unit, String reference, String target, boolean ok) {
        add(
                phase,
                figure,
                number,
                unit,
                reference,
                target,
                !Double.isFinite(number) ? Status.ERROR : ok ? Status.PASS : Status.MISS);
    }

    void info(String phase, String figure, double number, String unit, String reference) {
        add(phase, figure, number, unit, reference, "", Status.INFO);
    }

    synchronized void error(String phase, String what, Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        String firstLine = message.lines().findFirst().orElse("");
        rows.add(new Row(
                phase,
                what,
                "n/a",
                null,
                "",
                "not measured: " + failure.getClass().getSimpleName() + ": " + firstLine,
                "",
                Status.ERROR));
        print(rows.get(rows.size() - 1));
        details.withObjectProperty("errors").put(phase + ": " + what, message);
    }

    synchronized ObjectNode details(String phase) {
        return details.withObjectProperty(phase);
    }

    private static void print(Row row) {
        System.err.printf(
                Locale.ROOT, "[bench] %-9s %-58s %14s  %s%n", row.phase(), row.figure(), row.value(), row.status());
    }

    static String format(double number, String unit) {
        if (!Double.isFinite(number)) {
            return "n/a";
        }
        String digits = Math.abs(number) >= 100 || number == Math.rint(number) && Math.abs(number) < 1e15
                ? String.format(Locale.ROOT, "%,.0f", number)
                : Math.abs(number) >= 10
                        ? String.format(Locale.ROOT, "%.1f", number)
                        : String.format(Locale.ROOT, "%.2f", number);
        return unit.isEmpty() ? digits : digits + " " + unit;
    }

    /** The table, as Markdown (readable in a terminal and pasteable into the README). */
    synchronized void printTable(PrintStream out, String header) {
        out.println();
        out.println(header);
        out.println();
        out.println("| Phase | Figure | Value | Reference (same run) | Target | Result |");
        out.println("|---|---|---:|---|---|---|");
        for (Row row : rows) {
            out.printf(
                    "| %s | %s | %s | %s | %s | %s |%n",
                    row.phase(), row.figure(), row.value(), row.reference(), row.target(), row.status());
        }
        long miss = rows.stream().filter(r -> r.status() == Status.MISS).count();
        long error = rows.stream().filter(r -> r.status() == Status.ERROR).count();
        long pass = rows.stream().filter(r -> r.status() == Status.PASS).count();
        out.printf("%n%d PASS, %d MISS, %d not measured%n", pass, miss, error);
    }

    /** Writes results/&lt;timestamp&gt;.json and a copy as results/latest.json; returns the first. */
    synchronized Path write(Path resultsDir, ObjectNode run) throws IOException {
        Files.createDirectories(resultsDir);
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("started_at", started.toString());
        root.put("finished_at", Instant.now().toString());
        root.setAll(run);
        ArrayNode array = root.putArray("figures");
        for (Row row : rows) {
            ObjectNode node = array.addObject();
            node.put("phase", row.phase());
            node.put("figure", row.figure());
            if (row.number() != null) {
                node.put("value", row.number());
            } else {
                node.putNull("value");
            }
            node.put("unit", row.unit());
            node.put("display", row.value());
            node.put("reference", row.reference());
            node.put("target", row.target());
            node.put("status", row.status().name());
        }
        root.set("details", details);
        String name = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(started) + ".json";
        Path file = resultsDir.resolve(name);
        byte[] json =
                Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
        Files.write(file, json);
        Files.write(resultsDir.resolve("latest.json"), json);
        return file;
    }
}
