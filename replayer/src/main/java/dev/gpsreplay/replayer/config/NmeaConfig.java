package dev.gpsreplay.replayer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The {@code nmea} sink ({@code replay.sink=nmea}, alone or beside others): NMEA 0183 over TCP, as
 * gpsd's gpsfake serves it. Each key is also an environment variable ({@code REPLAY_NMEA_PORT}).
 */
@ConfigMapping(prefix = "replay.nmea")
public interface NmeaConfig {

    /** The TCP port clients (gpsd, OpenCPN, navigation apps) connect to; 10110 is NMEA-over-TCP's registered port. 0: any free port. */
    @WithDefault("10110")
    int port();

    /** The address the port listens on. */
    @WithDefault("0.0.0.0")
    String host();

    /** The vehicle a client gets when it does not send {@code VEHICLE <id>} first. Default: the first vehicle replayed. */
    Optional<String> vehicle();

    /** The most clients connected at once; more are refused (closed at once). */
    @WithDefault("32")
    int maxClients();

    /** Bytes queued for one client before it counts as slow and is disconnected (a slow client never slows the replay). */
    @WithDefault("65536")
    int writeQueueBytes();
}
