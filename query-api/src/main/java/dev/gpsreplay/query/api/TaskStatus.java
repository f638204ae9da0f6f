package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An average-speed task as stored in Redis and answered by {@code GET /tasks/{task_id}}. The seed
 * endpoint answers its {@link SeedTaskStatus} shape instead.
 */
@RegisterForReflection
@Schema(name = "TaskStatus", description = "An average-speed task.")
public record TaskStatus(
        @JsonProperty("task_id") @Schema(description = "The task.", example = "0f8fad5b-d9cb-469f-a165-70867728950e")
        String taskId,

        @JsonProperty("vehicle_id") @Schema(description = "The vehicle.", example = "bus-17")
        String vehicleId,

        @JsonProperty("window_seconds") @Schema(description = "Length of the window, seconds.", example = "2.5")
        double windowSeconds,

        @Schema(description = "REQUESTED, RUNNING, DONE or FAILED.", example = "DONE")
        State status,

        @Schema(description = "The average speed, once DONE; null before.", nullable = true)
        AverageSpeed result,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Why the task FAILED; absent otherwise.")
        String error) {

    /** The life of a task. */
    public enum State {
        REQUESTED,
        RUNNING,
        DONE,
        FAILED;

        /** DONE and FAILED are final. */
        public boolean isFinal() {
            return this == DONE || this == FAILED;
        }
    }

    public static TaskStatus requested(String taskId, String vehicleId, double windowSeconds) {
        return new TaskStatus(taskId, vehicleId, windowSeconds, State.REQUESTED, null, null);
    }

    public TaskStatus with(State state) {
        return new TaskStatus(taskId, vehicleId, windowSeconds, state, result, error);
    }

    public TaskStatus done(AverageSpeed value) {
        return new TaskStatus(taskId, vehicleId, windowSeconds, State.DONE, value, null);
    }

    public TaskStatus failed(String reason) {
        return new TaskStatus(taskId, vehicleId, windowSeconds, State.FAILED, null, reason);
    }
}
