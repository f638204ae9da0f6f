package dev.gpsreplay.domain;

import java.util.List;

/**
 * The columns {@link TrackReader} understands, each with the header names it accepts (lower case),
 * preferred name first. Columns not listed here (provider, battery, annotation, GPSLogger's running
 * {@code distance}, ...) are ignored.
 */
enum TrackColumn {

    /** Epoch seconds with a fraction (seed CSV) or an ISO-8601 instant (GPSLogger's {@code time}). */
    TIME("timestamp", "time", "datetime", "date_time", "utc_time"),
    /** Epoch milliseconds (GPSLogger's {@code timestamp_ms}); used only when no {@link #TIME} column exists. */
    TIME_MILLIS("timestamp_ms", "time_ms", "epoch_ms"),
    LATITUDE("latitude", "lat"),
    LONGITUDE("longitude", "lon", "lng", "long"),
    ELEVATION("elevation", "ele", "altitude", "alt"),
    ACCURACY("accuracy", "acc", "horizontal_accuracy"),
    BEARING("bearing", "course", "heading"),
    SPEED("speed_meters_per_second", "speed", "speed_mps"),
    SATELLITES("satellites", "sats", "sat"),
    HDOP("hdop"),
    VDOP("vdop"),
    PDOP("pdop"),
    /**
     * Metres from the previous row (seed CSV only). GPSLogger's {@code distance} is deliberately not
     * an alias: it is the running total of the session.
     */
    DISTANCE_FROM_PREVIOUS("distance_meters"),
    /** Seconds since the previous row (seed CSV only). */
    ELAPSED_SINCE_PREVIOUS("elapsed_time_seconds");

    private final List<String> names;

    TrackColumn(String... names) {
        this.names = List.of(names);
    }

    /** Accepted header names, lower case, preferred first. */
    List<String> names() {
        return names;
    }
}
