package dev.gpsreplay.query.ingest;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On each partition assignment, starts each partition where the Redis view says its events end
 * (the offset Redis holds + 1, or the beginning of the partition when Redis holds none: an empty
 * Redis is rebuilt from the topic). Kafka's own committed offsets are not trusted for this: they
 * outlive a Redis that lost its data.
 */
@ApplicationScoped
@Identifier(IngestRebalanceListener.NAME)
public class IngestRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "gps-fixes-view-offsets";

    private static final Logger LOG = Logger.getLogger(IngestRebalanceListener.class);

    private final ViewRebuild rebuild;
    private final IngestPositions positions;

    public IngestRebalanceListener(ViewRebuild rebuild, IngestPositions positions) {
        this.rebuild = rebuild;
        this.positions = positions;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            // on the polling thread, which may block: the positions must be set before it polls again
            rebuild.seekToView(consumer, partitions, false);
        } catch (RuntimeException e) {
            // Redis unreachable: the first batch finds no epoch adopted and seeks then
            LOG.warnf(
                    "Could not read the view's offsets at assignment (%s); seeking once Redis answers", e.getMessage());
            rebuild.requestSeek();
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(positions::forget);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(positions::forget);
    }
}
