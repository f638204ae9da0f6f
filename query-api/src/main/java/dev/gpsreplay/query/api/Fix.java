package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.common.event.SeedFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A fix in the resource API: ISO-8601 time and a unit in every name that has one. */
@RegisterForReflection
@Schema(name = "Fix", description = "A GPS fix.")
public record Fix(
        @Schema(description = "When the fix was taken (UTC, ISO-8601).", example = "2019-12-24T20:21:27.999Z")
        Instant time,

        @Schema(description = "WGS84 latitude, degrees.", example = "-27.71784157")
        double latitude,

        @Schema(description = "WGS84 longitude, degrees.", example = "-51.09886587")
        double longitude,

        @JsonProperty("elevation_meters")
        @Schema(description = "Elevation, metres; null when not recorded.", example = "984.28")
        Double elevationMeters,

        @JsonProperty("accuracy_meters") @Schema(description = "Horizontal accuracy radius, metres.", example = "4.0")
        Double accuracyMeters,

        @JsonProperty("bearing_degrees")
        @Schema(description = "Course over ground, degrees clockwise from true north.", example = "125.86")
        Double bearingDegrees,

        @JsonProperty("speed_meters_per_second")
        @Schema(description = "Ground speed, metres per second.", example = "10.4")
        Double speedMetersPerSecond,

        @Schema(description = "Satellites used for the fix.", example = "14")
        Integer satellites,

        @Schema(description = "Horizontal dilution of precision (dimensionless).", example = "0.8")
        Double hdop,

        @Schema(description = "Vertical dilution of precision (dimensionless).", example = "1.6")
        Double vdop,

        @Schema(description = "Position dilution of precision (dimensionless).", example = "1.8")
        Double pdop,

        @JsonProperty("distance_meters")
        @Schema(description = "Metres travelled since the previous fix.", example = "10.2")
        double distanceMeters,

        @JsonProperty("elapsed_time_seconds") @Schema(description = "Seconds since the previous fix.", example = "1.0")
        double elapsedTimeSeconds) {

    public static Fix of(SeedFix fix) {
        return new Fix(
                fix.instant(),
                fix.latitude(),
                fix.longitude(),
                fix.elevation(),
                fix.accuracy(),
                fix.bearing(),
                fix.speedMetersPerSecond(),
                fix.satellites(),
                fix.hdop(),
                fix.vdop(),
                fix.pdop(),
                fix.distanceMeters(),
                fix.elapsedTimeSeconds());
    }
}
