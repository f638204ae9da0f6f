package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.RedisOutageLog;
import dev.gpsreplay.common.view.VehicleViewWriter;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * {@code replay.sink=redis}: writes each fix into the Redis view (state, history, seed key, live
 * notification). While Redis is away the write is retried with back-off (100 ms doubling to 2 s,
 * for as long as it takes), so the replay waits and no fix is lost; the outage is logged once when it
 * starts and once when it ends. Every failure is retried, a refusal for good too (which holds the
 * replay: see issue #9).
 */
@ApplicationScoped
@Typed(RedisSink.class) // injected only through SinkSelector, by replay.sink
public class RedisSink implements FixSink {

    private static final Logger LOG = Logger.getLogger(RedisSink.class);

    private final VehicleViewWriter writer;
    private final RedisOutageLog outage = new RedisOutageLog(
            LOG, "Redis write failed, replays wait and retry", "Redis writes succeed again, replays go on");

    public RedisSink(VehicleViewWriter writer) {
        this.writer = writer;
    }

    @Override
    @Retry(maxRetries = -1, maxDuration = 0, delay = 100, jitter = 50)
    @ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> publish(FixEvent event) {
        return outage.watch(writer.apply(event), failure -> true).replaceWithVoid();
    }
}
