package dev.gpsreplay.replayer.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Micrometer meters of the replays: fixes emitted and send failures per vehicle, and schedule lateness. */
@ApplicationScoped
public class ReplayMetrics implements ReplayObserver {

    private static final Logger LOG = Logger.getLogger(ReplayMetrics.class);

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Map<String, Counter> emitted = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    public ReplayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("gps.replay.schedule.lateness")
                .description("How long after its scheduled instant each fix was emitted")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void emitted(String vehicleId, long latenessNanos) {
        lateness.record(latenessNanos, TimeUnit.NANOSECONDS);
        emitted.computeIfAbsent(vehicleId, id -> Counter.builder("gps.replay.fixes.emitted")
                .description("Fixes handed to the sink").tag("vehicle", id).register(registry)).increment();
    }

    @Override
    public void sendFailed(String vehicleId, Throwable failure) {
        LOG.warnf("A fix of %s was not delivered: %s", vehicleId, failure.getMessage());
        failed.computeIfAbsent(vehicleId, id -> Counter.builder("gps.replay.send.failures")
                .description("Fixes the sink gave up on").tag("vehicle", id).register(registry)).increment();
    }
}
