package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.RedisOutageRetry;
import dev.gpsreplay.common.view.VehicleViewWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

/**
 * {@code replay.sink=redis}: writes each fix into the Redis view (state, history, seed key, live
 * notification). While Redis is away the write is retried with back-off, so the replay waits and no
 * fix is lost; the outage is logged once when it starts and once when it ends. Every failure is
 * retried, a refusal for good too (which holds the replay: see issue #9).
 */
@ApplicationScoped
@Typed(RedisSink.class) // injected only through SinkSelector, by replay.sink
public class RedisSink implements FixSink {

    private static final Logger LOG = Logger.getLogger(RedisSink.class);

    private final VehicleViewWriter writer;
    private final RedisOutageRetry retry = new RedisOutageRetry(
            failure -> true,
            LOG,
            "Redis write failed, replays wait and retry",
            "Redis writes succeed again, replays go on");

    public RedisSink(VehicleViewWriter writer) {
        this.writer = writer;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        return retry.untilAvailable(writer.apply(event)).replaceWithVoid();
    }
}
