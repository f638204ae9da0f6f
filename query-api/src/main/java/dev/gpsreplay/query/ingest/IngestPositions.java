package dev.gpsreplay.query.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition was last sought to, until its records from there arrive. Records fetched
 * before a seek may still be in flight after it, with offsets past the seek target: applying them
 * first would put a vehicle's later fixes before its earlier ones (which the idempotent apply would
 * then drop as old). So those are skipped; they come again, in order, after the seek.
 *
 * <p>Assumes offsets without gaps, as a non-transactional, non-compacted topic has (the replayer's).
 */
@ApplicationScoped
public class IngestPositions {

    private final Map<TopicPartition, Long> soughtTo = new ConcurrentHashMap<>();

    /** The partition was sought to this offset. */
    public void sought(TopicPartition partition, long offset) {
        soughtTo.put(partition, offset);
    }

    /** The partition is no longer ours. */
    public void forget(TopicPartition partition) {
        soughtTo.remove(partition);
    }

    /** Whether a record is a leftover from before a seek: past its target, before the target's record came. */
    public boolean isLeftover(TopicPartition partition, long offset) {
        Long target = soughtTo.get(partition);
        if (target == null) {
            return false;
        }
        if (offset > target) {
            return true;
        }
        soughtTo.remove(partition, target);
        return false;
    }
}
