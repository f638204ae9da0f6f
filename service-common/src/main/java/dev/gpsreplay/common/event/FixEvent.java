package dev.gpsreplay.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gpsreplay.domain.GpsFix;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One replayed fix of one vehicle: what the replayer emits (to the log, to Redis or, keyed by
 * vehicle id, to Kafka) and what the view stores as a vehicle's current state.
 *
 * <p>Schema version {@value #SCHEMA_VERSION}. Consumers ignore fields they don't know; a change
 * that removes or re-types a field raises the version, and consumers read the previous version too
 * for as long as its events can be on the topic. Version 1 carried the fix in the seed's JSON
 * ({@code timestamp} in epoch seconds, {@code elevation}, {@code accuracy}, {@code bearing});
 * version 2 carries a {@link GpsFix}, the product's one fix model. {@link GpsFix} reads both.
 *
 * <p>Ordering and idempotency: within one {@code run_id}, {@code sequence} grows by one per emitted
 * fix (also across loops and seeks), so a consumer that has applied sequence {@code n} of a run
 * ignores any event of that run with a sequence {@code <= n}.
 */
// GpsFix comes from gps-domain, which knows nothing of Quarkus: registered here, with the event.
@RegisterForReflection(targets = {FixEvent.class, GpsFix.class})
@Schema(name = "FixEvent", description = "One replayed fix of one vehicle (schema version 2).")
public record FixEvent(
        @JsonProperty("schema_version") @Schema(description = "Version of this schema.", example = "2")
        int schemaVersion,

        @JsonProperty("vehicle_id") @Schema(description = "The vehicle the fix belongs to.", example = "bus-17")
        String vehicleId,

        @JsonProperty("run_id")
        @Schema(
                description = "Identifies one replay run of the vehicle; a restarted replay gets a new one.",
                example = "6b0f4a8e-2c61-4a55-9d8e-6a3f0e9b3c11")
        String runId,

        @Schema(description = "Emission counter within the run, from 1.", example = "42")
        long sequence,

        @JsonProperty("track_position")
        @Schema(description = "0-based index of the fix in its track file.", example = "41")
        int trackPosition,

        @JsonProperty("track_size") @Schema(description = "Number of fixes in the track.", example = "1316")
        int trackSize,

        @JsonProperty("emitted_at")
        @Schema(
                description = "When the replayer emitted the fix (UTC, ISO-8601).",
                example = "2026-11-22T10:15:30.123Z")
        Instant emittedAt,

        @Schema(description = "The fix itself.") GpsFix fix) {

    /** The version this build writes. */
    public static final int SCHEMA_VERSION = 2;

    /** The oldest version this build still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
}
