package dev.gpsreplay.replayer.sink;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code replay.sink=redis}: writes each fix into the Redis view (state, history, seed key, live
 * notification). While Redis is away the write is retried with back-off, so the replay waits and no
 * fix is lost; the outage is logged once when it starts and once when it ends.
 */
@ApplicationScoped
@Typed(RedisSink.class) // injected only through SinkSelector, by replay.sink
public class RedisSink implements FixSink {

    private static final Logger LOG = Logger.getLogger(RedisSink.class);

    private final VehicleViewWriter writer;
    private final AtomicBoolean failing = new AtomicBoolean();

    public RedisSink(VehicleViewWriter writer) {
        this.writer = writer;
    }

    @Override
    public Uni<Void> publish(FixEvent event) {
        return writer.apply(event)
                .onFailure().invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("Redis write failed, replays wait and retry: %s", e.getMessage());
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).indefinitely()
                .invoke(() -> {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Redis writes succeed again, replays go on");
                    }
                })
                .replaceWithVoid();
    }
}
