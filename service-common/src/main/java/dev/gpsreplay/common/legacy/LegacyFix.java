package dev.gpsreplay.common.legacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A fix in the legacy seed system's JSON: the field names and epoch-second timestamps its clients
 * already read. Made from a {@link GpsFix} at the seed's edges only: the {@code gps_state} key and
 * {@code gps_state_topic} channel, and {@code GET /gps_state}. Inside the product, on Kafka and in
 * Redis history, a fix is a {@link GpsFix}.
 *
 * <p>The timestamp is a {@link BigDecimal} with millisecond scale so that it prints exactly as the
 * seed did ({@code 1577218887.999}), never in exponent notation.
 */
@RegisterForReflection
@Schema(
        name = "LegacyFix",
        description =
                "A GPS fix in the legacy seed system's JSON (GET /gps_state); the examples are the first fix of the"
                        + " seed's recorded drive, as the seed printed it.")
public record LegacyFix(
        @Schema(
                description = "When the fix was taken: Unix epoch seconds (UTC) with milliseconds.",
                example = "1577218887.999")
        BigDecimal timestamp,

        @Schema(description = "WGS84 latitude, degrees.", example = "-27.71784157287977")
        double latitude,

        @Schema(description = "WGS84 longitude, degrees.", example = "-51.0988658712078")
        double longitude,

        @Schema(description = "Elevation, metres. Null when not recorded.", example = "984.2761120124112")
        Double elevation,

        @Schema(description = "Horizontal accuracy radius, metres. Null when not recorded.", example = "4.0")
        Double accuracy,

        @Schema(description = "Course over ground, degrees clockwise from true north.", example = "125.85696")
        Double bearing,

        @JsonProperty("speed_meters_per_second")
        @Schema(description = "Ground speed, metres per second.", example = "0.008167012")
        Double speedMetersPerSecond,

        @Schema(description = "Satellites used for the fix. Null when not recorded.", example = "14")
        Integer satellites,

        @Schema(description = "Horizontal dilution of precision. Null when not recorded.", example = "0.8")
        Double hdop,

        @Schema(description = "Vertical dilution of precision. Null when not recorded.", example = "1.6")
        Double vdop,

        @Schema(description = "Position dilution of precision. Null when not recorded.", example = "1.8")
        Double pdop,

        @JsonProperty("distance_meters")
        @Schema(description = "Metres travelled since the previous fix of the track.", example = "0.0135115947340779")
        double distanceMeters,

        @JsonProperty("elapsed_time_seconds")
        @Schema(description = "Seconds since the previous fix of the track.", example = "2.0")
        double elapsedTimeSeconds) {

    /** The seed's JSON form of a fix. */
    public static LegacyFix of(GpsFix fix) {
        return new LegacyFix(
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
}
