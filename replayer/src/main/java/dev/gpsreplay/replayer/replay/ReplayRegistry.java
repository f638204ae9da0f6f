package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.replayer.config.ReplayConfig;
import dev.gpsreplay.replayer.replay.TrackLoader.LoadedTrack;
import dev.gpsreplay.replayer.sink.FixSink;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * All replays of this replayer, one per vehicle, and the limits on them: how many, how fast, and
 * which vehicles (its shard). Every operation runs on the replay thread (see {@link ReplayClock}),
 * which is what makes the replays themselves lock-free. Refusals are domain exceptions
 * ({@link ReplayException}); the REST edge maps them to problems.
 *
 * <p>File replays are checkpointed ({@link ReplayCheckpoints}, while {@code replay.checkpoint} is on):
 * a restarted replayer reads the checkpoints before it starts its files, and each vehicle goes on
 * with its run where delivery had reached, unless {@code replay.from-start} asks to start over.
 */
@ApplicationScoped
public class ReplayRegistry {

    /** Shutdown order: replays stop emitting first, then the sink delivers what is under way. */
    public static final int SHUTDOWN_PRIORITY = 10;
    /** After the sinks have delivered what was under way (the Kafka sink flushes at 20). */
    static final int CHECKPOINT_SHUTDOWN_PRIORITY = 30;

    private static final Logger LOG = Logger.getLogger(ReplayRegistry.class);

    private final ReplayConfig config;
    private final ReplayClock clock;
    private final FixSink sink;
    private final ReplayObserver observer;
    private final Shard shard;
    private final ReplayCheckpoints checkpoints;
    /** Touched on the replay thread only. */
    private final Map<String, Replay> replays = new LinkedHashMap<>();
    /** The fixes under way, shared out among the replays. Replay thread only. */
    private final InFlightBudget budget;
    /** The vehicle ids of the replays started from files: the ones checkpointed. Replay thread only. */
    private final Set<String> fileReplays = new HashSet<>();

    private ReplayClock.Cancellable checkpointTimer;

    /** Where the files of {@code replay.source} are; read by the readiness check. */
    public enum FilesState {
        /** No {@code replay.source}: nothing to start. */
        NONE,
        /** Their checkpoints are being read; the files start once they are in (or the wait is over). */
        STARTING,
        STARTED,
        /** They could not be started; the log says why. */
        FAILED
    }

    private volatile FilesState filesState = FilesState.NONE;

    public ReplayRegistry(
            ReplayConfig config,
            ReplayClock clock,
            FixSink sink,
            ReplayObserver observer,
            ReplayCheckpoints checkpoints) {
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.observer = observer;
        this.shard = Shard.parse(config.shard());
        this.budget = new InFlightBudget(sink.maxInFlight(), replays::size);
        this.checkpoints = config.checkpointing() ? checkpoints : null;
    }

    /** Where the files of {@code replay.source} are: a replayer is not ready until they play. */
    public FilesState filesState() {
        return filesState;
    }

    void onStart(@Observes StartupEvent event) {
        config.source().filter(s -> !s.isBlank()).ifPresent(source -> startAll(Path.of(source)));
    }

    /** Stops every replay so nothing new is emitted while the sink delivers what is under way. */
    void onStop(@Observes @Priority(SHUTDOWN_PRIORITY) ShutdownEvent event) {
        try {
            onReplayThread(() -> {
                        replays.values().forEach(Replay::stop);
                        if (checkpointTimer != null) {
                            checkpointTimer.cancel();
                        }
                        return null;
                    })
                    .await()
                    .atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("Could not stop the replays cleanly: %s", e.getMessage());
        }
    }

