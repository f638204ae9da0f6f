package dev.gpsreplay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of the reference tools' output: wrk (with bench's report.lua), redis-benchmark, ProducerPerformance. */
final class ToolOutput {

    /** A wrk run: total requests, wall time and latency percentiles (microseconds), failures. */
    record WrkResult(
            long requests,
            double seconds,
            long non2xx,
            long socketErrors,
            double p50Micros,
            double p99Micros,
            double p999Micros,
            double maxMicros) {
        double rate() {
            return requests / seconds;
        }
    }

    /** A redis-benchmark run of one test: requests per second and latency percentiles in ms (NaN when not printed). */
    record RedisBenchResult(double rps, double p50Millis, double p99Millis) {}

    /** ProducerPerformance's final summary line. */
    record ProducerResult(
            long records,
            double recordsPerSecond,
            double mbPerSecond,
            double avgLatencyMillis,
            double p99LatencyMillis) {}

    /**
     * ConsumerPerformance's stats line: records read, their rate over the whole run and from the first
     * fetch (its group's join left out).
     */
    record ConsumerResult(long records, double recordsPerSecond, double fetchRecordsPerSecond) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRK_MARK = "BENCH_WRK ";
    private static final Pattern REDIS_QUIET = Pattern.compile(
            "^\"?([A-Z_]+)\"?[:,]\\s*\"?([\\d.]+)\"?\\s*(?:requests per second)?(?:,\\s*p50=([\\d.]+) msec)?.*");
    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\),"
                    + " ([\\d.]+) ms avg latency, [\\d.]+ ms max latency(?:, \\d+ ms 50th, \\d+ ms 95th, (\\d+) ms 99th)?");

    private ToolOutput() {}

    /** The JSON line report.lua's done() prints (marked {@value #WRK_MARK}). */
    static WrkResult wrk(String output) {
        for (String line : output.split("\n")) {
            int at = line.indexOf(WRK_MARK);
            if (at >= 0) {
                try {
                    JsonNode n = JSON.readTree(line.substring(at + WRK_MARK.length()));
                    return new WrkResult(
                            n.get("requests").asLong(),
                            n.get("duration_us").asDouble() / 1e6,
                            n.get("non2xx").asLong(),
                            n.get("socket_errors").asLong(),
                            n.get("p50_us").asDouble(),
                            n.get("p99_us").asDouble(),
                            n.get("p999_us").asDouble(),
                            n.get("max_us").asDouble());
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable wrk report: " + line, e);
                }
            }
        }
        throw new IllegalStateException("wrk printed no report line; output:\n" + output);
    }

    /**
     * redis-benchmark's result for {@code test} (e.g. GET): from its {@code --csv} table (a header row
     * naming the columns, as Redis 7 prints it), else from a {@code -q} line.
     */
    static RedisBenchResult redisBenchmark(String output, String test) {
        List<String[]> rows = new ArrayList<>();
        for (String line : output.replace("\r", "\n").split("\n")) {
            if (line.startsWith("\"")) {
                rows.add(line.replace("\"", "").split(","));
            }
        }
        if (!rows.isEmpty() && rows.get(0)[0].equals("test")) {
            List<String> header = List.of(rows.get(0));
            for (String[] row : rows.subList(1, rows.size())) {
                if (row[0].equalsIgnoreCase(test)) {
                    return new RedisBenchResult(
                            Double.parseDouble(row[header.indexOf("rps")]),
                            column(header, row, "p50_latency_ms"),
                            column(header, row, "p99_latency_ms"));
                }
            }
        }
        for (String line : output.replace("\r", "\n").split("\n")) {
            Matcher m = REDIS_QUIET.matcher(line.trim());
            if (m.matches() && m.group(1).equalsIgnoreCase(test)) {
                return new RedisBenchResult(
                        Double.parseDouble(m.group(2)),
                        m.group(3) == null ? Double.NaN : Double.parseDouble(m.group(3)),
                        Double.NaN);
            }
        }
        throw new IllegalStateException("no " + test + " result in redis-benchmark's output:\n" + output);
    }

    private static double column(List<String> header, String[] row, String name) {
        int i = header.indexOf(name);
        return i < 0 || i >= row.length ? Double.NaN : Double.parseDouble(row[i]);
    }

    /** The last summary line of ProducerPerformance (it prints progress lines before it). */
    static ProducerResult producerPerformance(String output) {
        ProducerResult last = null;
        for (String line : output.split("\n")) {
            Matcher m = PRODUCER.matcher(line);
            if (m.find()) {
                last = new ProducerResult(
                        Long.parseLong(m.group(1)),
                        Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)),
                        m.group(5) == null ? Double.NaN : Double.parseDouble(m.group(5)));
            }
        }
        if (last == null) {
            throw new IllegalStateException("no summary in ProducerPerformance's output:\n" + output);
        }
        return last;
    }

    /** The line under ConsumerPerformance's header ({@code start.time, end.time, ...}). */
    static ConsumerResult consumerPerformance(String output) {
        List<String> header = null;
        for (String line : output.split("\n")) {
            List<String> cells = List.of(line.trim().split("\\s*,\\s*"));
            if (cells.contains("nMsg.sec")) {
                header = cells;
            } else if (header != null && cells.size() == header.size()) {
                String[] row = cells.toArray(String[]::new);
                return new ConsumerResult(
                        (long) column(header, row, "data.consumed.in.nMsg"),
                        column(header, row, "nMsg.sec"),
                        column(header, row, "fetch.nMsg.sec"));
            }
        }
        throw new IllegalStateException("no stats line in ConsumerPerformance's output:\n" + output);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
