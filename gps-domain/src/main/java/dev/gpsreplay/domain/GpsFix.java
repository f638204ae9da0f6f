package dev.gpsreplay.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded GPS fix, in SI units. Optional measurements are {@code null} when the track did not
 * record them.
 *
 * @param timestamp          when the fix was taken (UTC)
 * @param latitude           WGS84 latitude, degrees, within ±90
 * @param longitude          WGS84 longitude, degrees, within ±180
 * @param elevation          height, metres, or null
 * @param accuracy           horizontal accuracy radius, metres, or null
 * @param bearing            course over ground, degrees clockwise from true north, or null
 * @param speed              ground speed, metres per second, or null
 * @param satellites         satellites used for the fix, or null
 * @param hdop               horizontal dilution of precision, or null
 * @param vdop               vertical dilution of precision, or null
 * @param pdop               position dilution of precision, or null
 * @param distanceMeters     metres travelled since the previous fix of the track (0 for the first)
 * @param elapsedTimeSeconds seconds since the previous fix of the track (0 for the first)
 */
public record GpsFix(
        Instant timestamp,
        double latitude,
        double longitude,
        Double elevation,
        Double accuracy,
        Double bearing,
        Double speed,
        Integer satellites,
        Double hdop,
        Double vdop,
        Double pdop,
        double distanceMeters,
        double elapsedTimeSeconds) {

    public GpsFix {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * The timestamp as Unix epoch seconds with a fraction, as the seed system wrote it.
     *
     * @return seconds since 1970-01-01T00:00:00Z (a double: about microsecond resolution today)
     */
    public double epochSeconds() {
        return timestamp.getEpochSecond() + timestamp.getNano() / 1e9;
    }

    /**
     * The same fix taken at another instant (used to shift a looped track forward in time).
     *
     * @param newTimestamp the instant of the copy
     * @return a copy with every other component unchanged
     */
    public GpsFix withTimestamp(Instant newTimestamp) {
        return new GpsFix(
                newTimestamp,
                latitude,
                longitude,
                elevation,
                accuracy,
                bearing,
                speed,
                satellites,
                hdop,
                vdop,
                pdop,
                distanceMeters,
                elapsedTimeSeconds);
    }
}
