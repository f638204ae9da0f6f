package dev.gpsreplay.domain;

import java.time.Instant;

/**
 * The values of one valid row, before {@link TrackReader} decides the distance and time from the
 * previous accepted fix.
 *
 * @param timeText                   the time cell quoted with its column name, for messages
 * @param recordedDistanceMeters     the row's own distance_meters (seed CSV), or null
 * @param recordedElapsedTimeSeconds the row's own elapsed_time_seconds (seed CSV), or null
 */
record ParsedRow(
        Instant timestamp,
        String timeText,
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
        Double recordedDistanceMeters,
        Double recordedElapsedTimeSeconds) {

    GpsFix toFix(double distanceMeters, double elapsedTimeSeconds) {
        return new GpsFix(
                timestamp,
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
