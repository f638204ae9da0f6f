package dev.gpsreplay.query.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The seed's task status shape, answered by {@code GET /get_avg_speed_task_status}: exactly a status
 * and a bare number. (The seed sent it as a JSON-encoded string; this sends the object itself.) The
 * richer task is {@link TaskStatus}, at {@code GET /tasks/{task_id}}.
 *
 * @param status REQUESTED, RUNNING, DONE or FAILED
 * @param result the average speed in m/s once DONE; null before, and when FAILED
 */
@RegisterForReflection
@Schema(name = "SeedTaskStatus", description = "An average-speed task in the seed's shape.")
public record SeedTaskStatus(
        @Schema(description = "REQUESTED, RUNNING, DONE or FAILED.", example = "DONE")
        String status,

        @Schema(
                description = "The average speed, m/s, once DONE; null before and when FAILED.",
                example = "12.34",
                nullable = true)
        Double result) {

    public static SeedTaskStatus of(TaskStatus task) {
        Double value = task.result() == null ? null : task.result().averageSpeedMetersPerSecond();
        return new SeedTaskStatus(task.status().name(), value);
    }
}
