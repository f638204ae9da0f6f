package dev.gpsreplay.query.service;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.SeedFix;
import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.TrackMetrics;
import dev.gpsreplay.domain.TrackStats;
import dev.gpsreplay.query.api.AverageSpeed;
import dev.gpsreplay.query.api.WindowStats;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.live.LiveView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Speed and distance over windows of a vehicle's track. */
@ApplicationScoped
public class AverageSpeedService {

    private final LiveView view;
    private final VehicleViewReader reader;
    private final QueryConfig config;

    public AverageSpeedService(LiveView view, VehicleViewReader reader, QueryConfig config) {
        this.view = view;
        this.reader = reader;
        this.config = config;
    }

    /**
     * The seed system's semantics: the average over the <em>next</em> {@code seconds} of track time,
     * from the vehicle's current fix (exclusive) to that time plus the window (inclusive). Completes
     * when a fix at or past the window's end arrives; no thread waits meanwhile.
     *
     * @throws WindowNotClosedException (as a failed Uni) when the window has not closed within its
     *         length plus {@code query.window-grace} of wall-clock time
     */
    public Uni<AverageSpeed> averageOverNext(FixEvent current, long seconds) {
        String vehicleId = current.vehicleId();
        long fromMillis = current.fix().epochMillis();
        long toMillis = fromMillis + seconds * 1000;
        Duration patience = Duration.ofSeconds(seconds).plus(config.windowGrace());
        Uni<FixEvent> closing = view.events()
                .select().where(e -> e.vehicleId().equals(vehicleId) && e.fix().epochMillis() >= toMillis)
                .toUni()
                .ifNoItem().after(patience).failWith(() -> new WindowNotClosedException(vehicleId, seconds, patience));
        return closing
                .flatMap(ignored -> reader.window(vehicleId, fromMillis, toMillis))
                .map(fixes -> {
                    TrackStats stats = TrackMetrics.over(gpsFixes(fixes));
                    return new AverageSpeed(vehicleId, seconds, BigDecimal.valueOf(fromMillis, 3),
                            BigDecimal.valueOf(toMillis, 3), stats.fixes(), stats.averageSpeedMetersPerSecond());
                });
    }

    /** Metrics over the last {@code seconds} of track time up to the current fix (both ends inclusive). */
    public Uni<WindowStats> lastWindow(FixEvent current, long seconds) {
        String vehicleId = current.vehicleId();
        long toMillis = current.fix().epochMillis();
        long fromMillis = toMillis - seconds * 1000;
        return reader.track(vehicleId, fromMillis, toMillis, Integer.MAX_VALUE)
                .map(fixes -> WindowStats.of(vehicleId, Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis),
                        TrackMetrics.over(gpsFixes(fixes))));
    }

    private static List<dev.gpsreplay.domain.GpsFix> gpsFixes(List<SeedFix> fixes) {
        return fixes.stream().map(SeedFix::toGpsFix).toList();
    }
}
