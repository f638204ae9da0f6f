package dev.gpsreplay.common.view;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the Redis vehicle view, shared by the services that write and read it. */
@ConfigMapping(prefix = "view")
public interface ViewConfig {

    /** How many fixes of each vehicle's history are kept (the newest by track time). */
    @WithDefault("100000")
    int historySize();

    /**
     * How far back in track time, from a vehicle's newest fix, its history is kept; older fixes are
     * removed at each write. {@code 0s}: no age limit (only {@link #historySize()}).
     */
    @WithDefault("7d")
    Duration historyMaxAge();

    /**
     * A vehicle with no fix for this long (wall clock) leaves the view: its keys expire (each write
     * renews them) and its index entry is pruned. {@code 0s}: vehicles never expire.
     */
    @WithDefault("24h")
    Duration vehicleIdleTtl();

    /** How long one Redis call may take before the view counts as unavailable (503). */
    @WithDefault("2s")
    Duration redisTimeout();

    /** Vehicles read per round trip when the view is loaded from Redis (one pipelined page of reads). */
    @WithDefault("500")
    int loadPageSize();
}
