package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Fixes of a vehicle's history, in time order. */
@RegisterForReflection
@Schema(name = "TrackPage", description = "Fixes of a vehicle's history, in time order.")
public record TrackPage(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @Schema(description = "How many fixes this page holds.", example = "2")
        int count,

        @Schema(description = "The fixes, earliest first.") List<GpsFix> fixes) {}
