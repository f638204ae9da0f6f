package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.api.TaskStatus;
import dev.gpsreplay.query.config.QueryConfig;
import dev.gpsreplay.query.service.VehicleLookup;
import dev.gpsreplay.query.task.AverageSpeedTasks;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** Starts an average-speed task for a vehicle; its progress is at {@code GET /tasks/{task_id}}. */
@Path("/vehicles/{vehicle_id}/average-speed-tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Average-speed computations answered later")
public class AverageSpeedTaskResource {

    private final VehicleLookup vehicles;
    private final AverageSpeedTasks tasks;
    private final QueryConfig config;

    public AverageSpeedTaskResource(VehicleLookup vehicles, AverageSpeedTasks tasks, QueryConfig config) {
        this.vehicles = vehicles;
        this.tasks = tasks;
        this.config = config;
    }

    @POST
    @Operation(
            summary = "Start computing the average speed over the next N seconds",
            description = "Answers at once with the task, REQUESTED, and its address in Location. It becomes "
                    + "RUNNING, then DONE with the result (as GET /vehicles/{vehicle_id}/average-speed would answer) "
                    + "or FAILED with an error. The seed's /request_to_compute_avg_speed does the same and answers the "
                    + "id alone.")
    @APIResponse(
            responseCode = "202",
            description = "The task, REQUESTED",
            headers = @Header(name = "Location", description = "/tasks/{task_id}"),
            content = @Content(schema = @Schema(implementation = TaskStatus.class)))
    @APIResponse(responseCode = "400", description = "window_seconds missing, not a number or out of range")
    @APIResponse(responseCode = "404", description = "Unknown vehicle")
    @APIResponse(responseCode = "429", description = "Too many tasks run already (query.max-running-tasks)")
    @APIResponse(responseCode = "503", description = "Redis is unavailable")
    public Uni<RestResponse<TaskStatus>> start(
            @PathParam("vehicle_id") @Parameter(example = "bus-17") String vehicleId,
            @QueryParam("window_seconds") @Parameter(description = AverageSpeedResource.WINDOW_DOC, example = "2.5")
                    String window) {
        var current = vehicles.require(vehicleId);
        long millis = WindowParameter.millis("window_seconds", window, config.maxWindowSeconds());
        return tasks.request(current, millis)
                .map(task -> RestResponse.ResponseBuilder.<TaskStatus>accepted(task)
                        .location(URI.create("/tasks/" + task.taskId()))
                        .build());
    }
}
