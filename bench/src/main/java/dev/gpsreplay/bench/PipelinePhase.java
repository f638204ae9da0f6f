package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The event-driven pipeline at top speed: N copies of the real drive, replayer (speed 100,000) →
 * Kafka → query-api → Redis, from the first fix in the view until the view holds every fix; beside
 * Kafka's ProducerPerformance on the same broker with the real event size, acks=all, idempotent.
 */
final class PipelinePhase implements Phase {

    static final double TOP_SPEED = 100_000;

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    @SuppressWarnings("try") // the replayer runs for the duration of the block; only its closing matters
    public void run(Lab lab) throws Exception {
        int vehicles = lab.settings.pipelineVehicles();
        long expected = (long) vehicles * lab.tracks.driveFixes();
        Progress progress;
        String topic;
        double[] cpu; // seconds during the run: query-api, replayer (its start included), broker, Redis
        try (RedisServer redis = Lab.newRedis()) {
            topic = lab.newTopic(name());
            try (ServiceProcess q = lab.queryApi(redis, topic, lab.containerXmx("query-api"))) {
                Poller poller = new Poller(q.baseUri(), Poller.interval(vehicles));
                double[] before = {
                    q.cpuSeconds(),
                    0,
                    ServiceProcess.cpuSeconds(lab.kafka().pid()),
                    ServiceProcess.cpuSeconds(redis.pid())
                };
                try (ServiceProcess r = lab.replayer(
                        redis, topic, lab.vehicles(vehicles, 0), TOP_SPEED, false, lab.containerXmx("replayer"))) {
                    Duration timeout = Duration.ofSeconds(Math.max(120, expected / 300));
                    progress = poller.until(expected, vehicles, timeout);
                    double[] after = {
                        q.cpuSeconds(),
                        r.cpuSeconds(),
                        ServiceProcess.cpuSeconds(lab.kafka().pid()),
                        ServiceProcess.cpuSeconds(redis.pid())
                    };
                    cpu = new double[after.length];
                    Arrays.setAll(cpu, i -> after[i] - before[i]);
                } finally {
                    poller.stop();
                }
            }
        }
        double rate = progress.rate();
        int recordSize = recordSize(lab, topic);
        ToolOutput.ProducerResult producer = new Tools(lab.work)
                .producerPerformance(
                        kafkaLibs(),
                        kafkaTools(),
                        lab.kafka().bootstrapServers(),
                        lab.newTopic("producer-perf"),
                        Math.max(expected, 50_000),
                        recordSize);
        double ratio = rate / producer.recordsPerSecond();
        String reference = String.format(
                "ProducerPerformance, %d B records, acks=all, idempotent, %d partitions: %s rec/s (%.2f×)",
                recordSize, lab.settings.partitions(), Report.format(producer.recordsPerSecond(), ""), ratio);
        lab.report.check(
                name(),
                "pipeline fixes/s, " + vehicles + " vehicles at top speed",
                rate,
                "fixes/s",
                reference,
                "≥ 0.5× producer",
                ratio >= 0.5 && progress.complete());
        lab.report.check(
                name(),
                "view exact (every fix once, in order)",
                progress.exactVehicles(),
                "vehicles",
                progress.applied() + " of " + expected + " fixes applied in " + Report.format(progress.seconds(), "s"),
                "= " + vehicles,
                progress.complete());
        // Where the CPU goes, per fix: it holds still on a shared machine where rates move with the
        // neighbours' load. On 2 cores the four processes share the CPU, so the sum bounds the rate.
        double[] perFix =
                Arrays.stream(cpu).map(seconds -> seconds * 1e6 / expected).toArray();
        lab.report.info(
                name(),
                "CPU per fix, four processes",
                Arrays.stream(perFix).sum(),
                "µs",
                String.format(
                        "query-api %.1f, replayer %.1f (its start included), broker %.1f, Redis %.1f µs",
                        perFix[0], perFix[1], perFix[2], perFix[3]));
        lab.report
                .details(name())
                .put("record_size_bytes", recordSize)
                .put("expected_fixes", expected)
                .put("producer_records_per_second", producer.recordsPerSecond())
                .put("cpu_us_per_fix_query_api", perFix[0])
                .put("cpu_us_per_fix_replayer", perFix[1])
                .put("cpu_us_per_fix_broker", perFix[2])
                .put("cpu_us_per_fix_redis", perFix[3]);
    }

