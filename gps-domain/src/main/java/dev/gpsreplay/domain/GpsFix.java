package dev.gpsreplay.domain;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One recorded GPS fix, in SI units: the one fix model of the product. Track readers make it, the
 * metrics read it, and it is the {@code fix} of the fix event on Kafka, the member of a vehicle's
 * history in Redis and the fix of the resource API, in the JSON this class names (a unit in every
 * name that has one, ISO-8601 time). Only the seed system's endpoints and keys speak the seed's JSON.
 * Optional measurements are {@code null} when the track did not record them.
 *
 * <p>Reading also accepts the seed's names ({@code timestamp} as epoch seconds, {@code elevation},
 * {@code accuracy}, {@code bearing}): fix events of schema version 1, and history written by them.
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
@Schema(name = "Fix", description = "A GPS fix.")
public record GpsFix(
        @JsonProperty("time")
        @JsonAlias("timestamp")
        @Schema(description = "When the fix was taken (UTC, ISO-8601).", example = "2019-12-24T20:21:27.999Z")
        Instant timestamp,

        @Schema(description = "WGS84 latitude, degrees.", example = "-27.71784157")
        double latitude,

        @Schema(description = "WGS84 longitude, degrees.", example = "-51.09886587")
        double longitude,

        @JsonProperty("elevation_meters")
        @JsonAlias("elevation")
        @Schema(description = "Elevation, metres; null when not recorded.", example = "984.28")
        Double elevation,

        @JsonProperty("accuracy_meters")
        @JsonAlias("accuracy")
        @Schema(description = "Horizontal accuracy radius, metres; null when not recorded.", example = "4.0")
        Double accuracy,

        @JsonProperty("bearing_degrees")
        @JsonAlias("bearing")
        @Schema(
                description = "Course over ground, degrees clockwise from true north; null when not recorded.",
                example = "125.86")
        Double bearing,

        @JsonProperty("speed_meters_per_second")
        @Schema(description = "Ground speed, metres per second; null when not recorded.", example = "10.4")
        Double speed,

        @Schema(description = "Satellites used for the fix; null when not recorded.", example = "14")
        Integer satellites,

        @Schema(
                description = "Horizontal dilution of precision (dimensionless); null when not recorded.",
                example = "0.8")
        Double hdop,

        @Schema(
                description = "Vertical dilution of precision (dimensionless); null when not recorded.",
                example = "1.6")
        Double vdop,

        @Schema(
                description = "Position dilution of precision (dimensionless); null when not recorded.",
                example = "1.8")
        Double pdop,

        @JsonProperty("distance_meters")
        @Schema(description = "Metres travelled since the previous fix.", example = "10.2")
        double distanceMeters,

        @JsonProperty("elapsed_time_seconds") @Schema(description = "Seconds since the previous fix.", example = "1.0")
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
}
