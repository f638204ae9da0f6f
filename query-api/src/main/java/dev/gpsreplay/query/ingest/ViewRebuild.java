package dev.gpsreplay.query.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebuilds the Redis view from the topic when Redis lost it: seeks each assigned partition to the
 * offset after the last one Redis holds as applied, or to the partition's beginning when Redis
 * holds none. Counted in {@code gps.ingest.rebuilds}.
 */
@ApplicationScoped
public class ViewRebuild {

    private static final Logger LOG = Logger.getLogger(ViewRebuild.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(10);

    private final ViewOffsets offsets;
    private final IngestPositions positions;
    private final KafkaClientService kafka;
    private final Counter rebuilds;
    private final AtomicBoolean seekRequested = new AtomicBoolean();

    public ViewRebuild(
            ViewOffsets offsets, IngestPositions positions, KafkaClientService kafka, MeterRegistry registry) {
        this.offsets = offsets;
        this.positions = positions;
        this.kafka = kafka;
        this.rebuilds = Counter.builder("gps.ingest.rebuilds")
                .description("Times the view was found lost in Redis and rebuilt from the topic")
                .register(registry);
    }

    /** Seek when the next batch comes (the assignment could not reach Redis). */
    public void requestSeek() {
        seekRequested.set(true);
    }

    /** Whether a seek is due before anything more is applied. */
    public boolean seekDue() {
        return seekRequested.get() || offsets.epoch() == null;
    }

    /**
     * Adopts the current epoch (a new one if Redis lost it), then seeks the consumer's assigned
     * partitions to the view. Runs the seek on the polling thread.
     */
    public Uni<Void> rebuild(String channel) {
        seekRequested.set(false);
        return kafka.<String, String>getConsumer(channel).runOnPollingThread(consumer -> {
            seekToView(consumer, consumer.assignment(), true);
        });
    }

    /**
     * On the polling thread: adopt the epoch, read the applied offsets, seek. Blocks on Redis
     * (bounded). A span of its own ({@code view seek}): at each assignment, and when Redis lost the view.
     */
    @WithSpan("view seek")
    void seekToView(
            Consumer<?, ?> consumer, Collection<TopicPartition> partitions, @SpanAttribute("view.lost") boolean lost) {
        Span.current().setAttribute("kafka.partitions", partitions.size());
        seekRequested.set(false);
        boolean changed = offsets.adoptEpoch().await().atMost(REDIS_WAIT);
        Map<TopicPartition, Long> applied = offsets.applied().await().atMost(REDIS_WAIT);
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long target = applied.containsKey(partition) ? applied.get(partition) + 1 : beginnings.get(partition);
            consumer.seek(partition, target);
            positions.sought(partition, target);
        }
        if (lost || (changed && applied.isEmpty())) {
            rebuilds.increment();
            LOG.infof(
                    "The Redis view has no record of partitions %s (Redis emptied or replaced): rebuilding it "
                            + "from the topic, from offsets %s",
                    missing(partitions, applied), targets(partitions, applied));
        }
    }

    private static List<TopicPartition> missing(
            Collection<TopicPartition> partitions, Map<TopicPartition, Long> applied) {
        return partitions.stream().filter(p -> !applied.containsKey(p)).toList();
    }

    private static Set<String> targets(Collection<TopicPartition> partitions, Map<TopicPartition, Long> applied) {
        return partitions.stream()
                .map(p -> p + "=" + (applied.containsKey(p) ? applied.get(p) + 1 : "beginning"))
                .collect(Collectors.toSet());
    }
}
