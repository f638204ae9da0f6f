package dev.gpsreplay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTest {

    private static final String FIRST = """
            # HELP gps_replay_schedule_lateness_seconds How late
            # TYPE gps_replay_schedule_lateness_seconds histogram
            gps_replay_schedule_lateness_seconds_bucket{le="0.001",} 100.0
            gps_replay_schedule_lateness_seconds_bucket{le="0.002",} 150.0
            gps_replay_schedule_lateness_seconds_bucket{le="0.005",} 200.0
            gps_replay_schedule_lateness_seconds_bucket{le="+Inf",} 200.0
            gps_replay_schedule_lateness_seconds_count 200.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1048576.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen",} 2097152.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace",} 9.9E7
            """;
    private static final String SECOND = """
            gps_replay_schedule_lateness_seconds_bucket{le="0.001",} 600.0
            gps_replay_schedule_lateness_seconds_bucket{le="0.002",} 1140.0
            gps_replay_schedule_lateness_seconds_bucket{le="0.005",} 1190.0
            gps_replay_schedule_lateness_seconds_bucket{le="+Inf",} 1200.0
            """;

    @Test
    void quantilesComeFromTheBucketsBetweenTwoScrapes() {
        TreeMap<Double, Double> delta = Prometheus.delta(
                Prometheus.parse(FIRST).buckets("gps_replay_schedule_lateness_seconds"),
                Prometheus.parse(SECOND).buckets("gps_replay_schedule_lateness_seconds"));
        // 1000 observations: 500 ≤ 1 ms, 490 in (1, 2] ms, none in (2, 5] ms, 10 above 5 ms
        assertThat(Prometheus.count(delta)).isEqualTo(1000.0);
        // rank 500 is the top of the first bucket, interpolated from 0
        assertThat(Prometheus.quantile(0.5, delta)).isCloseTo(0.001, within(1e-9));
        // rank 750: 250 of the 490 in (1, 2] ms
        assertThat(Prometheus.quantile(0.75, delta)).isCloseTo(0.001 + 0.001 * 250 / 490, within(1e-9));
        // rank 990 is the top of (1, 2] ms
        assertThat(Prometheus.quantile(0.99, delta)).isCloseTo(0.002, within(1e-9));
        // rank 995 is in +Inf: the highest finite bound, as PromQL answers
        assertThat(Prometheus.quantile(0.995, delta)).isCloseTo(0.005, within(1e-9));
    }

    @Test
    void aQuantileInsideTheFirstBucketIsInterpolatedFromZero() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.004, 100.0);
        buckets.put(Double.POSITIVE_INFINITY, 100.0);
        assertThat(Prometheus.quantile(0.25, buckets)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void nothingObservedIsNaN() {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(0.001, 0.0);
        buckets.put(Double.POSITIVE_INFINITY, 0.0);
        assertThat(Prometheus.quantile(0.99, buckets)).isNaN();
        assertThat(Prometheus.quantile(0.99, new TreeMap<>())).isNaN();
    }

    @Test
    void sumsSamplesByLabel() {
        Prometheus metrics = Prometheus.parse(FIRST);
        assertThat(metrics.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area"))))
                .isEqualTo(3145728.0);
        assertThat(metrics.sum("jvm_memory_used_bytes")).isEqualTo(3145728.0 + 9.9e7);
        assertThat(metrics.has("gps_replay_schedule_lateness_seconds_count")).isTrue();
        assertThat(metrics.has("absent")).isFalse();
    }

    @Test
    void readsBucketsThatCarryAnExemplar() {
        String openMetrics = """
                # TYPE gps_replay_schedule_lateness_seconds histogram
                gps_replay_schedule_lateness_seconds_bucket{le="0.001"} 764.0 # {span_id="e02b",trace_id="6d81"} 6.272E-6 1796407124.635
                gps_replay_schedule_lateness_seconds_bucket{le="0.002"} 764.0
                gps_replay_schedule_lateness_seconds_bucket{le="0.004194304"} 765.0 # {span_id="cb47",trace_id="6d81"} 0.004051399 1796407121.571
                gps_replay_schedule_lateness_seconds_bucket{le="+Inf"} 765.0
                # EOF
                """;
        TreeMap<Double, Double> buckets = Prometheus.parse(openMetrics).buckets("gps_replay_schedule_lateness_seconds");
        assertThat(buckets)
                .containsEntry(0.001, 764.0)
                .containsEntry(0.004194304, 765.0)
                .hasSize(4);
        // 764 of 765 at most 1 ms: the median is interpolated inside the first bucket
        assertThat(Prometheus.quantile(0.5, buckets)).isCloseTo(0.001 * 382.5 / 764, within(1e-9));
    }

    @Test
    void readsOpenMetricsStyleLinesWithoutTrailingCommaAndWithTimestamps() {
        Prometheus metrics = Prometheus.parse("x_bucket{le=\"1.0\"} 3 1700000000000\nx_bucket{le=\"+Inf\"} 4\n");
        assertThat(metrics.buckets("x")).containsEntry(1.0, 3.0).containsEntry(Double.POSITIVE_INFINITY, 4.0);
    }
}
