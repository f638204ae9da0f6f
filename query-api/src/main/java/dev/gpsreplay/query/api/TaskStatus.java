package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An average-speed task as stored in Redis and returned by the status endpoint. */
@RegisterForReflection
@Schema(name = "TaskStatus", description = "An average-speed task.")
public record TaskStatus(
        @JsonProperty("task_id") @Schema(description = "The task.", example = "0f8fad5b-d9cb-469f-a165-70867728950e")
        String taskId,
        @Schema(description = "REQUESTED, RUNNING, DONE or FAILED.", example = "DONE") State status,
        @Schema(description = "The average speed, once DONE; null before.") AverageSpeed result,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Why the task FAILED; absent otherwise.")
        String error) {

    /** The life of a task. */
    public enum State {
        REQUESTED, RUNNING, DONE, FAILED
    }

    public TaskStatus with(State state) {
        return new TaskStatus(taskId, state, result, error);
    }

    public TaskStatus done(AverageSpeed value) {
        return new TaskStatus(taskId, State.DONE, value, null);
    }

    public TaskStatus failed(String reason) {
        return new TaskStatus(taskId, State.FAILED, null, reason);
    }
}
