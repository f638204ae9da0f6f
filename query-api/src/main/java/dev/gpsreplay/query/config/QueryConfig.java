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

    /** Longest window, in seconds, that the average-speed and stats endpoints accept. */
    @WithDefault("86400")
    long maxWindowSeconds();

    /**
     * How long an average-speed request waits past its window's length for the window to close in
     * track time (the replay may be paused or slower than real time). Then it fails.
     */
    @WithDefault("60s")
    Duration windowGrace();

    /** How long an average-speed task and its result stay in Redis. */
    @WithDefault("1h")
    Duration taskTtl();

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
        NONE, KAFKA
    }
}
