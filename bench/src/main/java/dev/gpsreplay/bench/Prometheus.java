package dev.gpsreplay.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of a Prometheus text exposition (what {@code /q/metrics} serves): samples by name and
 * labels, and histogram quantiles computed from the bucket counts between two scrapes, the way
 * PromQL's {@code histogram_quantile(q, increase(x_bucket[...]))} does.
 */
final class Prometheus {

    /** One sample line: {@code name{label="value",...} 12.0}. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    static Prometheus parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = withoutExemplar(raw).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, parseValue(m.group(4))));
        }
        return new Prometheus(samples);
    }

    /**
     * The sample without its OpenMetrics exemplar ({@code ... 12.0 # {trace_id="..."} 0.004 1.7E9}),
     * which Quarkus adds to histogram buckets when tracing is on. Label values never hold " # " here.
     */
    static String withoutExemplar(String line) {
        int exemplar = line.indexOf(" # ");
        return exemplar < 0 ? line : line.substring(0, exemplar);
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    /** The sum of every sample of {@code name} whose labels pass {@code filter}. */
    double sum(String name, Predicate<Map<String, String>> filter) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && filter.test(s.labels()))
                .mapToDouble(Sample::value)
                .sum();
    }

    double sum(String name) {
        return sum(name, labels -> true);
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Cumulative bucket counts of histogram {@code name} (without {@code _bucket}) by upper bound, summed over other labels. */
    TreeMap<Double, Double> buckets(String name) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name + "_bucket") && s.labels().containsKey("le")) {
                buckets.merge(parseValue(s.labels().get("le")), s.value(), Double::sum);
            }
        }
        return buckets;
    }

    /** Bucket counts of {@code later} minus those of {@code earlier}: what was observed between the two scrapes. */
    static TreeMap<Double, Double> delta(TreeMap<Double, Double> earlier, TreeMap<Double, Double> later) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        later.forEach((le, count) -> delta.put(le, count - earlier.getOrDefault(le, 0.0)));
        return delta;
    }

    /**
     * The q-quantile of cumulative buckets, interpolated linearly inside the bucket that holds it
     * (from 0 for the first bucket); NaN when nothing was observed. A quantile in the +Inf bucket is
     * the highest finite bound, as in PromQL.
     */
    static double quantile(double q, TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty()) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            double upper = bucket.getKey();
            double count = bucket.getValue();
            if (count >= rank) {
                if (Double.isInfinite(upper)) {
                    return lowerBound;
                }
                if (count == lowerCount) {
                    return upper;
                }
                return lowerBound + (upper - lowerBound) * (rank - lowerCount) / (count - lowerCount);
            }
            lowerBound = upper;
            lowerCount = count;
        }
        return lowerBound;
    }

    /** Observations in cumulative buckets (the +Inf bucket's count). */
    static double count(TreeMap<Double, Double> cumulative) {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }
}
