package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.task.TaskStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An average-speed task in full: status, window, result or error. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {

    private static final Pattern TASK_ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final TaskStore store;

    public TaskResource(TaskStore store) {
        this.store = store;
    }

    @GET
    @Path("/{task_id}")
    @Operation(
            summary = "An average-speed task",
            description = "status is REQUESTED, RUNNING, DONE (result set) or FAILED (error set). Ended tasks expire "
                    + "after query.task-ttl; the seed's /get_avg_speed_task_status answers the same task in its shape.")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content = @Content(schema = @Schema(implementation = TaskStatus.class)))
    @APIResponse(responseCode = "400", description = "Malformed task id")
    @APIResponse(responseCode = "404", description = "Unknown or expired task")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<TaskStatus> task(
            @PathParam("task_id") @Parameter(example = "0f8fad5b-d9cb-469f-a165-70867728950e") String taskId) {
        return find(store, "task_id", taskId);
    }

    /** The task the parameter names: a 400 when it is no task id, a 404 when there is no such task (any more). */
    static Uni<TaskStatus> find(TaskStore store, String name, String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw ProblemException.badRequest(name + " must be a task id (a UUID), got '"
                    + WindowParameter.abbreviated(String.valueOf(taskId)) + "'");
        }
        return store.find(taskId)
                .map(found -> found.orElseThrow(
                        () -> ProblemException.notFound("no task " + taskId + " (unknown, or expired)")));
    }
}
