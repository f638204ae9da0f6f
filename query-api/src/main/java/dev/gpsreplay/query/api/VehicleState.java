package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A vehicle and its latest fix. */
@RegisterForReflection
@Schema(name = "VehicleState", description = "A vehicle and its latest fix.")
public record VehicleState(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @JsonProperty("updated_at")
        @Schema(
                description = "When the replayer emitted the fix (UTC, ISO-8601).",
                example = "2026-11-22T10:15:30.123Z")
        Instant updatedAt,

        @Schema(description = "Emission counter within the replay run.", example = "42")
        long sequence,

        @JsonProperty("track_position") @Schema(description = "0-based index of the fix in its track.", example = "41")
        int trackPosition,

        @JsonProperty("track_size") @Schema(description = "Number of fixes in the track.", example = "1316")
        int trackSize,

        @Schema(description = "The latest fix.") GpsFix fix) {

    public static VehicleState of(FixEvent event) {
        return new VehicleState(
                event.vehicleId(),
                event.emittedAt(),
                event.sequence(),
                event.trackPosition(),
                event.trackSize(),
                event.fix());
    }
}
