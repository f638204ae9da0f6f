package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The resource API's average speed over the window of track time that followed the request (the
 * seed endpoints answer only its {@code average_speed_meters_per_second}, as a bare number).
 */
@RegisterForReflection
@Schema(name = "AverageSpeed", description = "Average speed over the window of track time that followed the request.")
public record AverageSpeed(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @JsonProperty("window_seconds")
        @Schema(description = "Length of the window, seconds (millisecond precision).", example = "2.5")
        double windowSeconds,

        @JsonProperty("from_timestamp")
        @Schema(
                description = "Window start (exclusive): the current fix's time at the request, Unix epoch seconds.",
                example = "1577218887.999")
        BigDecimal fromTimestamp,

        @JsonProperty("to_timestamp")
        @Schema(description = "Window end (inclusive), Unix epoch seconds.", example = "1577218890.499")
        BigDecimal toTimestamp,

        @Schema(description = "Fixes in the window.", example = "2")
        int fixes,

        @JsonProperty("average_speed_meters_per_second")
        @Schema(
                description = "Mean of the window's fixes' ground speeds, m/s. When the window holds no fix, the "
                        + "speed of the fix in force throughout it (the one current at the request); null only when that "
                        + "fix has no speed either.",
                example = "12.3")
        Double averageSpeedMetersPerSecond) {}
