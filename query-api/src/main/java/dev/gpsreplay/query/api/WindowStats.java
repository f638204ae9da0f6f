package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.domain.TrackStats;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Metrics over a window of a vehicle's track; see {@code TrackMetrics} for how each is computed. */
@RegisterForReflection
@Schema(name = "WindowStats", description = "Metrics over the last N seconds of a vehicle's track time.")
public record WindowStats(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @Schema(
                description = "Start of the window (UTC, ISO-8601): the current fix's time minus the window.",
                example = "2019-12-24T20:20:27.999Z")
        Instant from,

        @Schema(
                description = "End of the window (UTC, ISO-8601): the current fix's time.",
                example = "2019-12-24T20:21:27.999Z")
        Instant to,

        @Schema(description = "Fixes in the window.", example = "60")
        int fixes,

        @JsonProperty("average_speed_meters_per_second")
        @Schema(
                description = "Mean of the fixes' ground speeds, m/s; null when the window holds no fix.",
                example = "10.4")
        Double averageSpeedMetersPerSecond,

        @JsonProperty("max_speed_meters_per_second")
        @Schema(description = "Highest ground speed in the window, m/s; null when empty.", example = "26.9")
        Double maxSpeedMetersPerSecond,

        @JsonProperty("distance_meters")
        @Schema(description = "Geodesic (WGS84) distance along the window's fixes, metres.", example = "612.5")
        double distanceMeters,

        @JsonProperty("moving_time_seconds")
        @Schema(description = "Time spent at 0.5 m/s or more, seconds.", example = "58.0")
        double movingTimeSeconds) {

    public static WindowStats of(String vehicleId, Instant from, Instant to, TrackStats stats) {
        return new WindowStats(
                vehicleId,
                from,
                to,
                stats.fixes(),
                stats.averageSpeedMetersPerSecond(),
                stats.maxSpeedMetersPerSecond(),
                stats.distanceMeters(),
                stats.movingTimeSeconds());
    }
}
