package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.RowProblem;
import dev.gpsreplay.domain.RowRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Micrometer meters of the replays: fixes emitted and send failures per vehicle, schedule lateness, rejected rows. */
@ApplicationScoped
public class ReplayMetrics implements ReplayObserver {

    private static final Logger LOG = Logger.getLogger(ReplayMetrics.class);

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Map<String, Counter> emitted = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Map<RowProblem, Counter> rejectedRows = new ConcurrentHashMap<>();

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

    /** Logs the row once (file, line, reason; no stack trace) and counts it by kind of problem. */
    @Override
    public void rejected(RowRejection rejection) {
        LOG.warnf("Rejected row %s", rejection);
        rejectedRows.computeIfAbsent(rejection.problem(), problem -> Counter.builder("gps.replay.rows.rejected")
                .description("Rows of track files skipped as invalid, by reason")
                .tag("reason", problem.tag()).register(registry)).increment();
    }

    @Override
    public void sendFailed(String vehicleId, Throwable failure) {
        LOG.warnf("A fix of %s was not delivered: %s", vehicleId, failure.getMessage());
        failed.computeIfAbsent(vehicleId, id -> Counter.builder("gps.replay.send.failures")
                .description("Fixes the sink gave up on").tag("vehicle", id).register(registry)).increment();
    }
}
