package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The seed endpoints' average speed over a window of track time that started at the request. */
@RegisterForReflection
@Schema(name = "AverageSpeed", description = "Average speed over the window of track time that followed the request.")
public record AverageSpeed(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17") String vehicleId,
        @JsonProperty("time_window_seconds") @Schema(description = "Length of the window, seconds.", example = "10")
        long timeWindowSeconds,
        @JsonProperty("from_timestamp")
        @Schema(description = "Window start (exclusive): the current fix's time at the request, Unix epoch seconds.",
                example = "1577218887.999") BigDecimal fromTimestamp,
        @JsonProperty("to_timestamp") @Schema(description = "Window end (inclusive), Unix epoch seconds.",
                example = "1577218897.999") BigDecimal toTimestamp,
        @Schema(description = "Fixes in the window.", example = "10") int fixes,
        @JsonProperty("average_speed_meters_per_second")
        @Schema(description = "Mean of the fixes' ground speeds, m/s; null when the window holds no fix.",
                example = "12.3") Double averageSpeedMetersPerSecond) {
}
