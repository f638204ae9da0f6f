package dev.gpsreplay.domain;

import java.time.Instant;

/**
 * Metrics over a run of consecutive fixes (a time window of a track). How each value is computed is
 * documented on {@link TrackMetrics#over(java.util.List)}.
 *
 * @param from                        timestamp of the first fix in the window, null when empty
 * @param to                          timestamp of the last fix in the window, null when empty
 * @param fixes                       number of fixes in the window
 * @param averageSpeedMetersPerSecond mean ground speed, m/s, null when the window is empty
 * @param maxSpeedMetersPerSecond     highest ground speed, m/s, null when the window is empty
 * @param distanceMeters              geodesic distance along the fixes, metres
 * @param movingTimeSeconds           time spent moving, seconds
 */
public record TrackStats(
        Instant from,
        Instant to,
        int fixes,
        Double averageSpeedMetersPerSecond,
        Double maxSpeedMetersPerSecond,
        double distanceMeters,
        double movingTimeSeconds) {}
