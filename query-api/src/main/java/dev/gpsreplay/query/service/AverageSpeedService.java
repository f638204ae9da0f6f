package dev.gpsreplay.query.service;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.TrackMetrics;
import dev.gpsreplay.domain.TrackStats;
import dev.gpsreplay.query.api.AverageSpeed;
import dev.gpsreplay.query.api.WindowStats;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveView;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Speed and distance over windows of a vehicle's track. */
@ApplicationScoped
public class AverageSpeedService {

    /** A wait ends when its window closes: a second is a fair time to try again. */
    private static final long WAIT_RETRY_AFTER_SECONDS = 1;

    private final LiveView view;
    private final VehicleViewReader reader;
    private final QueryConfig config;
    private final ShutdownSignal shutdown;
    private final InFlightLimit waits;

    public AverageSpeedService(
            LiveView view,
            VehicleViewReader reader,
            QueryConfig config,
            ShutdownSignal shutdown,
            MeterRegistry meters) {
        this.view = view;
        this.reader = reader;
        this.config = config;
        this.shutdown = shutdown;
        this.waits = new InFlightLimit(
                "average-speed requests waiting for their window",
                config.maxPendingWaits(),
                "query.max-pending-waits",
                WAIT_RETRY_AFTER_SECONDS);
        meters.gauge("gps.average.waits", waits, InFlightLimit::inFlight);
    }

    /**
     * {@link #averageOverNext} for a request that waits for the answer: counted against
     * {@code query.max-pending-waits}.
     *
     * @throws LimitExceededException (as a failed Uni) when that many requests wait already
     */
    public Uni<AverageSpeed> awaitAverageOverNext(FixEvent current, long windowMillis) {
        // taken on subscription and given back on any end (item, failure, cancellation): never leaked
        return Uni.createFrom().deferred(() -> {
            waits.acquire();
            return averageOverNext(current, windowMillis).onTermination().invoke(waits::release);
        });
    }

    /**
     * The seed system's semantics: the average over the <em>next</em> {@code windowMillis} of track
     * time, from the vehicle's current fix (exclusive) to that time plus the window (inclusive).
     * Completes when a fix at or past the window's end arrives; no thread waits meanwhile. A window
     * that holds no fix (shorter than the fix interval) averages the fix in force throughout it.
     *
     * @throws WindowNotClosedException (as a failed Uni) when the window has not closed within its
     *         length plus {@code query.window-grace} of wall-clock time
     * @throws ShuttingDownException (as a failed Uni) when this instance stops meanwhile
     */
    public Uni<AverageSpeed> averageOverNext(FixEvent current, long windowMillis) {
        String vehicleId = current.vehicleId();
        long fromMillis = current.fix().timestamp().toEpochMilli();
        long toMillis = fromMillis + windowMillis;
        Duration patience = patience(windowMillis);
        Uni<FixEvent> closing = view.events()
                .select()
                .where(e ->
                        e.vehicleId().equals(vehicleId) && e.fix().timestamp().toEpochMilli() >= toMillis)
                .toUni()
                .ifNoItem()
                .after(patience)
                .failWith(() -> new WindowNotClosedException(vehicleId, windowMillis / 1000.0, patience));
        return Uni.join()
                .first(closing, shutdown.<FixEvent>failure())
                .toTerminate()
                .flatMap(ignored -> reader.window(vehicleId, fromMillis, toMillis))
                .map(fixes -> {
                    TrackStats stats = TrackMetrics.over(fixes.isEmpty() ? List.of(current.fix()) : fixes);
                    return new AverageSpeed(
                            vehicleId,
                            windowMillis / 1000.0,
                            BigDecimal.valueOf(fromMillis, 3),
                            BigDecimal.valueOf(toMillis, 3),
                            fixes.size(),
                            stats.averageSpeedMetersPerSecond());
                });
    }

    /** The longest a window of this length may take to close: its length plus {@code query.window-grace}. */
    public Duration patience(long windowMillis) {
        return Duration.ofMillis(windowMillis).plus(config.windowGrace());
    }

    /** Metrics over the last {@code seconds} of track time up to the current fix (both ends inclusive). */
    public Uni<WindowStats> lastWindow(FixEvent current, long seconds) {
        String vehicleId = current.vehicleId();
        long toMillis = current.fix().timestamp().toEpochMilli();
        long fromMillis = toMillis - seconds * 1000;
        return reader.track(vehicleId, fromMillis, toMillis, Integer.MAX_VALUE)
                .map(fixes -> WindowStats.of(
                        vehicleId,
                        Instant.ofEpochMilli(fromMillis),
                        Instant.ofEpochMilli(toMillis),
                        TrackMetrics.over(fixes)));
    }
}