    static Path kafkaLibs() {
        return Path.of(System.getProperty("gpsreplay.kafka.libs"));
    }

    static Path kafkaTools() {
        return Path.of(System.getProperty("bench.kafka.tools"));
    }

    /** The mean size of the event values the replayer wrote to {@code topic} (up to 500 records read). */
    static int recordSize(Lab lab, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = lab.byteConsumer()) {
            List<TopicPartition> partitions = Lab.partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long bytes = 0;
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records < 500 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    bytes += record.value().length;
                    records++;
                }
            }
            if (records == 0) {
                throw new IllegalStateException("no record on " + topic);
            }
            return (int) Math.round((double) bytes / records);
        }
    }

    /** Fixes applied over time, from the view. */
    record Progress(long applied, long firstApplied, double seconds, int exactVehicles, boolean complete) {
        double rate() {
            return seconds <= 0 ? Double.NaN : (applied - firstApplied) / seconds;
        }
    }

    /**
     * Polls query-api's /vehicles from before the replayer starts: every 100 ms, and less often for a
     * large fleet, whose every listing query-api encodes in full (at 1,000 vehicles every 100 ms,
     * the listing was a tenth of query-api's samples in a JFR profile: the bench's load, not the
     * pipeline's).
     */
    static final class Poller {
        private final String queryApi;
        private final long intervalMillis;
        private final AtomicLong firstNanos = new AtomicLong();
        private final AtomicLong firstApplied = new AtomicLong();
        private volatile Map<String, View.Entry> last = Map.of();
        private volatile long lastNanos;
        private volatile boolean running = true;
        private final Thread thread;

        /** 100 ms up to 200 vehicles, then half a millisecond per vehicle (500 ms at 1,000). */
        static long interval(int vehicles) {
            return Math.max(100, vehicles / 2);
        }

        Poller(String queryApi, long intervalMillis) {
            this.queryApi = queryApi;
            this.intervalMillis = intervalMillis;
            this.thread = new Thread(this::poll, "pipeline-poller");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            while (running) {
                try {
                    Map<String, View.Entry> view = View.vehicles(queryApi);
                    long now = System.nanoTime();
                    long applied = View.appliedFixes(view);
                    if (applied > 0 && firstNanos.get() == 0) {
                        firstNanos.set(now);
                        firstApplied.set(applied);
                    }
                    last = view;
                    lastNanos = now;
                } catch (Exception e) {
                    // a failed poll is retried; the deadline bounds the phase
                }
                ServiceProcess.sleep(intervalMillis);
            }
        }

        Progress until(long expected, int vehicles, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Progress p = progress(vehicles);
                if (p.complete() || p.applied() >= expected && p.exactVehicles() == vehicles) {
                    return p;
                }
                ServiceProcess.sleep(100);
            }
            return progress(vehicles);
        }

        private Progress progress(int vehicles) {
            Map<String, View.Entry> view = last;
            long applied = View.appliedFixes(view);
            int exact = (int) view.values().stream()
                    .filter(e -> e.sequence() == e.trackSize())
                    .count();
            double seconds = firstNanos.get() == 0 ? 0 : (lastNanos - firstNanos.get()) / 1e9;
            return new Progress(
                    applied, firstApplied.get(), seconds, exact, exact == vehicles && view.size() == vehicles);
        }

        void stop() {
            running = false;
        }
    }
}
