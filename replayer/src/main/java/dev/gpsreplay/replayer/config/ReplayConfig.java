package dev.gpsreplay.replayer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The replayer's settings. Each key is also an environment variable: {@code replay.sink} is {@code REPLAY_SINK}. */
@ConfigMapping(prefix = "replay")
public interface ReplayConfig {

    /**
     * A track file, or a folder whose track files (.csv) are each replayed as one vehicle. Empty: start
     * with no replay and wait for uploads on {@code POST /replays}.
     */
    Optional<String> source();

    /** Replay speed factor: 1 is the recorded pace, 10 is ten times faster. */
    @WithDefault("1")
    double speed();

    /** Start again from the first fix after the last one, shifting time forward so it keeps growing. */
    @WithDefault("false")
    boolean loop();

    /**
     * Where fixes go, one sink or several separated by commas (e.g. {@code kafka,nmea}): {@code log} (a
     * JSON line per fix on stdout), {@code redis} (the view), {@code kafka} or {@code nmea} (NMEA 0183
     * over TCP, see {@code NmeaConfig}). With several, a fix is delivered when every sink has it.
     */
    @WithDefault("log")
    List<SinkType> sink();

    /** Vehicle id for a single-file source. Default: the file name without its extension. */
    Optional<String> vehicleId();

    /**
     * A replay whose sink held it back longer than this (a dependency was down) is re-anchored when it
     * goes on: it continues where it was instead of bursting out the fixes it missed.
     */
    @WithDefault("1s")
    Duration stallThreshold();

    /**
     * Timer slack: each wake-up of the replay scheduler is put off to the next multiple of this on the
     * monotonic clock, so the fixes due within one slot leave in one wake-up (of the scheduler thread,
     * and of the sink's sender) instead of one each. It adds at most this much to a fix's lateness.
     * {@code 0}: every fix wakes the scheduler at its own time. At 10,000 fixes/s, 1 ms took about a
     * quarter off the replayer's CPU per fix, on average over noisy runs (README, Performance).
     */
    @WithDefault("1ms")
    Duration timerSlack();

    /**
     * How many vehicles each source track is replayed as. Above 1, the copies of track {@code name}
     * are {@code name-0000} to {@code name-9999} (as many digits as the largest index needs); they
     * share one in-memory track, so 10,000 copies cost little more than one.
     */
    @WithDefault("1")
    int copies();

    /**
     * Delay between the starts of two consecutive copies of a track. Default: one median fix interval
     * of the track (at the replay speed) spread evenly over the copies, so 10,000 copies of a 1 Hz track
     * emit 10,000 fixes/s smoothly instead of in one burst each second.
     */
    Optional<Duration> copyStagger();

    /**
     * This replayer's shard, {@code i/n}: it replays (and accepts uploads of) only the vehicles whose id
     * hashes to shard {@code i} of {@code n} (CRC-32 of the id's UTF-8 bytes, modulo {@code n}), so
     * {@code n} replayers with the same source share its vehicles. {@code 0/1}: every vehicle.
     */
    @WithDefault("0/1")
    String shard();

    /** Most replays this replayer holds at once (every state counts until deleted); more is refused (429). */
    @WithDefault("20000")
    int maxReplays();

    /**
     * Emission budget, in fixes per second: the sum over all replays not finished of speed / median
     * fix interval. A start or speed change that would exceed it is refused (429), so a caller cannot
     * ask for more than the replayer and its sink can carry.
     */
    @WithDefault("50000")
    double maxEmissionRate();

    /** Smallest speed factor accepted. */
    @WithDefault("0.001")
    double minSpeed();

    /** Largest speed factor accepted. */
    @WithDefault("1000000")
    double maxSpeed();

    /**
     * Tag fix and failure counters with the vehicle id ({@code gps_replay_fixes_emitted_total{vehicle}}).
     * Off by default: one series per vehicle is unbounded cardinality at thousands of vehicles; the
     * counters are then totals. Series of a deleted replay are removed either way.
     */
    @WithName("metrics.per-vehicle")
    @WithDefault("false")
    boolean metricsPerVehicle();

    /**
     * Play every file from its first fix as a new run, ignoring (and deleting) the checkpoints of its
     * vehicles. Default: a restarted replayer goes on where each file replay had been delivered up to.
     */
    @WithDefault("false")
    boolean fromStart();

    /** Checkpoints of file replays in Redis (see {@code ReplayCheckpoints}). */
    Checkpoint checkpoint();

    interface Checkpoint {

        /**
         * Keep checkpoints, so a restarted replayer goes on where it was. Default: on when a sink is
         * {@code redis} or {@code kafka} (the sinks that keep what they deliver; Redis is then at hand);
         * off for {@code log} and {@code nmea} alone.
         */
        Optional<Boolean> enabled();

        /** How often changed checkpoints are written (and at shutdown, once more). */
        @WithDefault("1s")
        Duration interval();

        /**
         * How long a starting replayer waits for Redis to read the checkpoints before it plays its
         * files from the start instead (with a warning).
         */
        @WithDefault("30s")
        Duration startupWait();
    }

    /** Whether checkpoints are kept: {@code replay.checkpoint.enabled}, or its default from the sinks. */
    default boolean checkpointing() {
        return checkpoint()
                .enabled()
                .orElseGet(() -> sink().contains(SinkType.REDIS) || sink().contains(SinkType.KAFKA));
    }

    /** The sinks fixes can go to. */
    enum SinkType {
        LOG,
        REDIS,
        KAFKA,
        NMEA
    }
}
