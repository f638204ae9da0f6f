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

    /**
     * Whether the replay should send a failed fix again, with every later fix it has under way, in
     * order (same run id and sequence numbers). A sink that recreates its connection after a failure
     * (Kafka) says yes; the default says the failure is final and the fix is counted as not delivered.
     */
    default boolean resendAfterFailure(Throwable failure) {
        return false;
    }

    /**
     * Told by a replay just before it sends its unacknowledged fixes again (after a failure the sink
     * asked to be resent): from here on the vehicle's fixes are in order again. A sink that holds a
     * vehicle's later fixes back after a failure, so none lands before the resend, lets them go now.
     */
    default void resending(String vehicleId) {}
}
