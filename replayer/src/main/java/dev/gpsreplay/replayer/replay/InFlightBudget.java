package dev.gpsreplay.replayer.replay;

import java.util.function.IntSupplier;

/**
 * How many fixes each replay may have under way: the sink's own window per vehicle, cut down so that
 * all the replays together stay near {@value #TOTAL}. With the Kafka sink's 64 per vehicle, 1,000
 * vehicles at top speed held 64,000 events and the producer's records in a 128 MiB heap, and the
 * replayer spent most of its CPU in G1 (async-profiler in {@code bench/}); 16 each halved its CPU
 * per fix. Never below {@value #FLOOR} (or the sink's window, if smaller), so a replay at 1 Hz does
 * not wait for one slow acknowledgement.
 *
 * <p>The share follows the number of replays as it is when asked: read on the replay thread only,
 * like the replays themselves.
 */
final class InFlightBudget {

    /** Fixes under way across all replays, before each replay's share reaches the floor. */
    static final int TOTAL = 16_384;
    /** A replay's share never goes below this (unless the sink's window is smaller). */
    static final int FLOOR = 2;

    private final int sinkWindow;
    private final int total;
    private final IntSupplier replays;

    /** @param replays how many replays share the budget now */
    InFlightBudget(int sinkWindow, IntSupplier replays) {
        this(sinkWindow, TOTAL, replays);
    }

    /** A budget of {@code total} fixes under way (tests use small ones). */
    InFlightBudget(int sinkWindow, int total, IntSupplier replays) {
        this.sinkWindow = Math.max(1, sinkWindow);
        this.total = total;
        this.replays = replays;
    }

    /** Fixes one replay may have under way now. */
    int perReplay() {
        int share = total / Math.max(1, replays.getAsInt());
        return Math.max(Math.min(FLOOR, sinkWindow), Math.min(sinkWindow, share));
    }
}
