package dev.gpsreplay.replayer.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A snapshot of one replay, as the control API shows it. */
@RegisterForReflection
@Schema(name = "ReplayStatus", description = "One vehicle's replay.")
public record ReplayStatus(
        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @Schema(description = "The track file, or 'upload'.", example = "data/bus-17.csv")
        String source,

        @Schema(description = "PLAYING, PAUSED, FINISHED or FAILED.", example = "PLAYING")
        ReplayState state,

        @Schema(description = "0-based index of the next fix to emit (equal to total when finished).", example = "41")
        int position,

        @Schema(description = "Number of fixes in the track.", example = "1316")
        int total,

        @Schema(description = "Speed factor: 1 is the recorded pace.", example = "1.0")
        double speed,

        @Schema(description = "Whether the track starts over after its last fix.", example = "false")
        boolean loop,

        @JsonProperty("loop_iteration")
        @Schema(description = "How many times the track has started over.", example = "0")
        int loopIteration,

        @JsonProperty("fixes_emitted") @Schema(description = "Fixes delivered to the sink.", example = "41")
        long fixesEmitted,

        @JsonProperty("rows_rejected")
        @Schema(description = "Rows of the track file that were skipped as invalid.", example = "0")
        int rowsRejected,

        @JsonProperty("send_failures") @Schema(description = "Fixes the sink gave up on.", example = "0")
        long sendFailures,

        @JsonProperty("run_id") @Schema(description = "Identifies this run in the emitted events.")
        String runId,

        @JsonProperty("failure_reason")
        @Schema(
                description = "Why the replay FAILED (the error it stopped on); " + "null otherwise.",
                example = "IllegalStateException: ...")
        String failureReason) {}
