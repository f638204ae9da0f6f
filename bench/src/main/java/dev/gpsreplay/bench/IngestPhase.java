package dev.gpsreplay.bench;

import dev.gpsreplay.testsupport.RedisServer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * query-api's ingest alone: a topic filled first with N copies of the real drive (the replayer at top
 * speed, then stopped), then query-api started on it and timed from its first applied fix until the
 * view is exact; beside Kafka's own ConsumerPerformance reading the same records from the same broker.
 *
 * <p>The pipeline phase runs the four processes at once on the machine's cores, so its rate is their
 * sum; this one measures the consumer's side with only the broker and Redis beside it, which makes
 * query-api's CPU per fix a steadier figure to compare commits by.
 */
final class IngestPhase implements Phase {

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public void run(Lab lab) throws Exception {
        int vehicles = lab.settings.pipelineVehicles();
        long expected = (long) vehicles * lab.tracks.driveFixes();
        String topic = lab.newTopic(name());
        PipelinePhase.Progress progress;
        double queryCpu;
        double redisCpu;
        try (RedisServer redis = Lab.newRedis()) {
            fill(lab, redis, topic, vehicles, expected);
            try (ServiceProcess q = lab.queryApi(redis, topic, lab.containerXmx("query-api"))) {
                // started at ready: the view is still empty then (the first poll is under way at most)
                double queryBefore = q.cpuSeconds();
                double redisBefore = ServiceProcess.cpuSeconds(redis.pid());
                PipelinePhase.Poller poller =
                        new PipelinePhase.Poller(q.baseUri(), PipelinePhase.Poller.interval(vehicles));
                try {
                    progress = poller.until(expected, vehicles, Duration.ofSeconds(Math.max(120, expected / 300)));
                } finally {
                    poller.stop();
                }
                queryCpu = q.cpuSeconds() - queryBefore;
                redisCpu = ServiceProcess.cpuSeconds(redis.pid()) - redisBefore;
            }
        }
        ToolOutput.ConsumerResult consumer = new Tools(lab.work)
                .consumerPerformance(
                        PipelinePhase.kafkaLibs(),
                        PipelinePhase.kafkaTools(),
                        lab.kafka().bootstrapServers(),
                        topic,
                        expected);
        double rate = progress.rate();
        double ratio = rate / consumer.fetchRecordsPerSecond();
        lab.report.info(
                name(),
                "ingest fixes/s, " + vehicles + " drives waiting in the topic",
                rate,
                "fixes/s",
                String.format(
                        "ConsumerPerformance on the same %,d records: %s rec/s, from its first fetch (%.3f×)",
                        expected, Report.format(consumer.fetchRecordsPerSecond(), ""), ratio));
        lab.report.check(
                name(),
                "ingest view exact (every fix once, in order)",
                progress.exactVehicles(),
                "vehicles",
                progress.applied() + " of " + expected + " fixes applied in " + Report.format(progress.seconds(), "s"),
                "= " + vehicles,
                progress.complete());
        double queryPerFix = queryCpu * 1e6 / expected;
        double redisPerFix = redisCpu * 1e6 / expected;
        lab.report.info(
                name(),
                "query-api CPU per fix, ingest alone",
                queryPerFix,
                "µs",
                String.format(
                        "Redis %.1f µs; from ready to the view exact, the bench's polling included", redisPerFix));
        lab.report
                .details(name())
                .put("expected_fixes", expected)
                .put("consumer_fetch_records_per_second", consumer.fetchRecordsPerSecond())
                .put("consumer_records_per_second", consumer.recordsPerSecond())
                .put("cpu_us_per_fix_query_api", queryPerFix)
                .put("cpu_us_per_fix_redis", redisPerFix);
    }

    /** The replayer at top speed until every fix is in the topic (its end offsets), then stopped. */
    @SuppressWarnings("try") // the replayer runs for the duration of the block; only its closing matters
    private static void fill(Lab lab, RedisServer redis, String topic, int vehicles, long expected) throws Exception {
        try (ServiceProcess r = lab.replayer(
                redis,
                topic,
                lab.vehicles(vehicles, 0),
                PipelinePhase.TOP_SPEED,
                false,
                lab.containerXmx("replayer"))) {
            long deadline = System.nanoTime()
                    + Duration.ofSeconds(Math.max(120, expected / 300)).toNanos();
            long records = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = lab.byteConsumer()) {
                while (System.nanoTime() < deadline && (records = records(consumer, topic)) < expected) {
                    ServiceProcess.sleep(500);
                }
            }
            if (records != expected) {
                throw new IllegalStateException(
                        "the topic holds " + records + " records, expected " + expected + " (" + vehicles + " drives)");
            }
        }
    }

    /** The records in {@code topic}: the sum of its partitions' end offsets (one run, nothing deleted). */
    private static long records(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = Lab.partitions(consumer, topic);
        return consumer.endOffsets(partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
