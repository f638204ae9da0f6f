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

    /** How long one Redis call may take before the view counts as unavailable (503). */
    @WithDefault("2s")
    Duration redisTimeout();
}
