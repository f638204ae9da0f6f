package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.RowProblem;
import dev.gpsreplay.domain.RowRejection;
import dev.gpsreplay.replayer.config.ReplayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Micrometer meters of the replays: fixes emitted and send failures (totals, or per vehicle when
 * {@code replay.metrics.per-vehicle} is on), schedule lateness, rejected rows.
 */
@ApplicationScoped
public class ReplayMetrics implements ReplayObserver {

    private static final Logger LOG = Logger.getLogger(ReplayMetrics.class);
    private static final String EMITTED = "gps.replay.fixes.emitted";
    private static final String FAILED = "gps.replay.send.failures";
    /** Lateness buckets: fine below 10 ms, where a healthy replay thread is (target p99 <= 5 ms). */
    private static final double[] LATENESS_BUCKETS_MS = {
        0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 25, 50, 100, 250, 500, 1000
    };

    private final MeterRegistry registry;
    private final boolean perVehicle;
    private final Timer lateness;
    private final Counter emittedTotal;
    private final Counter failedTotal;
    private final Counter replaysFailed;
    private final Map<String, Counter> emitted = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Map<RowProblem, Counter> rejectedRows = new ConcurrentHashMap<>();

    public ReplayMetrics(MeterRegistry registry, ReplayConfig config) {
        this.registry = registry;
        this.perVehicle = config.metricsPerVehicle();
        Duration[] buckets = new Duration[LATENESS_BUCKETS_MS.length];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos((long) (LATENESS_BUCKETS_MS[i] * 1_000_000));
        }
        this.lateness = Timer.builder("gps.replay.schedule.lateness")
                .description("How long after its scheduled instant each fix was emitted")
                .serviceLevelObjectives(buckets)
                .register(registry);
        this.emittedTotal = perVehicle
                ? null
                : Counter.builder(EMITTED)
                        .description("Fixes handed to the sink")
                        .register(registry);
        this.failedTotal = perVehicle
                ? null
                : Counter.builder(FAILED)
                        .description("Fixes the sink failed (sent again or given up on)")
                        .register(registry);
        this.replaysFailed = Counter.builder("gps.replay.replays.failed")
                .description("Replays stopped by an unexpected error (state FAILED)")
                .register(registry);
    }

    @Override
    public void emitted(String vehicleId, long latenessNanos) {
        lateness.record(latenessNanos, TimeUnit.NANOSECONDS);
        if (!perVehicle) {
            emittedTotal.increment();
            return;
        }
        emitted.computeIfAbsent(
                        vehicleId,
                        id -> Counter.builder(EMITTED)
                                .description("Fixes handed to the sink")
                                .tag("vehicle", id)
                                .register(registry))
                .increment();
    }

    /** Logs the row once (file, line, reason; no stack trace) and counts it by kind of problem. */
    @Override
    public void rejected(RowRejection rejection) {
        LOG.warnf("Rejected row %s", rejection);
        rejectedRows
                .computeIfAbsent(
                        rejection.problem(),
                        problem -> Counter.builder("gps.replay.rows.rejected")
                                .description("Rows of track files skipped as invalid, by reason")
                                .tag("reason", problem.tag())
                                .register(registry))
                .increment();
    }

    @Override
    public void sendFailed(String vehicleId, Throwable failure) {
        LOG.warnf("A fix of %s was not delivered: %s", vehicleId, failure.getMessage());
        if (!perVehicle) {
            failedTotal.increment();
            return;
        }
        failed.computeIfAbsent(
                        vehicleId,
                        id -> Counter.builder(FAILED)
                                .description("Fixes the sink failed (sent again or given up on)")
                                .tag("vehicle", id)
                                .register(registry))
                .increment();
    }

    @Override
    public void failed(String vehicleId, Throwable failure) {
        LOG.errorf(failure, "The replay of %s FAILED: %s", vehicleId, failure);
        replaysFailed.increment();
    }

    @Override
    public void removed(String vehicleId) {
        remove(emitted.remove(vehicleId));
        remove(failed.remove(vehicleId));
    }

    private void remove(Counter counter) {
        if (counter != null) {
            registry.remove(counter);
        }
    }
}
