package dev.gpsreplay.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** query-api's settings. Each key is also an environment variable: {@code query.ingest} is {@code QUERY_INGEST}. */
@ConfigMapping(prefix = "query")
public interface QueryConfig {

    /**
     * Where the view comes from: {@code none} reads what the replayer writes into Redis (the REST
     * variant); {@code kafka} consumes the fix events and writes the view itself (event-driven variant).
     */
    @WithDefault("none")
    Ingest ingest();

    /**
     * Longest window, in seconds, that the average-speed and stats endpoints accept. Average-speed
     * windows may have a fraction (2.5); they are rounded to the millisecond.
     */
    @WithDefault("86400")
    long maxWindowSeconds();

    /**
     * How long an average-speed request waits past its window's length for the window to close in
     * track time (the replay may be paused or slower than real time). Then it fails.
     */
    @WithDefault("60s")
    Duration windowGrace();

    /**
     * How long an average-speed task stays in Redis once it has ended. A task still waiting for its
     * window is kept for its window plus {@code query.window-grace} plus this, so it never expires
     * before it can end, however long the window.
     */
    @WithDefault("1h")
    Duration taskTtl();

    /**
     * Most {@code /compute_avg_speed} and {@code /vehicles/{id}/average-speed} requests waiting for
     * their window at once in this instance; one more is a 429 with {@code Retry-After}. Each wait
     * costs no thread, but a check per arriving fix.
     */
    @WithDefault("500")
    int maxPendingWaits();

    /**
     * Most average-speed tasks running at once in this instance; one more request is a 429 with
     * {@code Retry-After}.
     */
    @WithDefault("1000")
    int maxRunningTasks();

    /**
     * Most Server-Sent Events clients ({@code /stream}, {@code /vehicles/{id}/stream}) connected at
     * once to this instance; one more is a 429 with {@code Retry-After}.
     */
    @WithDefault("256")
    int maxStreamClients();

    /** Fixes returned by the track endpoint when no limit is given. */
    @WithDefault("1000")
    int trackDefaultLimit();

    /** Largest limit the track endpoint accepts. */
    @WithDefault("10000")
    int trackMaxLimit();

    /** How often the live view checks that Redis is there and is the same server (a restart needs a resync). */
    @WithDefault("1s")
    Duration viewCheckInterval();

    // --- /vehicles paging (view helper) ---

    /** Vehicles in one page of {@code GET /vehicles} when no {@code limit} is given. */
    @WithDefault("1000")
    int vehiclesDefaultLimit();

    /** Largest {@code limit} of {@code GET /vehicles}. */
    @WithDefault("10000")
    int vehiclesMaxLimit();

    /** Where the view comes from. */
    enum Ingest {
        NONE,
        KAFKA
    }
}
