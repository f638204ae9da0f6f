package dev.gpsreplay.query.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Where the dashboard's replay controls go: query-api forwards them to the replayer's control API,
 * so the page needs one origin and the replayer can stay inside the cluster. Separate from
 * {@link QueryConfig} (same {@code query} prefix, other keys).
 */
@ConfigMapping(prefix = "query")
public interface ReplayerProxyConfig {

    /** Base URL of the replayer's control API (the one serving {@code /replays}). */
    @WithDefault("http://localhost:8081")
    String replayerUrl();

    /** The longest a forwarded call may take; then the answer is a 504 problem. */
    @WithDefault("30s")
    Duration replayerTimeout();

    /** Largest track file the proxy forwards; a bigger upload is a 413 problem. */
    @WithDefault("10M")
    MemorySize replayerMaxUpload();
}
