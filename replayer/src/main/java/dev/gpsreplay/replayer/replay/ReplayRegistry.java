package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.replayer.config.ReplayConfig;
import dev.gpsreplay.replayer.replay.TrackLoader.LoadedTrack;
import dev.gpsreplay.replayer.sink.FixSink;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * All replays of this replayer, one per vehicle. Every operation runs on the replay thread (see
 * {@link ReplayClock}), which is what makes the replays themselves lock-free.
 */
@ApplicationScoped
public class ReplayRegistry {

    private static final Logger LOG = Logger.getLogger(ReplayRegistry.class);

    private final ReplayConfig config;
    private final ReplayClock clock;
    private final FixSink sink;
    private final ReplayObserver observer;
    /** Touched on the replay thread only. */
    private final Map<String, Replay> replays = new LinkedHashMap<>();

    public ReplayRegistry(ReplayConfig config, ReplayClock clock, FixSink sink, ReplayObserver observer) {
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.observer = observer;
    }

    void onStart(@Observes StartupEvent event) {
        config.source().filter(s -> !s.isBlank()).ifPresent(source -> startAll(Path.of(source)));
    }

    private void startAll(Path source) {
        List<LoadedTrack> tracks = TrackLoader.load(source, observer::rejected);
        if (config.vehicleId().isPresent() && tracks.size() > 1) {
            throw new IllegalArgumentException("replay.vehicle-id names one vehicle, but " + source + " holds "
                    + tracks.size() + " tracks; leave it unset to use the file names");
        }
        for (LoadedTrack loaded : tracks) {
            String vehicleId = config.vehicleId().orElseGet(() -> TrackLoader.vehicleIdOf(loaded.file()));
            start(vehicleId, loaded.file().toString(), loaded.result(), null, null).subscribe().with(
                    status -> LOG.infof("Replaying %s as %s: %d fixes, %d rows rejected, speed x%s, loop %s",
                            status.source(), status.vehicleId(), status.total(), status.rowsRejected(),
                            status.speed(), status.loop()),
                    failure -> LOG.errorf("Could not replay %s: %s", loaded.file(), failure.getMessage()));
        }
    }

    /**
     * Starts replaying a track as a new vehicle; a 409 problem when the vehicle already replays.
     *
     * @param speed speed factor, or null for {@code replay.speed}
     * @param loop  whether to loop, or null for {@code replay.loop}
     */
    public Uni<ReplayStatus> start(String vehicleId, String source, TrackReadResult read, Double speed, Boolean loop) {
        return onReplayThread(() -> {
            if (replays.containsKey(vehicleId)) {
                throw ProblemException.conflict("vehicle " + vehicleId + " is already replaying; delete it first");
            }
            Replay replay = new Replay(vehicleId, source, read.track(), read.rejections().size(),
                    speed != null ? speed : config.speed(), loop != null ? loop : config.loop(), clock, sink, observer,
                    config.stallThreshold());
            replays.put(vehicleId, replay);
            replay.start();
            return replay.status();
        });
    }

    /** Starts an uploaded track (see {@link #start}), reporting its rejected rows like a file's. */
    public Uni<ReplayStatus> startUpload(String vehicleId, TrackReadResult read, Double speed, Boolean loop) {
        read.rejections().forEach(observer::rejected);
        return start(vehicleId, "upload", read, speed, loop);
    }

    public Uni<List<ReplayStatus>> statuses() {
        return onReplayThread(() -> {
            List<ReplayStatus> all = new ArrayList<>(replays.size());
            replays.values().forEach(replay -> all.add(replay.status()));
            return all;
        });
    }

    public Uni<ReplayStatus> status(String vehicleId) {
        return apply(vehicleId, Replay::status);
    }

    public Uni<ReplayStatus> pause(String vehicleId) {
        return apply(vehicleId, replay -> {
            replay.pause();
            return replay.status();
        });
    }

    public Uni<ReplayStatus> resume(String vehicleId) {
        return apply(vehicleId, replay -> {
            if (replay.status().state() == ReplayState.FINISHED) {
                throw ProblemException.conflict("the replay of " + vehicleId
                        + " has finished; seek to a position to play it again");
            }
            replay.resume();
            return replay.status();
        });
    }

    public Uni<ReplayStatus> setSpeed(String vehicleId, double factor) {
        return apply(vehicleId, replay -> {
            replay.setSpeed(factor);
            return replay.status();
        });
    }

    public Uni<ReplayStatus> seek(String vehicleId, int position) {
        return apply(vehicleId, replay -> {
            int total = replay.status().total();
            if (position < 0 || position >= total) {
                throw ProblemException.badRequest("position must be between 0 and " + (total - 1) + ", got " + position);
            }
            replay.seek(position);
            return replay.status();
        });
    }

    /** Stops a replay for good and forgets it (its view in Redis stays). */
    public Uni<ReplayStatus> remove(String vehicleId) {
        return apply(vehicleId, replay -> {
            replay.stop();
            replays.remove(vehicleId);
            return replay.status();
        });
    }

    private Uni<ReplayStatus> apply(String vehicleId, Function<Replay, ReplayStatus> action) {
        return onReplayThread(() -> {
            Replay replay = replays.get(vehicleId);
            if (replay == null) {
                throw ProblemException.notFound("no replay for vehicle " + vehicleId);
            }
            return action.apply(replay);
        });
    }

    private <T> Uni<T> onReplayThread(java.util.concurrent.Callable<T> task) {
        return Uni.createFrom().completionStage(() -> clock.call(task));
    }
}
