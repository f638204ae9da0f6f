package dev.gpsreplay.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A fix in the seed system's JSON model: the field names its clients already read. Used by the
 * seed-compatible endpoints, as the {@code fix} of a {@link FixEvent} and as the history members in
 * Redis.
 *
 * <p>The timestamp is a {@link BigDecimal} with millisecond scale so that it prints exactly as the
 * seed did ({@code 1577218887.999}), never in exponent notation.
 */
@RegisterForReflection
@Schema(name = "SeedFix", description = "A GPS fix with the seed system's field names.")
public record SeedFix(
        @Schema(
                description = "When the fix was taken: Unix epoch seconds (UTC) with milliseconds.",
                example = "1577218887.999")
        BigDecimal timestamp,

        @Schema(description = "WGS84 latitude, degrees.", example = "-27.71784157287977")
        double latitude,

        @Schema(description = "WGS84 longitude, degrees.", example = "-51.0988658712078")
        double longitude,

        @Schema(description = "Elevation, metres. Null when not recorded.", example = "984.28")
        Double elevation,

        @Schema(description = "Horizontal accuracy radius, metres. Null when not recorded.", example = "4.0")
        Double accuracy,

        @Schema(description = "Course over ground, degrees clockwise from true north.", example = "125.86")
        Double bearing,

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
        @Schema(description = "Metres travelled since the previous fix of the track.", example = "10.2")
        double distanceMeters,

        @JsonProperty("elapsed_time_seconds")
        @Schema(description = "Seconds since the previous fix of the track.", example = "1.0")
        double elapsedTimeSeconds) {

    /** The seed JSON form of a domain fix. */
    public static SeedFix of(GpsFix fix) {
        return new SeedFix(
                BigDecimal.valueOf(fix.timestamp().toEpochMilli(), 3),
                fix.latitude(),
                fix.longitude(),
                fix.elevation(),
                fix.accuracy(),
                fix.bearing(),
                fix.speed(),
                fix.satellites(),
                fix.hdop(),
                fix.vdop(),
                fix.pdop(),
                fix.distanceMeters(),
                fix.elapsedTimeSeconds());
    }

    /** Milliseconds since the Unix epoch: the score of this fix in a vehicle's history. */
    public long epochMillis() {
        return timestamp.movePointRight(3).longValue();
    }

    public Instant instant() {
        return Instant.ofEpochMilli(epochMillis());
    }

    /** Back to the domain type, for metrics. */
    public GpsFix toGpsFix() {
        return new GpsFix(
                instant(),
                latitude,
                longitude,
                elevation,
                accuracy,
                bearing,
                speedMetersPerSecond,
                satellites,
                hdop,
                vdop,
                pdop,
                distanceMeters,
                elapsedTimeSeconds);
    }
}