    /** Once the sinks have delivered what was under way: the last checkpoints, so a restart goes on from there. */
    void onStopped(@Observes @Priority(CHECKPOINT_SHUTDOWN_PRIORITY) ShutdownEvent event) {
        if (checkpoints == null) {
            return;
        }
        try {
            Map<String, ReplayCheckpoint> last =
                    onReplayThread(this::currentCheckpoints).await().atMost(Duration.ofSeconds(2));
            checkpoints.flush(last, Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warnf("Replay checkpoints not written at shutdown: %s", e.getMessage());
        }
    }

    /** This replayer's shard of the vehicles. */
    public Shard shard() {
        return shard;
    }

    private void startAll(Path source) {
        List<LoadedTrack> tracks = TrackLoader.load(source, observer::rejected);
        if (config.vehicleId().isPresent() && tracks.size() > 1) {
            throw new IllegalArgumentException("replay.vehicle-id names one vehicle, but " + source + " holds "
                    + tracks.size() + " tracks; leave it unset to use the file names");
        }
        List<Planned> planned = plan(tracks);
        filesState = FilesState.STARTING;
        if (checkpoints == null) {
            startFiles(source, tracks.size(), planned, Map.of()).await().indefinitely();
        } else if (config.fromStart()) {
            List<String> ids = planned.stream().map(Planned::vehicleId).toList();
            checkpoints
                    .forget(ids, config.checkpoint().startupWait())
                    .subscribe()
                    .with(
                            ignored -> LOG.infof(
                                    "Playing the files from the start (replay.from-start): %d checkpoints deleted",
                                    ids.size()),
                            failure -> LOG.warnf(
                                    "Could not delete the checkpoints (replay.from-start): %s", failure.getMessage()));
            startFiles(source, tracks.size(), planned, Map.of()).await().indefinitely();
        } else {
            // a plan over the limits fails the start now, not once the checkpoints are in
            onReplayThread(() -> checkPlanned(planned)).await().indefinitely();
            // Redis may not be up yet: the files start once their checkpoints are read (or the wait is over)
            Duration wait = config.checkpoint().startupWait();
            checkpoints
                    .load(wait)
                    .onFailure()
                    .recoverWithItem(failure -> {
                        LOG.warnf(
                                "Could not read the replay checkpoints within %s (%s): the files play from the "
                                        + "start, as new runs",
                                wait, failure.getMessage());
                        return Map.of();
                    })
                    .subscribe()
                    .with(held -> startFiles(source, tracks.size(), planned, held)
                            .subscribe()
                            .with(ignored -> {}, failure -> {
                                filesState = FilesState.FAILED;
                                LOG.errorf(failure, "Could not start the replays of %s", source);
                            }));
        }
    }

    private Uni<int[]> startFiles(
            Path source, int trackCount, List<Planned> planned, Map<String, ReplayCheckpoint> held) {
        return onReplayThread(() -> startPlanned(planned, held))
                .invoke(started -> filesState = FilesState.STARTED)
                .invoke(started -> LOG.infof(
                        "Replaying %d vehicles from %s (%d tracks x %d copies, shard %s), speed x%s, loop %s%s",
                        started[0],
                        source,
                        trackCount,
                        config.copies(),
                        shard,
                        config.speed(),
                        config.loop(),
                        checkpoints == null ? "" : "; " + started[1] + " went on from their checkpoints"));
    }

    /** Each track as {@code replay.copies} vehicles, staggered, keeping only the vehicles of this shard. */
    private List<Planned> plan(List<LoadedTrack> tracks) {
        int copies = Math.max(1, config.copies());
        int width = String.valueOf(copies - 1).length();
        List<Planned> planned = new ArrayList<>();
        int foreign = 0;
        for (LoadedTrack loaded : tracks) {
            String base = config.vehicleId().orElseGet(() -> TrackLoader.vehicleIdOf(loaded.file()));
            long stagger = config.copyStagger().map(Duration::toNanos).orElse((long)
                    (loaded.track().medianIntervalNanos() / config.speed() / copies));
            for (int k = 0; k < copies; k++) {
                String id = copies == 1 ? base : copyId(base, k, width);
                if (shard.owns(id)) {
                    planned.add(new Planned(id, loaded, k * stagger));
                } else {
                    foreign++;
                }
            }
        }
        if (foreign > 0) {
            LOG.infof("Left %d vehicles to the other shards (this replayer is shard %s)", foreign, shard);
        }
        return planned;
    }

    private static String copyId(String base, int k, int width) {
        String suffix = "-" + "0".repeat(width - String.valueOf(k).length()) + k;
        return base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
    }

    /** Starts the planned file replays, each where its checkpoint says; returns {started, resumed}. */
    private int[] startPlanned(List<Planned> planned, Map<String, ReplayCheckpoint> held) {
        checkPlanned(planned);
        double speed = config.speed();
        int started = 0;
        int resumed = 0;
        for (Planned p : planned) {
            if (replays.containsKey(p.vehicleId())) {
                LOG.errorf(
                        "Not replaying %s as %s: that vehicle already replays",
                        p.loaded().file(), p.vehicleId());
                continue;
            }
            String file = p.loaded().file().toString();
            Replay replay = new Replay(
                    p.vehicleId(),
                    file,
                    p.loaded().track(),
                    p.loaded().rowsRejected(),
                    speed,
                    config.loop(),
                    clock,
                    sink,
                    observer,
                    config.stallThreshold(),
                    budget);
            ReplayCheckpoint checkpoint = held.get(p.vehicleId());
            if (checkpoint != null && !checkpoint.fits(file, p.loaded().track())) {
                LOG.infof(
                        "The checkpoint of %s was written for another track than %s: it starts over",
                        p.vehicleId(), file);
                checkpoint = null;
            }
            if (checkpoint != null) {
                replay.restore(checkpoint);
                resumed++;
            }
            if (checkpoint != null && checkpoint.paused()) {
                replays.put(p.vehicleId(), replay); // as the operator left it: paused there
            } else {
                register(replay, p.delayNanos());
            }
            fileReplays.add(p.vehicleId());
            started++;
        }
        if (checkpoints != null && checkpointTimer == null) {
            scheduleCheckpoint();
        }
        return new int[] {started, resumed};
    }

    /** Refuses a plan over the limits (speed, count, emission budget). */
    private Void checkPlanned(List<Planned> planned) {
        double speed = config.speed();
        checkSpeed(speed);
        checkCount(planned.size());
        double added = 0;
        for (Planned p : planned) {
            added += speed * 1e9 / p.loaded().track().medianIntervalNanos();
        }
        checkBudget(added, 0);
        return null;
    }

    private void scheduleCheckpoint() {
        checkpointTimer = clock.schedule(
                () -> {
                    scheduleCheckpoint(); // first: a failure of this write must not end the writes
                    checkpoints.offer(currentCheckpoints());
                },
                config.checkpoint().interval().toNanos());
    }

    /** The checkpoint of each file replay that has delivered a fix. Replay thread only. */
    private Map<String, ReplayCheckpoint> currentCheckpoints() {
        Map<String, ReplayCheckpoint> current = new HashMap<>(fileReplays.size() * 2);
        fileReplays.forEach(vehicleId -> {
            ReplayCheckpoint checkpoint = replays.get(vehicleId).checkpoint();
            if (checkpoint != null) {
                current.put(vehicleId, checkpoint);
            }
        });
        return current;
    }

    /**
     * Starts replaying a track as a new vehicle.
     *
     * @param speed speed factor, or null for {@code replay.speed}
     * @param loop  whether to loop, or null for {@code replay.loop}
     * @throws WrongShardException         (in the Uni) the vehicle belongs to another shard
     * @throws ReplayConflictException     the vehicle already replays
     * @throws ReplayLimitException        too many replays, or the emission budget would be exceeded
     * @throws InvalidTrackTimeException   the track's times cannot be replayed
     */
    public Uni<ReplayStatus> start(
            String vehicleId, String source, CompactTrack track, int rowsRejected, Double speed, Boolean loop) {
        return onReplayThread(() -> {
            requireShard(vehicleId);
            if (replays.containsKey(vehicleId)) {
                throw new ReplayConflictException("vehicle " + vehicleId + " is already replaying; delete it first");
            }
            double factor = speed != null ? speed : config.speed();
            checkSpeed(factor);
            checkCount(1);
            checkBudget(factor * 1e9 / track.medianIntervalNanos(), 0);
            Replay replay = new Replay(
                    vehicleId,
                    source,
                    track,
                    rowsRejected,
                    factor,
                    loop != null ? loop : config.loop(),
                    clock,
                    sink,
                    observer,
                    config.stallThreshold(),
                    budget);
            register(replay, 0);
            return replay.status();
        });
    }

    /** Starts an uploaded track (see {@link #start}), reporting its rejected rows like a file's. */
    public Uni<ReplayStatus> startUpload(String vehicleId, TrackReadResult read, Double speed, Boolean loop) {
        return Uni.createFrom().deferred(() -> {
            requireShard(vehicleId);
            read.rejections().forEach(observer::rejected);
            CompactTrack track = CompactTrack.of(read.track());
            return start(vehicleId, "upload", track, read.rejections().size(), speed, loop);
        });
    }

    /** Registered only once started: a start that throws leaves nothing behind that holds the id. */
    private void register(Replay replay, long delayNanos) {
        replay.start(delayNanos);
        replays.put(replay.vehicleId(), replay);
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
            ReplayState state = replay.state();
            if (state == ReplayState.FINISHED || state == ReplayState.FAILED) {
                throw new ReplayConflictException(
                        "the replay of " + vehicleId + " is " + state + "; seek to a position to play it again");
            }
            replay.resume();
            return replay.status();
        });
    }

    public Uni<ReplayStatus> setSpeed(String vehicleId, double factor) {
        return apply(vehicleId, replay -> {
            checkSpeed(factor);
            double old = counts(replay) ? replay.nominalRate() : 0;
            checkBudget(replay.nominalRate() / replay.speed() * factor, old);
            replay.setSpeed(factor);
            return replay.status();
        });
    }

    /** Jumps to a fix; {@link InvalidSeekException} outside the track (checked by the replay itself). */
    public Uni<ReplayStatus> seek(String vehicleId, int position) {
        return apply(vehicleId, replay -> {
            if (!counts(replay)) {
                checkBudget(replay.nominalRate(), 0); // a finished replay starts emitting again
            }
            replay.seek(position);
            return replay.status();
        });
    }

    /** Stops a replay for good and forgets it, and its meters (its view in Redis stays). */
    public Uni<ReplayStatus> remove(String vehicleId) {
        return apply(vehicleId, replay -> {
            replay.stop();
            replays.remove(vehicleId);
            fileReplays.remove(vehicleId); // its checkpoint goes with the next write
            observer.removed(vehicleId);
            return replay.status();
        });
    }

    private void requireShard(String vehicleId) {
        if (!shard.owns(vehicleId)) {
            throw new WrongShardException(vehicleId, Shard.of(vehicleId, shard.count()), shard);
        }
    }

    private void checkSpeed(double factor) {
        if (!(factor >= config.minSpeed() && factor <= config.maxSpeed())) {
            throw new InvalidReplayRequestException("speed must be between " + config.minSpeed() + " and "
                    + config.maxSpeed() + " (replay.min-speed, replay.max-speed), got " + factor);
        }
    }

    private void checkCount(int adding) {
        if (replays.size() + adding > config.maxReplays()) {
            throw new ReplayLimitException("this replayer holds " + replays.size() + " replays and may hold at most "
                    + config.maxReplays() + " (replay.max-replays); delete finished ones first");
        }
    }

    /** The emission budget: fixes/s of every replay that plays or may resume, with {@code adding} instead of {@code replacing}. */
    private void checkBudget(double adding, double replacing) {
        double rate = 0;
        for (Replay replay : replays.values()) {
            if (counts(replay)) {
                rate += replay.nominalRate();
            }
        }
        double wanted = rate - replacing + adding;
        if (wanted > config.maxEmissionRate()) {
            throw new ReplayLimitException(String.format(
                    Locale.ROOT,
                    "that would make the replays emit %.0f fixes/s (speed x vehicles / fix interval), above the "
                            + "budget of %.0f fixes/s (replay.max-emission-rate); now %.0f fixes/s",
                    wanted,
                    config.maxEmissionRate(),
                    rate));
        }
    }

    /** Whether a replay counts against the emission budget: it plays, or may resume. */
    private static boolean counts(Replay replay) {
        return replay.state() == ReplayState.PLAYING || replay.state() == ReplayState.PAUSED;
    }

    private Uni<ReplayStatus> apply(String vehicleId, Function<Replay, ReplayStatus> action) {
        return onReplayThread(() -> {
            Replay replay = replays.get(vehicleId);
            if (replay == null) {
                throw new ReplayNotFoundException(vehicleId);
            }
            return action.apply(replay);
        });
    }

    private <T> Uni<T> onReplayThread(Callable<T> task) {
        return Uni.createFrom().completionStage(() -> clock.call(task));
    }

    private record Planned(String vehicleId, LoadedTrack loaded, long delayNanos) {}
}
