package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import io.smallrye.mutiny.Uni;

/**
 * Where replayed fixes go. A sink owns its retries: the returned {@link Uni} completes once the fix
 * is delivered, or fails once the sink has given up on it. Until it completes, the replay holds its
 * next fixes back (back-pressure), so a slow or absent dependency slows the replay instead of losing
 * fixes.
 */
public interface FixSink {

    Uni<Void> publish(FixEvent event);

    /**
     * How many fixes of one vehicle may be under way at once. 1 keeps per-vehicle order trivially; a
     * sink that preserves order itself (Kafka's idempotent producer) allows more, for throughput.
     */
    default int maxInFlight() {
        return 1;
    }
}
