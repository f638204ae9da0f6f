package dev.gpsreplay.replayer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** The sinks fixes can go to. */
    enum SinkType {
        LOG, REDIS, KAFKA, NMEA
    }
}
